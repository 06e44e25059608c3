/**
 * Case work through the dispatcher on a real SQLite file (inline parsing): the status workflow and
 * SLA stamps, edits with history and undo, annotations with evidence, full-text search across
 * cases / notes / findings / log lines, similar cases, and the case list's filters and sort.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp } from '../../../src-main/app'
import type { AnnotationDto, CaseFindingsDto, HistoryEntryDto, SearchResultDto, SimilarCaseDto } from '../../../src-main/contract/cases-dto'
import type { CaseSummaryDto } from '../../../src-main/contract/dto'
import { call, importAndWait, writeCaseBundle } from '../../support/case-bundle'

const T = Date.UTC(2026, 0, 5, 9, 0, 0)
let clock = T
let dir: string
let app: App
let caseId: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-casework-'))
  app = await createApp({ dataDir: join(dir, 'data'), jobsMode: 'inline', checkOutputs: true, now: () => clock, log: () => undefined })
  caseId = (await importAndWait(app, writeCaseBundle(dir))).caseId
}, 120_000)
afterAll(async () => {
  await app?.dispose()
  rmSync(dir, { recursive: true, force: true })
})

const get = (id = caseId) => call<CaseSummaryDto>(app, 'cases.get', { caseId: id })

describe('case status workflow and SLA clocks', () => {
  it('computes SLA clocks from the priority targets and records the first response when work starts', async () => {
    clock = T + 60_000
    let c = await call<CaseSummaryDto>(app, 'cases.update', { caseId, fields: { priority: 'P0', customer: 'Acme Live', tags: ['uplink'] } })
    expect(c.sla.firstResponse).toMatchObject({ targetMin: 15, state: 'running', stoppedAt: null })
    expect(c.sla.resolution.targetMin).toBe(240)
    expect(c.sla.firstResponse.dueAt).toBe(c.createdAt + 15 * 60_000)
    clock = c.createdAt + 20 * 60_000
    expect((await get()).sla.firstResponse.state).toBe('overdue')
    c = await call<CaseSummaryDto>(app, 'cases.update', { caseId, fields: { status: 'investigating' } })
    expect(c.firstResponseAt).toBe(clock)
    expect(c.sla.firstResponse).toMatchObject({ state: 'breached', stoppedAt: c.createdAt + 20 * 60_000 })
    expect(c.sla.resolution.state).toBe('running')
  })

  it('refuses a transition outside the workflow, naming the allowed ones', async () => {
    const r = await app.dispatch('cases.update', { caseId, fields: { status: 'new' } }, { origin: 'cli' })
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('from investigating it can go to escalated, resolved') } })
  })

  it('refuses an update based on a stale copy (another window changed the case)', async () => {
    const c = await get()
    clock += 1000
    await call(app, 'cases.update', { caseId, fields: { owner: 'li' }, expectedUpdatedAt: c.updatedAt })
    const stale = await app.dispatch('cases.update', { caseId, fields: { owner: 'wang' }, expectedUpdatedAt: c.updatedAt }, { origin: 'cli' })
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect((await get()).owner).toBe('li')
  })

  it('keeps SLA targets as a setting', async () => {
    const targets = await call<Record<string, { firstResponseMin: number; resolutionMin: number }>>(app, 'sla.get', {})
    expect(targets).toEqual({ P0: { firstResponseMin: 15, resolutionMin: 240 }, P1: { firstResponseMin: 60, resolutionMin: 1440 }, P2: { firstResponseMin: 240, resolutionMin: 4320 }, P3: { firstResponseMin: 1440, resolutionMin: 10080 } })
    await call(app, 'sla.set', { ...targets, P0: { firstResponseMin: 30, resolutionMin: 120 } })
    expect((await get()).sla.firstResponse.targetMin).toBe(30)
    await call(app, 'sla.set', targets)
    expect((await app.dispatch('sla.set', { ...targets, P9: {} }, { origin: 'cli' })).ok).toBe(false)
  })
})

describe('annotations, history and undo', () => {
  let note: AnnotationDto

  it('annotates a range of a stream with a root cause, evidence labelled from the case', async () => {
    const timeline = await call<{ streams: { id: number; participant: string; direction: string }[] }>(app, 'timeline.get', { caseId })
    const stream = timeline.streams.find((s) => s.direction === 'send')!
    const logHit = (await call<SearchResultDto>(app, 'knowledge.search', { query: 'invalid send bitrate', kinds: ['log'], caseId })).hits[0]!
    const findings = await call<CaseFindingsDto>(app, 'findings.list', { caseId })
    expect(findings.findings.length).toBeGreaterThan(0)
    const f = findings.findings[0]!
    clock += 1000
    note = await call<AnnotationDto>(app, 'annotations.create', {
      caseId, start: f.start, end: f.end, streamId: stream.id, category: 'network.uplink-congestion', confidence: 0.8,
      note: 'Uplink **congested** for a minute; <script>alert(1)</script> see [doc](https://example.test/x)',
      evidence: [{ kind: 'finding', findingId: f.id }, { kind: 'log', lineId: Number(logHit.ref), t: 1 }],
    })
    expect(note).toMatchObject({ caseId, streamId: stream.id, participant: stream.participant, category: 'network.uplink-congestion', confidence: 0.8 })
    expect(note.evidence[0]).toMatchObject({ kind: 'finding', signature: f.signature, label: f.title.en })
    expect(note.evidence[1]!.label).toContain('agorasdk.log:')
    expect(note.evidence[1]!.label).toContain('invalid send bitrate')
    // The line's time (as the log viewer sorts it), for the UI to jump to; a time the caller sent is not trusted.
    expect(logHit.t).not.toBeNull()
    expect(note.evidence[1]).toMatchObject({ kind: 'log', t: logHit.t })
  })

  it('refuses evidence and streams from another case', async () => {
    const other = await call<CaseSummaryDto>(app, 'cases.create', { title: 'Other' })
    const r = await app.dispatch('annotations.create', { caseId: other.id, start: 0, end: 1, category: 'other.unknown', evidence: [{ kind: 'log', lineId: 1 }] }, { origin: 'cli' })
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('is not in case') } })
    const s = await app.dispatch('annotations.create', { caseId: other.id, start: 0, end: 1, category: 'other.unknown', streamId: note.streamId }, { origin: 'cli' })
    expect(s.ok).toBe(false)
    await call(app, 'cases.delete', { caseId: other.id })
  })

  it('updates, deletes and undoes, step by step, with a history per case', async () => {
    clock += 1000
    const updated = await call<AnnotationDto>(app, 'annotations.update', { annotationId: note.id, confidence: 0.9, note: 'edited', expectedUpdatedAt: note.updatedAt })
    expect(updated.confidence).toBe(0.9)
    expect((await app.dispatch('annotations.update', { annotationId: note.id, note: 'x', expectedUpdatedAt: note.updatedAt }, { origin: 'cli' })).ok).toBe(false)
    clock += 1000
    await call(app, 'annotations.delete', { annotationId: note.id })
    expect(await call<AnnotationDto[]>(app, 'annotations.list', { caseId })).toEqual([])
    const history = await call<HistoryEntryDto[]>(app, 'cases.history', { caseId })
    expect(history.map((h) => `${h.target} ${h.action}`)).toEqual(['annotation delete', 'annotation update', 'annotation create', 'case update', 'case update', 'case update'])
    expect(history[1]!.summary).toContain('confidence: 0.8 → 0.9')
    expect(history.at(-1)!.summary).toContain('priority: P2 → P0')
    // Undo the delete: the annotation is back as it was before the delete.
    const u1 = await call<{ undone: HistoryEntryDto }>(app, 'cases.undo', { caseId })
    expect(u1.undone).toMatchObject({ action: 'delete', isUndoable: false })
    expect((await call<AnnotationDto[]>(app, 'annotations.list', { caseId })).map((a) => [a.id, a.note, a.confidence])).toEqual([[note.id, 'edited', 0.9]])
    // Undo the update: the first version again.
    await call(app, 'cases.undo', { caseId })
    const [restored] = await call<AnnotationDto[]>(app, 'annotations.list', { caseId })
    expect(restored).toMatchObject({ note: note.note, confidence: 0.8, streamId: note.streamId, evidence: note.evidence })
    const after = await call<HistoryEntryDto[]>(app, 'cases.history', { caseId })
    expect(after.slice(0, 2).map((h) => h.action)).toEqual(['undo', 'undo'])
  })

  it('undoes a case edit as well', async () => {
    clock += 1000
    await call(app, 'cases.update', { caseId, fields: { title: 'Choppy video, Jakarta' } })
    expect((await get()).title).toBe('Choppy video, Jakarta')
    await call(app, 'cases.undo', { caseId })
    expect((await get()).title).not.toBe('Choppy video, Jakarta')
  })
})

describe('knowledge base', () => {
  it('finds cases, notes, findings and log lines by full text (Chinese too)', async () => {
    await call(app, 'cases.update', { caseId, fields: { description: '用户反馈上行卡顿，画面冻结' } })
    const search = (query: string, kinds?: string[]) => call<SearchResultDto>(app, 'knowledge.search', kinds ? { query, kinds } : { query })
    expect((await search('Acme', ['case'])).hits.map((h) => h.caseId)).toEqual([caseId])
    expect((await search('congested', ['note'])).hits[0]).toMatchObject({ kind: 'note', caseId, snippet: expect.stringContaining('\u0002congested\u0003') })
    expect((await search('卡顿', ['case'])).hits.map((h) => h.caseId)).toEqual([caseId])
    expect((await search('上行卡顿', ['case'])).hits.map((h) => h.caseId)).toEqual([caseId])
    const findings = await search('bitrate', ['finding'])
    expect(findings.hits.length).toBeGreaterThan(0)
    expect(findings.hits.every((h) => h.kind === 'finding' && h.caseId === caseId)).toBe(true)
    const logs = await search('invalid send bitrate', ['log'])
    expect(logs.hits[0]).toMatchObject({ kind: 'log', caseId, title: expect.stringMatching(/^agorasdk\.log:\d+$/), t: expect.any(Number) })
    expect((await search('no-such-word-anywhere')).hits).toEqual([])
    expect((await search('"; DROP TABLE cases; --')).hits).toEqual([])
  })

  it('ranks similar past cases by shared finding signatures and root causes', async () => {
    const twin = (await importAndWait(app, writeCaseBundle(dir, 'twin'))).caseId
    const unrelated = await call<CaseSummaryDto>(app, 'cases.create', { title: 'Empty case' })
    await call(app, 'findings.refresh', { caseId: unrelated.id })
    await call(app, 'annotations.create', { caseId: twin, start: 0, end: 1, category: 'network.uplink-congestion', confidence: 1, note: 'Fixed by lowering the start bitrate' })
    const similar = await call<SimilarCaseDto[]>(app, 'knowledge.similar', { caseId })
    expect(similar.map((s) => s.case.id)).toEqual([twin])
    expect(similar[0]!.sharedSignatures.length).toBeGreaterThan(0)
    expect(similar[0]!.sharedRootCauses).toEqual(['network.uplink-congestion'])
    expect(similar[0]!.rootCauses[0]!.note).toBe('Fixed by lowering the start bitrate')
    await call(app, 'cases.delete', { caseId: unrelated.id })
  })
})

describe('case list', () => {
  it('filters, searches notes and sorts by the next SLA due time', async () => {
    const a = await call<CaseSummaryDto>(app, 'cases.create', { title: 'Slow join', priority: 'P3', scenario: 'education' })
    const b = await call<CaseSummaryDto>(app, 'cases.create', { title: 'Echo', priority: 'P1', scenario: 'education', tags: ['audio'] })
    const list = (input: object) => call<CaseSummaryDto[]>(app, 'cases.list', input).then((r) => r.map((c) => c.id))
    expect(await list({ scenarios: ['education'], sort: 'due', order: 'asc' })).toEqual([b.id, a.id])
    expect(await list({ priorities: ['P3'] })).toEqual([a.id])
    expect(await list({ tag: 'audio' })).toEqual([b.id])
    expect(await list({ query: 'congested' })).toContain(caseId)
    expect(await list({ statuses: [] })).toEqual([])
    expect(await list({ sort: 'title', order: 'asc', scenarios: ['education'] })).toEqual([b.id, a.id])
  })

  it('deletes a case with everything in it, its index entries included', async () => {
    const count = async (sql: string) => (await app.store.db.get<{ n: number }>(sql))!.n
    const before = await count('SELECT COUNT(*) AS n FROM log_lines')
    await call(app, 'cases.delete', { caseId })
    expect((await app.dispatch('cases.get', { caseId }, { origin: 'cli' })).ok).toBe(false)
    expect(await count(`SELECT COUNT(*) AS n FROM kb_doc WHERE case_id = '${caseId}'`)).toBe(0)
    expect(await count('SELECT COUNT(*) AS n FROM log_lines')).toBeLessThan(before)
    expect(await count("SELECT COUNT(*) AS n FROM log_fts WHERE log_fts MATCH '\"invalid\"'")).toBeGreaterThan(0) // the twin's lines
    expect(await count('SELECT (SELECT COUNT(*) FROM case_fts) + (SELECT COUNT(*) FROM note_fts) + (SELECT COUNT(*) FROM finding_fts) AS n')).toBe(await count('SELECT COUNT(*) AS n FROM kb_doc'))
    expect((await app.store.db.get<{ integrity_check: string }>('PRAGMA integrity_check'))!.integrity_check).toBe('ok')
  })
})
