/**
 * The log viewer methods through the dispatcher, on an in-memory store whose log lines are written
 * directly (insertLogLines; no parser needed): keyset pages both ways over entries merged in time
 * with clock offsets, continuation lines, every filter (FTS words quoted, hostile syntax harmless,
 * regex bounded and partial), locate, counts (exact, and estimated when over the limits), facets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type App, createApp } from '../../../src-main/app'
import type { LogCountDto, LogFacetsDto, LogFilters, LogLocateDto, LogPageDto, LogRowDto } from '../../../src-main/contract/dto'
import type { LogLine } from '../../../src-main/core/model/call'
import { LogsService, ftsMatchOf, wordsOf } from '../../../src-main/services/logs-service'
import { insertLogLines } from '../../../src-main/store/repos/log-lines-repo'

const T0 = Date.UTC(2025, 5, 1, 10, 0, 0)
const LEVELS = ['info', 'debug', 'warning', 'error'] as const
const MODULES = ['net', 'audio', 'video']
let app: App
let caseId: string

const value = async <T>(method: string, input: unknown): Promise<T> => {
  const r = await app.dispatch(method, input, { origin: 'cli' })
  if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { code: r.error.code })
  return r.value as T
}

/** 60 lines per entry, every 10th a continuation line (no time); entry 2 interleaves with entry 1 and ties with it at i = 30. */
function lines(entry: number): LogLine[] {
  return Array.from({ length: 60 }, (_, i): LogLine => {
    const isCont = i % 10 === 9
    const t = entry === 1 ? T0 + i * 1000 : T0 + i * 1000 + (i === 30 ? 0 : 500)
    return isCont
      ? { line: i + 1, t: null, message: `    at frame ${i} of entry ${entry}` }
      : { line: i + 1, t, level: LEVELS[i % 4], module: MODULES[i % 3], message: `entry${entry} seq${i} ${i % 7 === 0 ? 'ICE timeout "quoted"' : 'bitrate ok'}` }
  })
}

async function seed(): Promise<void> {
  const c = await app.services.cases.create({ title: 'logs', customer: '', appVersion: '', scenario: 'other', priority: 'P2', tier: 2, status: 'new', owner: '', tags: [], description: '' })
  caseId = c.id
  const db = app.store.db
  await db.run("INSERT INTO bundles (id, case_id, name, source_path, sha256, size_bytes, imported_at) VALUES ('b1', ?, 'bundle.zip', '/x', '', 0, 0)", [caseId])
  await db.run("INSERT INTO entries (id, bundle_id, path, kind, format, size_bytes, participant, position) VALUES (1, 'b1', 'alice/sdk.log', 'text-log', 'log/test', 0, 'alice', 0), (2, 'b1', 'bob/sdk.log', 'text-log', 'log/test', 0, 'bob', 1)")
  await db.tx(async (t) => {
    await insertLogLines(t, 1, lines(1))
    await insertLogLines(t, 2, lines(2))
    await t.run("INSERT INTO events (entry_id, t, type, severity, message) VALUES (1, ?, 'ice.state', 'warning', 'ICE disconnected'), (2, ?, 'pc.state', 'info', 'connected')", [T0 + 12_250, T0 + 40_000])
  })
}

/** Every row of the case as the viewer must order it, computed independently of the service. */
async function expectedOrder(offsets: Record<number, number> = {}): Promise<{ id: number; t: number }[]> {
  const rows = await app.store.db.all<{ id: number; entry_id: number; t: number | null }>('SELECT id, entry_id, t FROM log_lines ORDER BY id')
  const last = new Map<number, number>()
  const out = rows.map((r) => {
    if (r.t !== null) last.set(r.entry_id, r.t)
    return { id: r.id, t: (r.t ?? last.get(r.entry_id)!) + (offsets[r.entry_id] ?? 0) }
  })
  const events = await app.store.db.all<{ id: number; entry_id: number; t: number }>('SELECT id, entry_id, t FROM events')
  out.push(...events.map((e) => ({ id: -e.id, t: e.t + (offsets[e.entry_id] ?? 0) })))
  return out.sort((a, b) => a.t - b.t || a.id - b.id)
}

async function pageAll(filters: LogFilters, direction: 'forward' | 'backward', limit: number): Promise<LogRowDto[]> {
  const out: LogRowDto[] = []
  let cursor: { t: number; id: number } | undefined
  for (let guard = 0; guard < 1000; guard++) {
    const page = await value<LogPageDto>('logs.query', { caseId, filters, direction, limit, ...(cursor ? { cursor } : {}) })
    if (direction === 'forward') out.push(...page.rows)
    else out.unshift(...page.rows)
    const edge = direction === 'forward' ? page.rows.at(-1) : page.rows[0]
    cursor = page.resume ?? (edge ? { t: edge.t, id: edge.id } : cursor)
    if (!page.hasMore) break
  }
  return out
}

beforeEach(async () => {
  app = await createApp({ dataDir: ':memory:', jobsMode: 'inline', checkOutputs: true, log: () => undefined })
  await seed()
})
afterEach(async () => {
  await app.dispose()
})

describe('logs.query', () => {
  it('pages forward and backward through lines and events merged in time order, nothing skipped or repeated', async () => {
    const expected = (await expectedOrder()).map((r) => r.id)
    expect(expected).toHaveLength(122)
    expect((await pageAll({}, 'forward', 7)).map((r) => r.id)).toEqual(expected)
    expect((await pageAll({}, 'backward', 9)).map((r) => r.id)).toEqual(expected)
  })

  it('gives a continuation line its previous line’s time and keeps it right after it', async () => {
    const rows = await pageAll({ entryIds: [1], kinds: ['log'] }, 'forward', 50)
    const i = rows.findIndex((r) => r.message.startsWith('    at frame 9 '))
    expect(rows[i]).toMatchObject({ isTimed: false, t: T0 + 8000, line: 10, path: 'alice/sdk.log', kind: 'log' })
    expect(rows[i - 1]).toMatchObject({ line: 9, isTimed: true })
  })

  it('applies clock offsets to times and order', async () => {
    await value('entries.setClockOffset', { entryId: 2, offsetMs: -20_000 })
    const expected = (await expectedOrder({ 2: -20_000 })).map((r) => r.id)
    const rows = await pageAll({}, 'forward', 25)
    expect(rows.map((r) => r.id)).toEqual(expected)
    expect(rows[0]).toMatchObject({ entryId: 2, t: T0 + 500 - 20_000 })
  })

  it('filters by level, module, entry, kind and time range; events match levels by severity and modules by type', async () => {
    const errors = await pageAll({ levels: ['error'] }, 'forward', 100)
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.every((r) => r.level === 'error')).toBe(true)
    const warnings = await pageAll({ levels: ['warning'] }, 'forward', 100)
    expect(warnings.some((r) => r.kind === 'event' && r.module === 'ice.state')).toBe(true)
    const mods = await pageAll({ modules: ['audio', 'pc.state'] }, 'forward', 100)
    expect(new Set(mods.map((r) => r.module))).toEqual(new Set(['audio', 'pc.state']))
    const bob = await pageAll({ entryIds: [2], kinds: ['event'] }, 'forward', 100)
    expect(bob.map((r) => r.message)).toEqual(['connected'])
    const ranged = await pageAll({ range: { start: T0 + 10_000, end: T0 + 12_000 } }, 'forward', 100)
    expect(ranged.map((r) => r.t)).toEqual([T0 + 10_000, T0 + 10_500, T0 + 11_000, T0 + 11_500, T0 + 12_000])
  })

  it('searches full text by quoted prefix words; FTS syntax in the input is just text', async () => {
    expect(wordsOf(' ICE  time  -- ')).toEqual(['ICE', 'time'])
    expect(ftsMatchOf(['ICE', 'a"b'])).toBe('"ICE"* "a""b"*')
    const hits = await pageAll({ text: 'ice time', kinds: ['log'] }, 'forward', 100)
    expect(hits.length).toBe(16) // i % 7 === 0, less the continuation line 49, in each entry
    expect(hits.every((r) => r.message.includes('ICE timeout'))).toBe(true)
    for (const hostile of ['"', 'NEAR(a b', 'a OR b*', '^x', '***', 'col:val', ')(']) {
      const page = await value<LogPageDto>('logs.query', { caseId, filters: { text: hostile } })
      expect(Array.isArray(page.rows)).toBe(true)
    }
    const events = await pageAll({ text: 'disconn', kinds: ['event'] }, 'forward', 10)
    expect(events.map((r) => r.message)).toEqual(['ICE disconnected'])
  })

  it('applies a regex server-side, answers partial past the scan cap and resumes where it stopped', async () => {
    const exact = await pageAll({ regex: 'seq(1|2)\\d ', kinds: ['log'] }, 'forward', 100)
    expect(exact.length).toBe(36)
    const capped = new LogsService(app.store.db, { regexScanCap: 15 })
    const first = await capped.query(caseId, { regex: 'seq5\\d ', kinds: ['log'] }, undefined, 'forward', 10)
    expect(first).toMatchObject({ rows: [], isPartial: true, scanned: 15 })
    let cursor = first.resume!
    const found: LogRowDto[] = []
    for (let i = 0; i < 20; i++) {
      const page = await capped.query(caseId, { regex: 'seq5\\d ', kinds: ['log'] }, cursor, 'forward', 10)
      found.push(...page.rows)
      if (!page.hasMore) break
      cursor = page.resume ?? { t: page.rows.at(-1)!.t, id: page.rows.at(-1)!.id }
    }
    expect(found.length).toBe(18)
    await expect(value('logs.query', { caseId, filters: { regex: '(' } })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('refuses bad input and unknown cases with typed errors', async () => {
    await expect(value('logs.query', { caseId, limit: 5000 })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(value('logs.query', { caseId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(value('logs.facets', { caseId, extra: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})

describe('logs.locate, logs.count, logs.facets', () => {
  it('locates the first row at or after a time, with its exact rank', async () => {
    const order = await expectedOrder()
    const at = T0 + 30_000
    const loc = await value<LogLocateDto>('logs.locate', { caseId, t: at })
    const rank = order.findIndex((r) => r.t >= at)
    expect(loc).toEqual({ anchor: { t: order[rank]!.t, id: order[rank]!.id }, rank, isEstimate: false })
    expect(await value<LogLocateDto>('logs.locate', { caseId, t: T0 + 1e9 })).toEqual({ anchor: null, rank: 122, isEstimate: false })
    const errs = await value<LogLocateDto>('logs.locate', { caseId, t: at, filters: { levels: ['error'], kinds: ['log'] } })
    expect(errs.rank).toBe((await pageAll({ levels: ['error'], kinds: ['log'] }, 'forward', 100)).filter((r) => r.t < at).length)
  })

  it('counts exactly with a histogram that sums to the total', async () => {
    const all = await value<LogCountDto>('logs.count', { caseId, buckets: 12 })
    expect(all).toMatchObject({ total: 122, isEstimate: false, timeStart: T0, timeEnd: T0 + 58_500 })
    expect(all.histogram!.counts).toHaveLength(12)
    expect(all.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(122)
    const text = await value<LogCountDto>('logs.count', { caseId, filters: { text: 'timeout', kinds: ['log'] } })
    expect(text).toMatchObject({ total: 16, isEstimate: false })
    const re = await value<LogCountDto>('logs.count', { caseId, filters: { regex: 'seq(1|2)\\d ' } })
    expect(re).toMatchObject({ total: 36, isEstimate: false })
  })

  it('estimates, and says so, when an exact filtered count would visit too many rows', async () => {
    const small = new LogsService(app.store.db, { exactVisitLimit: 10, regexExactLimit: 10, sampleRows: 40 })
    const est = await small.count(caseId, { levels: ['info'], kinds: ['log'] }, 10)
    expect(est.isEstimate).toBe(true)
    expect(est.total).toBeGreaterThan(10)
    expect(est.total).toBeLessThan(60)
    const re = await small.count(caseId, { regex: 'seq' }, 10)
    expect(re.isEstimate).toBe(true)
  })

  it('lists entries, levels, modules and event types with counts', async () => {
    const f = await value<LogFacetsDto>('logs.facets', { caseId })
    expect(f.entries.map((e) => [e.path, e.bundle, e.lines, e.events])).toEqual([['alice/sdk.log', 'bundle.zip', 60, 1], ['bob/sdk.log', 'bundle.zip', 60, 1]])
    expect(f.levels.map((l) => l.value).sort()).toEqual(['debug', 'error', 'info', 'warning'])
    expect(f.modules.reduce((a, m) => a + m.count, 0)).toBe(108)
    expect(f.eventTypes).toEqual([{ value: 'ice.state', count: 1 }, { value: 'pc.state', count: 1 }])
    expect(f).toMatchObject({ timeStart: T0, timeEnd: T0 + 58_500 })
  })
})
