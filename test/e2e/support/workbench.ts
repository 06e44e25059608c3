/**
 * Boots the built workbench (`out/main/server.js`, browser mode, parsing in real worker threads) on
 * a random loopback port with a fresh data directory, and headless Debian Chromium through
 * playwright-core. No browser download: the system Chromium is required (scripts/test-all.sh
 * installs it).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { type Browser, type BrowserContextOptions, type Page, chromium } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'

export const ROOT = resolve(import.meta.dirname, '../../..')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic', '--no-first-run',
]

export interface RunningWorkbench { url: string; port: number; token: string; dataDir: string; stop(): Promise<void> }

export async function startWorkbench(opts: { seedDemo?: boolean } = {}): Promise<RunningWorkbench> {
  const server = join(ROOT, 'out/main/server.js')
  if (!existsSync(server)) throw new Error('out/main/server.js is missing: run `npm run build` first')
  const dataDir = mkdtempSync(join(tmpdir(), 'rtcwb-e2e-'))
  const args = [server, '--port', '0', '--data-dir', dataDir, '--json', ...(opts.seedDemo === false ? ['--no-demo'] : [])]
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  const first = await new Promise<string>((ok, fail) => {
    const rl = createInterface({ input: child.stdout! })
    rl.once('line', ok)
    child.once('exit', (code) => fail(new Error(`server exited with ${code} before listening`)))
  })
  const info = JSON.parse(first) as { url: string; port: number; token: string }
  return {
    ...info, dataDir,
    async stop() {
      const exited = new Promise((ok) => child.once('exit', ok))
      child.kill('SIGTERM')
      await exited
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/test-all.sh does)`)
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS })
}

/** Calls the workbench API directly (to check the store behind the UI). */
export async function api<T>(wb: RunningWorkbench, method: string, input: unknown = {}): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${wb.port}/api/${method}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-workbench-token': wb.token }, body: JSON.stringify(input),
  })
  const reply = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } }
  if (!reply.ok) throw new Error(reply.error?.message ?? 'call failed')
  return reply.value as T
}

/**
 * For a describe block whose tests share one page: starts the workbench and Chromium before its
 * tests and stops both after. Read `wb` and `page` inside the tests (they are set by then).
 */
export function sharedWorkbenchPage(opts: { seedDemo?: boolean; page?: BrowserContextOptions } = {}): { readonly wb: RunningWorkbench; readonly page: Page } {
  let wb: RunningWorkbench | undefined
  let browser: Browser | undefined
  let page: Page | undefined
  beforeAll(async () => {
    wb = await startWorkbench(opts.seedDemo === undefined ? {} : { seedDemo: opts.seedDemo })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, ...opts.page })
  })
  afterAll(async () => {
    await browser?.close()
    await wb?.stop()
  })
  return {
    get wb() { return wb! },
    get page() { return page! },
  }
}
