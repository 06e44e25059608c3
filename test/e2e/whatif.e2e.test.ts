/**
 * What-if analysis in headless Chromium against the built workbench (issue 6): from the demo
 * case's page to its what-if page, add a preset and see it in the comparison table with deltas
 * against the baseline, edit and save a scenario with the case (it survives a reload), and render
 * the sweep heatmap for other axes.
 */
import { describe, expect, it } from 'vitest'
import { CaseListPage } from './pages/case-list-page'
import { WhatIfPage } from './pages/whatif-page'
import { api, sharedWorkbenchPage } from './support/workbench'

describe('what-if analysis in Chromium', () => {
  const shared = sharedWorkbenchPage()

  it('opens the demo case\'s what-if page, applies a preset, compares, saves a scenario and sweeps', async () => {
    const { wb, page } = shared
    const list = new CaseListPage(page)
    await list.open(wb.url)
    await list.openCase(/demo/i)
    await page.getByTestId('case-whatif-link').click()
    await page.waitForURL(/#\/cases\/[^/]+\/whatif/)
    const caseId = page.url().match(/#\/cases\/([^/]+)\/whatif/)![1]!
    const whatif = new WhatIfPage(page)
    await whatif.waitForReplay()

    // Bob receiving Alice's audio over her congested uplink: the cross-border preset (RED d=2 + FEC) helps.
    await whatif.selectStream(/bob · audio in/)
    await whatif.togglePreset('cross-border')
    const deltas = await whatif.deltas('cross-border')
    expect(deltas).toHaveLength(5)
    expect(deltas[0]!.text).toMatch(/^\+0\.\d\d$/)
    expect(deltas[0]!.verdict).toBe('better')
    expect(deltas[4]!.verdict).toBe('worse')
    await expect.poll(() => page.getByTestId('whatif-quality-chart').locator('.u-legend .u-series').count()).toBe(3)

    // A scenario of our own: RED distance 2, saved with the case.
    await page.getByTestId('whatif-scenario-name').fill('RED 2')
    await page.getByTestId('whatif-field-audio-redDistance').fill('2')
    await page.getByTestId('whatif-field-audio-redDistance').press('Tab')
    await expect.poll(() => whatif.rows.count(), { timeout: 10_000 }).toBe(2)
    await page.getByTestId('whatif-save').click()
    await page.getByTestId('whatif-saved-item').filter({ hasText: 'RED 2' }).waitFor()
    const saved = await api<{ label: string; audio: unknown }[]>(wb, 'whatif.listScenarios', { caseId })
    expect(saved).toEqual([expect.objectContaining({ label: 'RED 2', audio: { recovery: { red: { distance: 2 } } } })])
    await page.reload()
    await whatif.waitForReplay()
    await page.getByTestId('whatif-saved-item').filter({ hasText: 'RED 2' }).waitFor()

    // The heatmap: loss × jitter buffer by default, then loss × RTT of the mouth-to-ear delay.
    await expect.poll(() => whatif.cells.count()).toBe(9 * 8)
    await whatif.setSweepAxis('y', 'rttMs')
    await whatif.setSweepAxis('metric', 'mouthToEarMs')
    await expect.poll(() => whatif.cells.count()).toBe(9 * 8)
    const values = await whatif.cells.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))))
    // Row 0 is RTT 20 ms, the last row RTT 600 ms: more RTT, more delay.
    expect(values[values.length - 1]!).toBeGreaterThan(values[0]! + 200)
    await whatif.cells.first().hover()
    await expect.poll(() => page.getByTestId('whatif-hover').innerText()).toMatch(/RTT \(ms\) 20/)
  })
})
