/**
 * Writes one imported bundle (its entries and everything parsed from them) and reads bundle
 * listings back. Writing must happen inside the caller's transaction: all or nothing.
 */
import type { Diagnostic, ParsedEntry, SeriesData } from '../../core/model/call'
import { insertMany, packFloat64 } from '../bulk'
import type { Db, SqlValue } from '../db'

export interface NewBundle {
  id: string; caseId: string; name: string; sourcePath: string; sha256: string; sizeBytes: number; importedAt: number
  timeStart: number | null; timeEnd: number | null
  /** Bundle-level problems (e.g. archive members refused). */
  diagnostics?: Diagnostic[]
  /** The row was created when the import began (`insertBundleShell`): complete it instead of inserting. */
  hasShell?: boolean
}

export interface NewEntry {
  /** Row id when the entry row was created while parsing (`insertPendingEntry`); absent = insert now. */
  id?: number
  path: string; sizeBytes: number; encoding: string | null; participant: string; parsed: ParsedEntry
}

/** The bundle row an import streams into before its figures are known (inside the import's transaction). */
export async function insertBundleShell(db: Db, b: { id: string; caseId: string; name: string; sourcePath: string; importedAt: number }): Promise<void> {
  await db.run(
    'INSERT INTO bundles (id, case_id, name, source_path, sha256, size_bytes, imported_at) VALUES (?,?,?,?,?,?,?)',
    [b.id, b.caseId, b.name, b.sourcePath, '', 0, b.importedAt],
  )
}

/** An entry row created when parsing of the entry starts, so its log lines can reference it. */
export async function insertPendingEntry(db: Db, bundleId: string, position: number, path: string, sizeBytes: number): Promise<number> {
  const r = await db.run(
    "INSERT INTO entries (bundle_id, position, path, kind, format, size_bytes) VALUES (?,?,?,'pending','pending',?)",
    [bundleId, position, path, sizeBytes],
  )
  return r.lastID
}

export interface WriteCounts { entries: number; streams: number; series: number; events: number }

/** Inserts the bundle row and every entry's model; returns what was written, and each entry's row id. */
export async function writeBundle(db: Db, b: NewBundle, entries: readonly NewEntry[]): Promise<WriteCounts & { entryIds: number[] }> {
  const diagnostics = JSON.stringify(b.diagnostics ?? [])
  if (b.hasShell) {
    await db.run('UPDATE bundles SET sha256 = ?, size_bytes = ?, t_start = ?, t_end = ?, diagnostics = ? WHERE id = ?',
      [b.sha256, b.sizeBytes, b.timeStart, b.timeEnd, diagnostics, b.id])
  } else {
    await db.run(
      'INSERT INTO bundles (id, case_id, name, source_path, sha256, size_bytes, imported_at, t_start, t_end, diagnostics) VALUES (?,?,?,?,?,?,?,?,?,?)',
      [b.id, b.caseId, b.name, b.sourcePath, b.sha256, b.sizeBytes, b.importedAt, b.timeStart, b.timeEnd, diagnostics],
    )
  }
  const counts: WriteCounts = { entries: 0, streams: 0, series: 0, events: 0 }
  const entryIds: number[] = []
  for (const [position, e] of entries.entries()) {
    const entryId = await writeEntry(db, b.id, position, e, counts)
    entryIds.push(entryId)
  }
  return { ...counts, entryIds }
}

async function writeEntry(db: Db, bundleId: string, position: number, e: NewEntry, counts: WriteCounts): Promise<number> {
  const p = e.parsed
  const fields = [p.kind, p.format, e.encoding, e.sizeBytes, e.participant, JSON.stringify(p.meta), JSON.stringify(p.diagnostics)]
  let entryId: number
  if (e.id !== undefined) {
    await db.run('UPDATE entries SET kind = ?, format = ?, encoding = ?, size_bytes = ?, participant = ?, meta = ?, diagnostics = ? WHERE id = ?', [...fields, e.id])
    entryId = e.id
  } else {
    entryId = (await db.run(
      'INSERT INTO entries (kind, format, encoding, size_bytes, participant, meta, diagnostics, bundle_id, position, path) VALUES (?,?,?,?,?,?,?,?,?,?)',
      [...fields, bundleId, position, e.path],
    )).lastID
  }
  counts.entries++
  await insertMany(db, 'connections', ['entry_id', 'key', 'label', 'participant', 'meta'],
    p.connections.map((c) => [entryId, c.key, c.label ?? null, c.participant ?? e.participant, JSON.stringify(c.meta ?? {})]))
  const summaries = new Map(p.summaries.map((s) => [s.streamKey, s.figures]))
  const firstStream = await insertMany(db, 'streams',
    ['entry_id', 'connection_key', 'key', 'kind', 'direction', 'ssrc', 'codec', 'layer', 'label', 'participant', 'meta', 'summary'],
    p.streams.map((s) => [
      entryId, s.connectionKey ?? null, s.key, s.kind, s.direction, s.ssrc ?? null, s.codec ?? null, s.layer ?? null,
      s.label ?? s.key, s.participant ?? e.participant, JSON.stringify(s.meta ?? {}),
      summaries.has(s.key) ? JSON.stringify(summaries.get(s.key)) : null,
    ]))
  const streamIds = new Map<string, number>()
  p.streams.forEach((s, i) => streamIds.set(s.key, firstStream! + i))
  counts.streams += p.streams.length
  await writeSeries(db, entryId, p.series, streamIds)
  counts.series += p.series.length
  await insertMany(db, 'events', ['entry_id', 't', 'type', 'severity', 'message', 'stream_id', 'connection_key', 'line', 'data'],
    p.events.map((ev) => [
      entryId, ev.t, ev.type, ev.severity, ev.message, ev.streamKey ? (streamIds.get(ev.streamKey) ?? null) : null,
      ev.connectionKey ?? null, ev.line ?? null, ev.data ? JSON.stringify(ev.data) : null,
    ]))
  counts.events += p.events.length
  return entryId
}

/** Inserts an entry's series; a time column shared by several series is stored once (`t_from`). */
async function writeSeries(db: Db, entryId: number, series: readonly SeriesData[], streamIds: ReadonlyMap<string, number>): Promise<void> {
  if (series.length === 0) return
  // Row ids are max + 1 onwards inside our transaction: needed up front so rows can point at each other.
  const firstId = (await db.get<{ next: number }>('SELECT COALESCE(MAX(id), 0) + 1 AS next FROM series'))!.next
  const owner = new Map<Float64Array, number>()
  const empty = Buffer.alloc(0)
  const written = await insertMany(db, 'series',
    ['entry_id', 'stream_id', 'connection_key', 'metric', 'unit', 'n', 't_start', 't_end', 'v_min', 'v_max', 'v_mean', 't', 'v', 't_from'],
    series.map((s, i) => {
      const stats = valueStats(s.v)
      const n = s.t.length
      const sharedWith = owner.get(s.t)
      if (sharedWith === undefined) owner.set(s.t, firstId + i)
      return [
        entryId, s.streamKey ? (streamIds.get(s.streamKey) ?? null) : null, s.connectionKey ?? null, s.metric, s.unit, n,
        n ? s.t[0]! : null, n ? s.t[n - 1]! : null, stats.min, stats.max, stats.mean,
        sharedWith === undefined ? packFloat64(s.t) : empty, packFloat64(s.v), sharedWith ?? null,
      ] as SqlValue[]
    }))
  if (written !== firstId) throw new Error(`series ids were expected from ${firstId} but started at ${written}`)
}

function valueStats(v: Float64Array): { min: number | null; max: number | null; mean: number | null } {
  let min = Infinity
  let max = -Infinity
  let sum = 0
  let n = 0
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!
    if (!Number.isFinite(x)) continue
    if (x < min) min = x
    if (x > max) max = x
    sum += x
    n++
  }
  return n === 0 ? { min: null, max: null, mean: null } : { min, max, mean: sum / n }
}

export interface BundleRow {
  id: string; case_id: string; name: string; size_bytes: number; imported_at: number; t_start: number | null; t_end: number | null
}
export interface EntryRow {
  id: number; bundle_id: string; path: string; kind: string; format: string; encoding: string | null; size_bytes: number
  participant: string; clock_offset_ms: number; diagnostics: string
}

export function listBundles(db: Db, caseId: string): Promise<BundleRow[]> {
  return db.all<BundleRow>('SELECT id, case_id, name, size_bytes, imported_at, t_start, t_end FROM bundles WHERE case_id = ? ORDER BY imported_at', [caseId])
}

export function listEntries(db: Db, caseId: string): Promise<EntryRow[]> {
  return db.all<EntryRow>(
    `SELECT e.id, e.bundle_id, e.path, e.kind, e.format, e.encoding, e.size_bytes, e.participant, e.clock_offset_ms, e.diagnostics
     FROM entries e JOIN bundles b ON b.id = e.bundle_id WHERE b.case_id = ? ORDER BY e.id`, [caseId])
}
