/**
 * The quality timeline and its log viewer in headless Chromium, through the page objects: the demo
 * case opens on synchronized panels with uplink and downlink side by side; zoom by drag, keys and
 * the range slider is kept in the address (and survives a reload); a click on a point scrolls the
 * log viewer to that moment; selected rows are marked on the charts; filters (words, levels,
 * regex) narrow the rows; the language switch reaches the new panels; a clock offset typed in
 * moves that source's rows. The demo has no text log, so its rows are the dumps' typed events.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CaseListPage } from './pages/case-list-page'
import { LogViewerPage } from './pages/log-viewer-page'
import { TimelinePage } from './pages/timeline-page'
import { type RunningWorkbench, api, launchChromium, startWorkbench } from './support/workbench'

interface Facets { entries: { entryId: number; path: string }[] }

describe('quality timeline and log viewer in Chromium', () => {
  let wb: RunningWorkbench
  let browser: Browser
  let page: Page
  let timeline: TimelinePage
  let logs: LogViewerPage
  let caseId = ''

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
    timeline = new TimelinePage(page)
    logs = new LogViewerPage(page)
    if (!caseId) {
      const list = new CaseListPage(page)
      await list.open(wb.url)
      await list.openCase(/demo/i)
      await page.waitForURL(/#\/cases\//)
      caseId = page.url().split('#/cases/')[1]!.split('?')[0]!
    } else {
      // A new tab: the address carries the per-launch token, as the server printed it.
      await page.goto(`${wb.url}#/cases/${caseId}`)
    }
    await timeline.waitForDrawn()
  })
  afterEach(async () => {
    await page.close()
  })

  it('opens the demo case on synchronized panels, RTP first, with uplink and downlink of one stream side by side', async () => {
    const kinds = await timeline.panelKinds()
    expect(kinds.slice(0, 4)).toEqual(['bitrate', 'loss', 'rtt', 'jitter'])
    const loss = await timeline.lineLabels('loss')
    expect(loss).toHaveLength(2)
    expect(loss[0]).toMatch(/alice.*video send/)
    expect(loss[1]).toMatch(/bob.*video recv/)
    expect(await timeline.eventCount()).toBe(52)
    await logs.waitForRows()
    expect(await logs.count()).toContain('52')
  })

  it('zooms by dragging, keeps the range in the address across a reload, zooms by keys and slider, and resets', async () => {
    await timeline.dragZoom('bitrate', 0.3, 0.6)
    await expect.poll(() => timeline.viewRange()).not.toBeNull()
    const zoomed = (await timeline.viewRange())!
    await page.reload()
    await timeline.waitForDrawn()
    expect(await timeline.viewRange()).toEqual(zoomed)
    await timeline.pressKey('+')
    await expect.poll(async () => { const r = await timeline.viewRange(); return r ? r.to - r.from : 0 }).toBeLessThan((zoomed.to - zoomed.from) * 0.75)
    const before = (await timeline.viewRange())!
    await timeline.dragSlider(-60)
    await expect.poll(async () => (await timeline.viewRange())?.from).toBeLessThan(before.from)
    await timeline.resetZoom()
    await expect.poll(() => timeline.viewRange()).toBeNull()
  })

  it('scrolls the log viewer to the moment of a clicked chart point', async () => {
    await logs.waitForRows()
    await timeline.dragZoom('bitrate', 0.55, 0.9)
    await expect.poll(() => timeline.viewRange()).not.toBeNull()
    await timeline.waitForDrawn()
    const range = (await timeline.viewRange())!
    await timeline.clickAt('loss', 0.5)
    const t = await logs.focusedTime()
    const picked = range.from + (range.to - range.from) * 0.5
    // The first row at or after the picked point (samples are 1 s apart; the next event may be later).
    expect(t).toBeGreaterThanOrEqual(picked - 2000)
    expect(await logs.isFocusedInView()).toBe(true)
    const times = await logs.times()
    const i = times.indexOf(t)
    if (i > 0) expect(times[i - 1]!).toBeLessThan(picked + 2000)
  })

  it('marks selected log rows on the charts', async () => {
    await logs.waitForRows()
    expect(await timeline.markCount()).toBe(0)
    await logs.selectRow(3)
    await expect.poll(() => timeline.markCount()).toBe(1)
    await logs.rows.nth(6).click({ modifiers: ['Shift'] })
    await expect.poll(() => timeline.markCount()).toBe(4)
    await expect(page.getByTestId('log-detail').count()).resolves.toBe(0)
  })

  it('filters the rows by words, by level and by regular expression, and names a bad expression', async () => {
    await logs.waitForRows()
    await logs.search('disconnected')
    await expect.poll(() => logs.count()).toMatch(/^[1-9] /)
    expect((await logs.messages()).every((m) => /disconnected/i.test(m))).toBe(true)
    await logs.search('')
    await expect.poll(() => logs.count()).toContain('52')
    await logs.toggleLevel('info')
    await expect.poll(() => logs.count()).not.toContain('52')
    const levels = await logs.rows.locator('.lvl').allInnerTexts()
    expect(levels.every((l) => !l.includes('info'))).toBe(true)
    await logs.toggleLevel('info')
    await logs.regex('^ice\\.state (checking|connected)$')
    await expect.poll(async () => {
      const ms = await logs.messages()
      return ms.length > 0 && ms.every((m) => /^ice\.state (checking|connected)$/.test(m))
    }).toBe(true)
    await logs.regex('(')
    await logs.error.waitFor()
    expect(await logs.error.innerText()).toMatch(/regular expression/)
  })

  it('switches the new panels and the log viewer between English and Simplified Chinese', async () => {
    await page.getByTestId('lang-switch').selectOption('zh-CN')
    await expect.poll(() => logs.heading.innerText()).toBe('日志与事件')
    expect(await timeline.panel('loss').locator('.panel-title').innerText()).toBe('丢包率（%）')
    await page.getByTestId('lang-switch').selectOption('en')
    await expect.poll(() => logs.heading.innerText()).toBe('Logs and events')
  })

  it('shifts a source in time when its clock offset is typed in, and the log rows follow', async () => {
    const facets = await api<Facets>(wb, 'logs.facets', { caseId })
    const bob = facets.entries.find((e) => e.path.startsWith('bob'))!
    const firstBob = async () => (await api<{ rows: { t: number }[] }>(wb, 'logs.query', { caseId, filters: { entryIds: [bob.entryId] }, limit: 1 })).rows[0]!.t
    const before = await firstBob()
    await page.getByTestId('clock-panel').locator('summary').click()
    const input = page.locator(`[data-testid="clock-row"][data-entry="${bob.entryId}"] [data-testid="clock-input"]`)
    await input.fill('1500')
    await input.press('Enter')
    await expect.poll(firstBob).toBe(before + 1500)
    await expect.poll(() => input.inputValue()).toBe('1500')
    await timeline.waitForDrawn()
    await input.fill('0')
    await input.press('Enter')
    await expect.poll(firstBob).toBe(before)
  })
})
