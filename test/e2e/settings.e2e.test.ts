/**
 * Detector thresholds end to end in headless Chromium against the built workbench: the settings
 * screen lists the documented thresholds, refuses an out-of-range value as it is typed, guards
 * unsaved changes on leaving, saves, and after a reload shows the saved value; the demo case is then
 * analysed again with it (raising high-rtt's limits above the demo's RTT removes those findings), and
 * its findings name the participants after their files ("alice", "bob").
 */
import { describe, expect, it } from 'vitest'
import { CaseListPage } from './pages/case-list-page'
import { SettingsPage } from './pages/settings-page'
import { api, sharedWorkbenchPage } from './support/workbench'

describe('detector thresholds in Chromium', () => {
  const shared = sharedWorkbenchPage()

  it('changes a threshold, saves it, sees it after a reload, and the demo case is re-analysed with it', async () => {
    const { wb, page } = shared
    const list = new CaseListPage(page)
    await list.open(wb.url)
    await list.openCase(/demo/i)
    const rttRows = page.locator('[data-testid="finding-row"][data-detector="high-rtt"]')
    await expect.poll(() => rttRows.count(), { timeout: 30_000 }).toBeGreaterThan(0)
    expect(await page.locator('[data-testid="finding-row"][data-detector="direction"] [data-testid="finding-who"]').innerText()).toMatch(/^alice · /)

    const settings = new SettingsPage(page)
    await settings.open()
    await settings.filter('high-rtt')
    await expect.poll(() => page.getByTestId('detector-card').count()).toBe(1)
    expect(await settings.row('high-rtt.warnMs').getByTestId('threshold-default').innerText()).toBe('300')

    // out of range: said at the field, and Save stays off
    await settings.input('high-rtt.warnMs').fill('20000')
    expect(await settings.row('high-rtt.warnMs').getByTestId('threshold-problem').innerText()).toContain('10000')
    expect(await page.getByTestId('settings-save').isDisabled()).toBe(true)

    await settings.input('high-rtt.warnMs').fill('1000')
    await settings.input('high-rtt.riseMs').fill('1000')
    await page.getByTestId('settings-dirty').waitFor()

    // leaving with unsaved changes asks first; declining stays
    page.once('dialog', (d) => void d.dismiss())
    await page.getByTestId('app-name').click()
    expect(page.url()).toMatch(/#\/settings$/)

    await page.getByTestId('settings-save').click()
    await page.getByTestId('settings-saved').waitFor()
    expect((await api<{ overrides: unknown }>(wb, 'detectors.describe')).overrides).toEqual({ 'high-rtt': { warnMs: 1000, riseMs: 1000 } })

    await page.reload()
    await settings.waitForLoaded()
    expect(await settings.input('high-rtt.warnMs').inputValue()).toBe('1000')
    expect(await settings.input('high-rtt.riseMs').inputValue()).toBe('1000')
    expect(await page.getByTestId('settings-dirty').count()).toBe(0)

    // the demo case is analysed again with the saved thresholds when opened
    await list.open(wb.url)
    await list.openCase(/demo/i)
    await expect.poll(() => page.getByTestId('finding-row').count(), { timeout: 30_000 }).toBeGreaterThan(3)
    expect(await rttRows.count()).toBe(0)
  })
})
