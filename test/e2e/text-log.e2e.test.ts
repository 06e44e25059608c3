/**
 * Crosslinking with real log lines: a generated Agora SDK 4.x log, timed over the demo call, is
 * imported into the demo case through the UI; a click on a chart then scrolls the log viewer to the
 * first line at that moment. Should the workbench ever refuse the file (a build without the
 * text-log formats), the test is skipped with the refusal as its message; the demo case's typed
 * events keep crosslinking covered either way (timeline.e2e.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agora4x } from '../fixtures/generate/text-log'
import { CaseListPage } from './pages/case-list-page'
import { LogViewerPage } from './pages/log-viewer-page'
import { TimelinePage } from './pages/timeline-page'
import { type RunningWorkbench, api, launchChromium, startWorkbench } from './support/workbench'

describe('SDK log lines on the demo timeline', () => {
  let wb: RunningWorkbench
  let browser: Browser
  let page: Page
  let dir: string

  beforeAll(async () => {
    wb = await startWorkbench()
    browser = await launchChromium()
    dir = mkdtempSync(join(tmpdir(), 'rtcwb-e2e-log-'))
  })
  afterAll(async () => {
    await browser?.close()
    await wb?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('imports an SDK log into the demo case and jumps to its lines from a chart click', async (ctx) => {
    const [demo] = await api<{ id: string }[]>(wb, 'cases.list')
    const layout = await api<{ timeStart: number; timeEnd: number }>(wb, 'timeline.get', { caseId: demo!.id })
    const lines: string[] = []
    for (let t = layout.timeStart, k = 0; t < layout.timeEnd; t += 500, k++) {
      lines.push(agora4x(t, 1001, k % 50 === 0 ? 'W' : 'I', `[CONN-0][CM]: heartbeat ${k} rtt ${40 + (k % 7)}`))
    }
    const file = join(dir, 'agorasdk.log')
    writeFileSync(file, `${lines.join('\n')}\n`)

    page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    const list = new CaseListPage(page)
    await list.open(wb.url)
    await list.openCase(/demo/i)
    const timeline = new TimelinePage(page)
    await timeline.waitForDrawn()
    await page.getByTestId('import-input').setInputFiles(file)
    const outcome = await Promise.race([
      page.getByTestId('error-banner').waitFor({ timeout: 60_000 }).then(() => 'refused' as const),
      (async () => {
        await expect.poll(async () => (await api<{ entries: { lines: number }[] }>(wb, 'logs.facets', { caseId: demo!.id })).entries.some((e) => e.lines > 0), { timeout: 60_000 }).toBe(true)
        return 'imported' as const
      })(),
    ])
    if (outcome === 'refused') {
      ctx.skip(`the text-log parser is not registered for imports yet: ${await page.getByTestId('error-banner').innerText()}`)
      return
    }
    const logs = new LogViewerPage(page)
    await timeline.waitForDrawn()
    // The import is stored; the viewer learns it from case.updated and reloads. Click once it has.
    await expect.poll(() => logs.total(), { timeout: 15_000 }).toBeGreaterThanOrEqual(lines.length)
    await logs.waitForRows()
    await timeline.clickAt('loss', 0.5)
    const t = await logs.focusedTime()
    expect(t).toBeGreaterThan(layout.timeStart)
    await expect.poll(() => logs.isFocusedInView(), { timeout: 2_000 }).toBe(true)
    expect(await logs.focused.locator('.src').innerText()).toBe('agorasdk.log')
  })
})
