/**
 * End to end in headless Debian Chromium: the built workbench served on loopback, driven through
 * its UI only. Opens the demo case and sees the chart drawn; imports a generated webrtc-internals
 * dump through the file input and sees its chart; imports a non-dump and sees an error naming the
 * file with nothing written; switches the language.
 */
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import { CaseListPage } from './pages/case-list-page'
import { CasePage } from './pages/case-page'
import { ROOT, type RunningWorkbench, api, launchChromium, startWorkbench } from './support/workbench'

const FIXTURES = join(ROOT, 'test/fixtures/generated')

describe('workbench in Chromium', () => {
  let wb: RunningWorkbench
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    wb = await startWorkbench()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await wb?.stop()
  })
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
  })
  afterEach(async () => {
    await page.close()
  })

  it('opens with the demo case and draws its timeline', async () => {
    const list = new CaseListPage(page)
    await list.open(wb.url)
    await expect.poll(() => list.rows.count()).toBe(1)
    await list.openCase(/demo/i)
    const casePage = new CasePage(page)
    await casePage.waitForChartDrawn()
    expect(await casePage.paintedPixels()).toBeGreaterThan(500)
    expect((await casePage.streamOptions()).length).toBeGreaterThanOrEqual(4)
    // The detectors' findings are listed, worst first, the congested uplink among them.
    const rows = page.getByTestId('finding-row')
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(3)
    expect(await rows.first().getAttribute('data-severity')).toBe('error')
    expect(await page.locator('[data-testid="finding-row"][data-detector="direction"]').count()).toBe(1)
  })

  it('imports a dump through the UI into a new case and draws its chart', async () => {
    const before = await api<unknown[]>(wb, 'cases.list')
    const list = new CaseListPage(page)
    await list.open(wb.url)
    await list.importFile(join(FIXTURES, 'standard-small.json'))
    const casePage = new CasePage(page)
    await casePage.waitForChartDrawn()
    expect(page.url()).toMatch(/#\/cases\//)
    expect(await casePage.paintedPixels()).toBeGreaterThan(500)
    const after = await api<{ title: string }[]>(wb, 'cases.list')
    expect(after.length).toBe(before.length + 1)
    expect(after.map((c) => c.title)).toContain('standard-small.json')
  })

  it('refuses a file that is not a dump with a message naming it, and writes nothing', async () => {
    const before = await api<unknown[]>(wb, 'cases.list')
    const list = new CaseListPage(page)
    await list.open(wb.url)
    await list.importFile(join(FIXTURES, 'not-a-dump.txt'))
    expect(await list.errorText()).toContain('not-a-dump.txt')
    const after = await api<unknown[]>(wb, 'cases.list')
    expect(after.length).toBe(before.length)
  })

  it('switches the UI between English and Simplified Chinese', async () => {
    const list = new CaseListPage(page)
    await list.open(wb.url)
    await list.switchLanguage('en')
    await expect.poll(() => page.locator('header').innerText()).toContain('RTC Workbench')
    await list.switchLanguage('zh-CN')
    await expect.poll(() => page.locator('header').innerText()).toContain('工作台')
  })
})
