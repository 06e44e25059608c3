/**
 * Annotating from the timeline in headless Chromium (in Shanghai time, so the offset shows): a drag
 * over a per-stream chart selects a range, "Annotate this range" opens the form prefilled with it
 * (local time with +08:00, and that chart's stream); a root cause, a finding of the range and a log
 * row found in the range are saved as evidence; the annotation is shaded on the timeline, its
 * evidence links jump the timeline and the log viewer, and a click on its shaded range in the events
 * lane opens it; the work page's "Show on the timeline" opens the timeline on it. "Zoom to range" is
 * covered by timeline.e2e.test.ts.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { parseLocal } from '../../src-renderer/lib/local-time'
import { CaseListPage } from './pages/case-list-page'
import { LogViewerPage } from './pages/log-viewer-page'
import { TimelinePage } from './pages/timeline-page'
import { api, sharedWorkbenchPage } from './support/workbench'

interface Layout { timeStart: number; timeEnd: number; events: { id: number; t: number }[] }
interface Finding { id: string; start: number; end: number; title: { en: string } }
/** The RGBA of a chart's canvas at a fraction of its plot's width, 2 px below the plot's top. */
async function plotPixel(page: Page, panel: string, fraction: number): Promise<number[]> {
  return page.locator(`[data-testid="chart-panel"][data-panel="${panel}"]`).evaluate((el, f) => {
    const over = el.querySelector('.u-over')!.getBoundingClientRect()
    const canvas = el.querySelector('canvas')!
    const box = canvas.getBoundingClientRect()
    const k = canvas.width / box.width
    const x = Math.round((over.left + over.width * f - box.left) * k)
    const y = Math.round((over.top + 2 - box.top) * k)
    return [...canvas.getContext('2d')!.getImageData(x, y, 1, 1).data]
  }, fraction)
}

interface Evidence { kind: string; findingId?: string; eventId?: number; lineId?: number; t?: number }

describe('annotating a drag selection on the timeline', () => {
  const shared = sharedWorkbenchPage({ page: { timezoneId: 'Asia/Shanghai' } })

  it('selects, annotates with a root cause and evidence, shades the range, follows evidence links and reopens it from the lane', async () => {
    const { wb, page } = shared
    const timeline = new TimelinePage(page)
    const logs = new LogViewerPage(page)
    const list = new CaseListPage(page)
    await list.open(wb.url)
    await list.openCase(/demo/i)
    await page.waitForURL(/#\/cases\//)
    const caseId = page.url().split('#/cases/')[1]!.split('?')[0]!
    await timeline.waitForDrawn()
    await logs.waitForRows()

    // The case's span as the charts show it (series widened to events), and its longest finding.
    const layout = await api<Layout>(wb, 'timeline.get', { caseId })
    const full = {
      start: Math.min(layout.timeStart, ...layout.events.map((e) => e.t)),
      end: Math.max(layout.timeEnd, ...layout.events.map((e) => e.t)),
    }
    const span = full.end - full.start
    const { findings } = await api<{ findings: Finding[] }>(wb, 'findings.list', { caseId })
    const f = [...findings].sort((a, b) => (b.end - b.start) - (a.end - a.start))[0]!
    const frac = (t: number) => Math.min(0.98, Math.max(0.02, (t - full.start) / span))

    // One panel per stream: a drag over the first one selects on that stream.
    await page.getByTestId('split-toggle').check()
    const kind = (await timeline.panels.first().getAttribute('data-panel'))!
    expect(kind).toMatch(/^bitrate:\d+$/)
    const streamId = kind.split(':')[1]!
    await timeline.dragSelect(kind, frac(f.start), frac(f.end))
    const bar = timeline.selectionBar
    expect(await bar.getAttribute('data-stream')).toBe(streamId)
    const selStart = Number(await bar.getAttribute('data-start'))
    const selEnd = Number(await bar.getAttribute('data-end'))
    // Within a few pixels of the finding's range (the plot is about 800 px wide).
    expect(Math.abs(selStart - f.start)).toBeLessThan(span / 100)
    expect(Math.abs(selEnd - f.end)).toBeLessThan(span / 100)
    expect(await page.getByTestId('selection-range').innerText()).toMatch(/\+08:00$/)
    // A drag no longer zooms by itself.
    expect(await timeline.viewRange()).toBeNull()

    // "Annotate this range": the form below the charts, prefilled in local time with the offset.
    const rangesBefore = await timeline.rangeCount()
    await page.getByTestId('selection-annotate').click()
    await expect.poll(() => bar.count()).toBe(0)
    const fold = page.getByTestId('timeline-annotations')
    const form = fold.getByTestId('annotation-form')
    await form.waitFor()
    const startText = await form.getByTestId('annotation-start').inputValue()
    expect(startText).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \+08:00$/)
    expect(parseLocal(startText)).toBe(selStart)
    expect(parseLocal(await form.getByTestId('annotation-end').inputValue())).toBe(selEnd)
    expect(await form.getByTestId('annotation-stream').inputValue()).toBe(streamId)

    await form.getByTestId('category-picker').selectOption('network.uplink-congestion')
    await form.getByTestId('annotation-confidence').fill('80')
    await form.getByTestId('annotation-note').fill('The caller **uplink** saturated.')
    // The finding of the range is offered first, marked as in range.
    const findingRow = form.locator(`[data-testid="evidence-finding-row"][data-finding-id="${f.id}"]`)
    expect(await findingRow.innerText()).toContain('in range')
    await findingRow.getByTestId('evidence-finding').check()
    // A log row found by searching the range (the demo's rows are the dumps' typed events).
    await form.getByTestId('evidence-log-search-go').click()
    const result = form.getByTestId('evidence-log-result').first()
    await result.waitFor()
    const rowId = Number(await result.getAttribute('data-row-id'))
    await result.getByTestId('evidence-log-add').click()
    expect(await form.getByTestId('evidence-log-item').count()).toBe(1)
    const mid = frac((selStart + selEnd) / 2)
    const unshaded = await plotPixel(page, kind, mid)
    await form.getByTestId('annotation-save').click()
    await form.waitFor({ state: 'detached' })

    // Listed, and shaded on the timeline (a range layer of its own).
    const item = fold.getByTestId('annotation')
    await expect.poll(() => item.count()).toBe(1)
    expect(await item.getByTestId('annotation-category').innerText()).toBe('Uplink congestion')
    expect(await item.getByTestId('annotation-range').innerText()).toMatch(/\+08:00$/)
    await expect.poll(() => timeline.rangeCount()).toBe(rangesBefore + 1)
    // Painted on the chart: amber over what was there (the finding's band).
    await expect.poll(() => plotPixel(page, kind, mid)).not.toEqual(unshaded)
    const shaded = await plotPixel(page, kind, mid)
    expect(shaded[0]! - shaded[2]!).toBeGreaterThan(unshaded[0]! - unshaded[2]!)

    const stored = await api<{ id: string; streamId: number; start: number; end: number; evidence: Evidence[] }[]>(wb, 'annotations.list', { caseId })
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ streamId: Number(streamId), start: selStart, end: selEnd })
    const rowRef = rowId > 0 ? { kind: 'log', lineId: rowId } : { kind: 'event', eventId: -rowId }
    expect(stored[0]!.evidence).toEqual([
      expect.objectContaining({ kind: 'finding', findingId: f.id }),
      expect.objectContaining({ ...rowRef, t: expect.any(Number) }),
    ])

    // Evidence links: the finding zooms the timeline to it; the log row is focused in the log viewer.
    await item.locator(`[data-testid="evidence-link"][data-key="finding:${f.id}"]`).click()
    await expect.poll(() => timeline.viewRange()).not.toBeNull()
    const zoomed = (await timeline.viewRange())!
    expect(zoomed.from).toBeLessThanOrEqual(f.start)
    expect(zoomed.to).toBeGreaterThanOrEqual(f.end)
    await item.locator(`[data-testid="evidence-link"][data-key="${rowRef.kind}:${rowId > 0 ? rowId : -rowId}"]`).click()
    await expect.poll(() => logs.focused.getAttribute('data-id')).toBe(String(rowId))
    expect(await logs.isFocusedInView()).toBe(true)

    // Folded away, then reopened by a click on its shaded range in the events lane (away from markers).
    await timeline.resetZoom()
    await expect.poll(() => timeline.viewRange()).toBeNull()
    await fold.locator(':scope > summary').click()
    expect(await fold.getAttribute('open')).toBeNull()
    const laneBox = (await page.getByTestId('event-lane').locator('.u-over').boundingBox())!
    const pxPerMs = laneBox.width / span
    let best = { t: (selStart + selEnd) / 2, gap: -1 }
    for (let t = selStart + 1000; t < selEnd - 1000; t += 250) {
      const gap = Math.min(...layout.events.map((e) => Math.abs(e.t - t) * pxPerMs))
      if (gap > best.gap) best = { t, gap }
    }
    expect(best.gap).toBeGreaterThan(8)
    await timeline.clickLane((best.t - full.start) / span)
    await expect.poll(() => fold.getAttribute('open')).not.toBeNull()
    expect(await item.getAttribute('data-active')).toBe('true')

    // On the work page, "Show on the timeline" opens the timeline on the annotation's range.
    await page.getByTestId('case-work-link').click()
    const workItem = page.getByTestId('case-work').getByTestId('annotation')
    await workItem.getByTestId('annotation-show').click()
    await page.waitForURL(/#\/cases\/[^/]+\?/)
    await timeline.waitForDrawn()
    const shown = (await timeline.viewRange())!
    expect(shown.from).toBeLessThan(selStart)
    expect(shown.to).toBeGreaterThan(selEnd)
    expect(shown.to - shown.from).toBeLessThan(span)
  })
})
