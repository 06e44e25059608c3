/**
 * Reads a stored case back as the normalized call model, entry by entry (what the detectors and the
 * what-if replays consume): streams, connections, every series with its points, and events, in the
 * times they were recorded (each entry's clock offset is returned beside it, not applied).
 */
import type { CallEvent, ParsedEntry, Scalar, SourceKind } from '../../core/model/call'
import { unpackFloat64 } from '../bulk'
import type { Db } from '../db'

export interface StoredEntry { entryId: number; path: string; participant: string; clockOffsetMs: number; parsed: ParsedEntry }

interface EntryRow { id: number; path: string; participant: string; clock_offset_ms: number; kind: string; format: string; meta: string }
interface StreamRow { id: number; entry_id: number; connection_key: string | null; key: string; kind: 'audio' | 'video'; direction: 'send' | 'recv'; ssrc: number | null; codec: string | null; layer: string | null; label: string; participant: string; meta: string; summary: string | null }
interface SeriesRow { id: number; entry_id: number; stream_key: string | null; connection_key: string | null; metric: string; unit: string; t_from: number | null; t: Buffer | null; v: Buffer }
interface EventRow { entry_id: number; t: number; type: string; severity: 'info' | 'warning' | 'error'; message: string; stream_key: string | null; connection_key: string | null; line: number | null; data: string | null }

const ENTRIES = 'SELECT e.id FROM entries e JOIN bundles b ON b.id = e.bundle_id WHERE b.case_id = ?'

/**
 * What to read: only these series metrics (every one when absent), or every derived metric but only
 * these raw getStats ones (`stat.*`, about half of what a dump stores); events or not (default yes).
 */
export interface LoadOptions { metrics?: readonly string[]; rawMetrics?: readonly string[]; events?: boolean }

function seriesFilter(opts: LoadOptions): { sql: string; params: string[] } {
  const list = (xs: readonly string[]) => xs.map(() => '?').join(',') || 'NULL'
  if (opts.metrics) return { sql: ` AND s.metric IN (${list(opts.metrics)})`, params: [...opts.metrics] }
  if (opts.rawMetrics) return { sql: ` AND (s.metric NOT LIKE 'stat.%' OR s.metric IN (${list(opts.rawMetrics)}))`, params: [...opts.rawMetrics] }
  return { sql: '', params: [] }
}

export async function loadCaseEntries(db: Db, caseId: string, opts: LoadOptions = {}): Promise<StoredEntry[]> {
  const entries = await db.all<EntryRow>(
    `SELECT e.id, e.path, e.participant, e.clock_offset_ms, e.kind, e.format, e.meta FROM entries e JOIN bundles b ON b.id = e.bundle_id
     WHERE b.case_id = ? AND e.kind NOT IN ('unknown', 'binary', 'encrypted', 'pending') ORDER BY e.id`, [caseId])
  const streams = await db.all<StreamRow>(`SELECT * FROM streams WHERE entry_id IN (${ENTRIES}) ORDER BY id`, [caseId])
  const filter = seriesFilter(opts)
  // Shared time columns (migration 4) are read once and shared again, not copied per series.
  const series = await db.all<SeriesRow>(
    `SELECT s.id, s.entry_id, st.key AS stream_key, s.connection_key, s.metric, s.unit, s.t_from, CASE WHEN s.t_from IS NULL THEN s.t END AS t, s.v
     FROM series s LEFT JOIN streams st ON st.id = s.stream_id WHERE s.entry_id IN (${ENTRIES})${filter.sql} ORDER BY s.id`, [caseId, ...filter.params])
  const times = await timeColumns(db, series)
  const events = opts.events === false ? [] : await db.all<EventRow>(
    `SELECT v.entry_id, v.t, v.type, v.severity, v.message, st.key AS stream_key, v.connection_key, v.line, v.data
     FROM events v LEFT JOIN streams st ON st.id = v.stream_id WHERE v.entry_id IN (${ENTRIES}) ORDER BY v.t`, [caseId])
  const connections = await db.all<{ entry_id: number; key: string; label: string | null; participant: string | null; meta: string }>(
    `SELECT entry_id, key, label, participant, meta FROM connections WHERE entry_id IN (${ENTRIES}) ORDER BY id`, [caseId])
  const byEntry = new Map<number, StoredEntry>()
  for (const e of entries) {
    byEntry.set(e.id, {
      entryId: e.id, path: e.path, participant: e.participant, clockOffsetMs: e.clock_offset_ms,
      parsed: {
        kind: e.kind as SourceKind, format: e.format, connections: [], streams: [], series: [], events: [], diagnostics: [], summaries: [],
        meta: JSON.parse(e.meta) as Record<string, Scalar>, logLineCount: 0,
      },
    })
  }
  for (const c of connections) {
    const p = byEntry.get(c.entry_id)?.parsed
    p?.connections.push({ key: c.key, ...(c.label ? { label: c.label } : {}), ...(c.participant ? { participant: c.participant } : {}), meta: JSON.parse(c.meta) as Record<string, Scalar> })
  }
  for (const s of streams) {
    const p = byEntry.get(s.entry_id)?.parsed
    if (!p) continue
    p.streams.push({
      key: s.key, kind: s.kind, direction: s.direction, label: s.label, participant: s.participant, meta: JSON.parse(s.meta) as Record<string, Scalar>,
      ...(s.connection_key ? { connectionKey: s.connection_key } : {}), ...(s.ssrc !== null ? { ssrc: s.ssrc } : {}),
      ...(s.codec ? { codec: s.codec } : {}), ...(s.layer ? { layer: s.layer } : {}),
    })
    if (s.summary) p.summaries.push({ streamKey: s.key, figures: JSON.parse(s.summary) as Record<string, Scalar> })
  }
  for (const s of series) {
    const t = times.get(s.t_from ?? s.id)
    if (!t) continue // its time column's owner is gone: cannot be placed in time
    byEntry.get(s.entry_id)?.parsed.series.push({
      metric: s.metric, unit: s.unit, t, v: unpackFloat64(s.v),
      ...(s.stream_key ? { streamKey: s.stream_key } : {}), ...(s.connection_key ? { connectionKey: s.connection_key } : {}),
    })
  }
  for (const v of events) {
    const ev: CallEvent = { t: v.t, type: v.type, severity: v.severity, message: v.message }
    if (v.stream_key) ev.streamKey = v.stream_key
    if (v.connection_key) ev.connectionKey = v.connection_key
    if (v.line !== null) ev.line = v.line
    if (v.data) ev.data = JSON.parse(v.data) as Record<string, Scalar>
    byEntry.get(v.entry_id)?.parsed.events.push(ev)
  }
  return [...byEntry.values()]
}

/** Every time column the rows use, by owning series id: theirs, or read once from an owner not among them. */
async function timeColumns(db: Db, rows: readonly SeriesRow[]): Promise<Map<number, Float64Array>> {
  const times = new Map<number, Float64Array>()
  for (const r of rows) if (r.t_from === null && r.t) times.set(r.id, unpackFloat64(r.t))
  const missing = [...new Set(rows.map((r) => r.t_from).filter((id): id is number => id !== null && !times.has(id)))]
  for (let i = 0; i < missing.length; i += 500) {
    const ids = missing.slice(i, i + 500)
    const owners = await db.all<{ id: number; t: Buffer }>(`SELECT id, t FROM series WHERE id IN (${ids.map(() => '?').join(',')})`, ids)
    for (const o of owners) times.set(o.id, unpackFloat64(o.t))
  }
  return times
}
