/**
 * Prints an HTML document to PDF. In the desktop app Electron's `printToPDF` does it (electron/pdf.ts,
 * passed to createApp); in browser mode and the CLI, headless Chromium through playwright-core
 * (`/usr/bin/chromium`, or CHROMIUM_PATH). Without a Chromium the error says so and what to set.
 */
import { existsSync } from 'node:fs'
import { DomainError } from '../contract/errors'

export type PdfPrinter = (html: string) => Promise<Buffer>

interface PlaywrightLike {
  chromium: { launch(o: { executablePath: string; headless: boolean; args: string[] }): Promise<{
    newPage(): Promise<{ setContent(html: string, o: { waitUntil: 'load' }): Promise<void>; pdf(o: Record<string, unknown>): Promise<Buffer> }>
    close(): Promise<void>
  }> }
}

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH ?? '/usr/bin/chromium'
}

/** A printer driving a headless system Chromium (never a downloaded browser). */
export function chromiumPrinter(executablePath = chromiumPath()): PdfPrinter {
  return async (html) => {
    if (!existsSync(executablePath)) {
      throw new DomainError('NOT_FOUND', `PDF export needs Chromium: ${executablePath} does not exist (install Debian's chromium, or set CHROMIUM_PATH)`)
    }
    // Loaded at run time, not bundled: playwright-core is a tool of this machine, not of the app.
    const spec = 'playwright-core'
    const pw = (await import(/* @vite-ignore */ spec)) as PlaywrightLike
    const browser = await pw.chromium.launch({
      executablePath, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
    try {
      const page = await browser.newPage()
      await page.setContent(html, { waitUntil: 'load' })
      return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } })
    } finally {
      await browser.close()
    }
  }
}
