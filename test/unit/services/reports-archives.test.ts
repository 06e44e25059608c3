/**
 * Report exports and case archives on real SQLite files: Markdown / HTML / JSON / PDF with redaction
 * on by default (and off on request), the HTML self-contained and script-free with charts inline;
 * an archive opened on a second store gives the same case, a second import adds nothing, edits flow
 * back, and a damaged or truncated archive is refused with nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp } from '../../../src-main/app'
import type { AnnotationDto, ArchiveExportDto, ArchiveImportDto, ReportDto, SearchResultDto, TaxonomyDto } from '../../../src-main/contract/cases-dto'
import type { CaseDetailDto } from '../../../src-main/contract/dto'
import { chromiumPath, chromiumPrinter } from '../../../src-main/services/pdf-printer'
import { SECRET_IP, SECRET_TOKEN, SECRET_UID, call, importAndWait, writeCaseBundle } from '../../support/case-bundle'

let dir: string
let a: App
let b: App
let caseId: string
let note: AnnotationDto

const counts = async (app: App) => {
  const out: Record<string, number> = {}
  for (const t of ['cases', 'bundles', 'entries', 'streams', 'series', 'events', 'log_lines', 'annotations', 'case_history', 'kb_doc']) {
    out[t] = (await app.store.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`))!.n
  }
  return out
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-reports-'))
  a = await createApp({ dataDir: join(dir, 'a'), jobsMode: 'inline', checkOutputs: true, log: () => undefined })
  b = await createApp({ dataDir: join(dir, 'b'), jobsMode: 'inline', checkOutputs: true, log: () => undefined, printPdf: chromiumPrinter(join(dir, 'no-chromium')) })
  caseId = (await importAndWait(a, writeCaseBundle(dir))).caseId
  await call(a, 'cases.update', { caseId, fields: { title: `Uplink drops for uid ${SECRET_UID}`, customer: 'Acme Live', priority: 'P1', status: 'investigating' } })
  const taxonomy = await call<TaxonomyDto>(a, 'taxonomy.get', {})
  await call(a, 'taxonomy.set', { ...taxonomy, categories: [...taxonomy.categories, { id: 'network.isp-peering', group: 'network', label: { en: 'ISP peering', zh: '运营商互联' } }] })
  const line = (await call<SearchResultDto>(a, 'knowledge.search', { query: 'relay candidate', kinds: ['log'], caseId })).hits[0]!
  const stream = (await call<{ streams: { id: number; direction: string }[] }>(a, 'timeline.get', { caseId })).streams.find((s) => s.direction === 'send')!
  note = await call<AnnotationDto>(a, 'annotations.create', {
    caseId, start: Date.UTC(2025, 0, 1), end: Date.UTC(2025, 0, 1, 0, 1), streamId: stream.id, category: 'network.isp-peering', confidence: 0.7,
    note: `Relay **${SECRET_IP}** chosen; token=${SECRET_TOKEN} <script>alert(1)</script> [runbook](https://example.test/runbook) ![x](https://evil.test/x.png)`,
    evidence: [{ kind: 'log', lineId: Number(line.ref) }],
  })
}, 120_000)
afterAll(async () => {
  await a?.dispose()
  await b?.dispose()
  rmSync(dir, { recursive: true, force: true })
})

const render = (app: App, format: string, extra: object = {}) => call<ReportDto>(app, 'reports.render', { caseId, format, ...extra })

describe('report exports', () => {
  it('Markdown: fields, SLA, root causes, findings; secrets redacted by default and listed for the preview', async () => {
    const r = await render(a, 'md')
    expect(r).toMatchObject({ encoding: 'utf8', isRedacted: true, mimeType: expect.stringContaining('markdown'), filename: expect.stringMatching(/^case-uplink-drops-for-uid-.*\.md$/) })
    expect(r.content).toContain('# Case report: Uplink drops for uid \\[user:')
    expect(r.content).toMatch(/- First response: met · due .* · \d+m \d+s left|- First response: met/)
    expect(r.content).toContain('### ISP peering')
    expect(r.content).toContain('## Findings')
    for (const secret of [SECRET_IP, SECRET_TOKEN, SECRET_UID]) expect(r.content).not.toContain(secret)
    expect(r.content).toMatch(/\[ip:[0-9a-f]{8}\]/)
    expect(r.redactions).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'ip', original: SECRET_IP }), expect.objectContaining({ kind: 'token', replacement: '[token]' }),
      expect.objectContaining({ kind: 'user-id', original: SECRET_UID }),
    ]))
    const plain = await render(a, 'md', { redact: false })
    expect(plain.isRedacted).toBe(false)
    expect(plain.content).toContain(SECRET_IP)
    expect(plain.redactions).toEqual([])
    // one value, one placeholder, stable across exports of this store
    const again = await render(a, 'md')
    expect(again.redactions.find((x) => x.kind === 'ip')!.replacement).toBe(r.redactions.find((x) => x.kind === 'ip')!.replacement)
  })

  it('HTML: one self-contained document, no scripts or remote content, charts as inline SVG, notes rendered safely', async () => {
    const { content: html } = await render(a, 'html', { lang: 'zh' })
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/\son\w+=/i)
    expect(html).not.toMatch(/(src|href)="(?!https:\/\/example\.test\/runbook)[a-z]+:/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('<strong>[ip:')
    expect(html).toContain('<a href="https://example.test/runbook" rel="noopener noreferrer">runbook</a>')
    expect(html).toContain('[x]')
    expect(html).toContain('工单报告')
    expect(html).toContain('运营商互联')
    const svgs = html.match(/<svg [^>]*>/g) ?? []
    expect(svgs.length).toBeGreaterThanOrEqual(2)
    expect(html).toMatch(/<path d="M[\d.]+ [\d.]+L/)
    expect(html).toContain('data-section="findings"')
  })

  it('JSON for ticket systems: the report model with chart figures instead of points', async () => {
    const doc = JSON.parse((await render(a, 'json')).content) as { schema: string; case: { id: string; priority: string }; annotations: { category: string; evidence: string[] }[]; charts: { lines: { points: number; max: number }[] }[]; findings: unknown[]; isRedacted: boolean }
    expect(doc).toMatchObject({ schema: 'rtcwb.case-report/1', case: { id: caseId, priority: 'P1' }, isRedacted: true })
    expect(doc.annotations[0]!.category).toBe('network.isp-peering')
    expect(doc.annotations[0]!.evidence[0]).toContain('agorasdk.log:')
    expect(doc.charts[0]!.lines[0]!.points).toBeGreaterThan(10)
    expect(doc.findings.length).toBeGreaterThan(0)
  })

  it.skipIf(!existsSync(chromiumPath()))('PDF: the HTML printed by headless Chromium', async () => {
    const r = await render(a, 'pdf')
    expect(r).toMatchObject({ encoding: 'base64', mimeType: 'application/pdf' })
    expect(Buffer.from(r.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-')
  }, 60_000)

  it('PDF without a Chromium: a clear error naming what to install', async () => {
    const imported = await call<ArchiveImportDto>(b, 'archives.import', { path: (await call<ArchiveExportDto>(a, 'archives.export', { caseId, path: join(dir, 'for-pdf.rtcwb') })).path })
    const r = await b.dispatch('reports.render', { caseId: imported.caseId, format: 'pdf' }, { origin: 'cli' })
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('PDF export needs Chromium') } })
    await call(b, 'cases.delete', { caseId: imported.caseId })
  })
})

describe('case archives', () => {
  let archive: string

  it('opens the same case on another store, annotation evidence and stream re-linked', async () => {
    const out = await call<ArchiveExportDto>(a, 'archives.export', { caseId, path: join(dir, 'case.rtcwb') })
    archive = out.path
    expect(out.counts).toMatchObject({ cases: 1, bundles: 1, annotations: 1, entries: 3 })
    expect(out.counts.log_lines).toBeGreaterThan(20)
    const before = await counts(b)
    const r = await call<ArchiveImportDto>(b, 'archives.import', { path: archive })
    expect(r).toMatchObject({ caseId, isNewCase: true, added: { bundles: 1, entries: 3, annotations: 1 } })
    const [da, db] = await Promise.all([call<CaseDetailDto>(a, 'cases.get', { caseId }), call<CaseDetailDto>(b, 'cases.get', { caseId })])
    const strip = (d: CaseDetailDto) => ({ ...d, sla: null, bundles: d.bundles.map((x) => ({ ...x, entries: x.entries.map((e) => ({ ...e, id: 0 })) })) })
    expect(strip(db)).toEqual(strip(da))
    const [an] = await call<AnnotationDto[]>(b, 'annotations.list', { caseId })
    expect(an).toMatchObject({ id: note.id, note: note.note, category: note.category, streamLabel: note.streamLabel, participant: note.participant })
    const line = await b.store.db.get<{ message: string }>('SELECT message FROM log_lines WHERE id = ?', [(an!.evidence[0] as { lineId: number }).lineId])
    expect(line!.message).toContain('relay candidate')
    expect((await call<TaxonomyDto>(b, 'taxonomy.get', {})).categories.map((c) => c.id)).toContain('network.isp-peering')
    expect((await call<SearchResultDto>(b, 'knowledge.search', { query: 'relay candidate', kinds: ['log'] })).hits).toHaveLength(1)
    expect((await counts(b)).cases).toBe(before.cases! + 1)
  })

  it('adds nothing when the same archive is imported again', async () => {
    const before = await counts(b)
    const r = await call<ArchiveImportDto>(b, 'archives.import', { path: archive })
    expect(r).toMatchObject({ isNewCase: false, added: {}, skipped: { bundles: 1, annotations: 1 } })
    expect(await counts(b)).toEqual(before)
  })

  it('brings edits made on the other machine back, keeping the bundle once', async () => {
    await call(b, 'annotations.update', { annotationId: note.id, note: 'Confirmed with the ISP' })
    const back = await call<ArchiveExportDto>(b, 'archives.export', { caseId })
    expect(back.path).toContain(join(dir, 'b', 'exports'))
    const before = await counts(a)
    const r = await call<ArchiveImportDto>(a, 'archives.import', { path: back.path })
    expect(r).toMatchObject({ added: { annotations: 1, history: 1 }, skipped: { bundles: 1 } })
    expect((await call<AnnotationDto[]>(a, 'annotations.list', { caseId }))[0]!.note).toBe('Confirmed with the ISP')
    expect(await counts(a)).toEqual({ ...before, case_history: before.case_history! + 1 })
  })

  it('refuses a truncated or altered archive and writes nothing', async () => {
    const raw = readFileSync(archive)
    const truncated = join(dir, 'truncated.rtcwb')
    writeFileSync(truncated, raw.subarray(0, Math.floor(raw.length * 0.6)))
    const lines = gunzipSync(raw).toString('utf8').split('\n')
    lines[3] = lines[3]!.replace('"', '"x')
    const altered = join(dir, 'altered.rtcwb')
    writeFileSync(altered, gzipSync(lines.join('\n')))
    const corrupt = join(dir, 'corrupt.rtcwb')
    const bytes = Buffer.from(raw)
    bytes.fill(0x5a, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 64)
    writeFileSync(corrupt, bytes)
    const notGzip = join(dir, 'not-gzip.rtcwb')
    writeFileSync(notGzip, 'just text\n')
    await call(b, 'cases.delete', { caseId })
    const before = await counts(b)
    for (const path of [truncated, altered, corrupt, notGzip, join(dir, 'case.rtcwb.partial')]) {
      const r = await b.dispatch('archives.import', { path }, { origin: 'cli' })
      expect(r.ok, path).toBe(false)
    }
    expect((await b.dispatch('archives.import', { path: truncated }, { origin: 'cli' }) as { error: { message: string } }).error.message).toMatch(/truncated|not a readable case archive/)
    expect(await counts(b)).toEqual(before)
    expect((await b.store.db.get<{ integrity_check: string }>('PRAGMA integrity_check'))!.integrity_check).toBe('ok')
  })
})
