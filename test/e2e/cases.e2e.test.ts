/**
 * Case work end to end in headless Chromium against the built workbench: create a case, import a
 * bundle into it, move it through the workflow, annotate a range with a root cause (Markdown note
 * rendered safely), find the note again by full-text search, and export the HTML report and read it:
 * self-contained, script-free, redacted, with the charts, the finding and the annotation.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET_IP, writeCaseBundle } from '../support/case-bundle'
import { CaseListPage } from './pages/case-list-page'
import { CasePage } from './pages/case-page'
import { CaseWorkPage } from './pages/case-work-page'
import { SearchPage } from './pages/search-page'
import { type RunningWorkbench, api, launchChromium, startWorkbench } from './support/workbench'

describe('case work in Chromium', () => {
  let wb: RunningWorkbench
  let browser: Browser
  let page: Page
  let dir: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rtcwb-e2e-cases-'))
    wb = await startWorkbench({ seedDemo: false })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true })
  })
  afterAll(async () => {
    await page?.close()
    await browser?.close()
    await wb?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates a case, imports a bundle, annotates a root cause, finds it by search and exports the HTML report', async () => {
    const list = new CaseListPage(page)
    await list.open(wb.url)
    await page.getByTestId('new-case').locator('summary').click()
    await page.getByTestId('new-case-title').fill(`Choppy uplink from ${SECRET_IP}`)
    await page.getByTestId('new-case-priority').selectOption('P1')
    await page.getByTestId('new-case-create').click()
    const work = new CaseWorkPage(page)
    await work.waitForLoaded()
    await expect.poll(() => page.getByTestId('sla-firstResponse').getAttribute('data-state')).toBe('running')
    const caseId = page.url().match(/#\/cases\/([^/]+)\/work/)![1]!

    // Import a bundle into this case (a zipped folder would do too; a folder is uploaded file by file, so one dump).
    const bundle = writeCaseBundle(dir)
    await work.importBundle(join(bundle, 'alice-webrtc-internals.txt'))
    const timeline = new CasePage(page)
    await timeline.waitForChartDrawn()
    await page.getByTestId('case-work-link').click()
    await work.waitForLoaded()

    // Start work: the first response is recorded, the workflow offers the next steps only.
    await work.setStatus('investigating')
    await expect.poll(() => page.getByTestId('sla-firstResponse').getAttribute('data-state')).toBe('met')
    expect(await page.getByTestId('edit-status').locator('option').allInnerTexts()).toEqual(['Investigating', 'Escalated', 'Resolved'])

    // Annotate a range with a root cause, a finding as evidence and a Markdown note.
    await work.annotate({
      start: '2025-09-16T14:04:11Z', end: '2025-09-16T14:05:21Z', category: 'network.uplink-congestion', confidence: 80, withFirstFinding: true,
      note: 'The **caller uplink** saturated; <img src=x onerror="window.__pwned=1"> relay at ' + SECRET_IP,
    })
    await expect.poll(() => work.annotations.count()).toBe(1)
    const item = work.annotations.first()
    expect(await item.getByTestId('annotation-category').innerText()).toBe('Uplink congestion')
    expect(await item.locator('strong').filter({ hasText: 'caller uplink' }).count()).toBe(1)
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(await item.locator('img').count()).toBe(0)
    expect(await page.getByTestId('history-entry').count()).toBeGreaterThanOrEqual(2)

    // Find it again by full-text search.
    const search = new SearchPage(page)
    await search.open()
    await search.search('caller uplink')
    const hit = search.hits.filter({ hasText: 'Choppy uplink' }).first()
    expect(await hit.getAttribute('data-kind')).toBe('note')
    expect(await hit.getAttribute('data-case-id')).toBe(caseId)
    expect((await hit.locator('mark').allInnerTexts()).map((m) => m.toLowerCase())).toEqual(expect.arrayContaining(['caller', 'uplink']))
    await hit.locator('a').click()
    await work.waitForLoaded()

    // Export the HTML report and read it.
    const download = await work.export('html')
    expect(download.suggestedFilename()).toMatch(/^case-choppy-uplink-from-ip-[0-9a-f]{8}-[0-9a-f]{8}\.html$/)
    const html = readFileSync((await download.path())!, 'utf8')
    expect(html).toContain('<!DOCTYPE html>')
    expect(html).toContain('Case report: Choppy uplink from [ip:')
    expect(html).not.toContain(SECRET_IP)
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/<img/i)
    expect(html).toContain('<strong>caller uplink</strong>')
    expect(html).toContain('Uplink congestion')
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(2)
    expect(html).toContain('data-section="findings"')
    expect(await page.getByTestId('export-redactions').innerText()).toContain(SECRET_IP)

    // The store behind the UI agrees.
    const stored = await api<{ category: string; confidence: number; evidence: { kind: string }[] }[]>(wb, 'annotations.list', { caseId })
    expect(stored).toEqual([expect.objectContaining({ category: 'network.uplink-congestion', confidence: 0.8, evidence: [expect.objectContaining({ kind: 'finding' })] })])
  })
})
