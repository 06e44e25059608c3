/**
 * Reads a stored case back as the normalized call model, entry by entry (what the detectors and the
 * what-if replays consume): streams, connections, every series with its points, and events, in the
 * times they were recorded (each entry's clock offset is returned beside it, not applied).
 */
import type { CallEvent, ParsedEntry, Scalar, SourceKind } from '../../core/model/call'
import { unpackFloat64 } from '../bulk'
import type { Db } from '../db'
import { SERIES_T_SQL } from './timeline-repo'

export interface StoredEntry { entryId: number; path: string; participant: string; clockOffsetMs: number; parsed: ParsedEntry }

interface EntryRow { id: number; path: string; participant: string; clock_offset_ms: number; kind: string; format: string; meta: string }
interface StreamRow { id: number; entry_id: number; connection_key: string | null; key: string; kind: 'audio' | 'video'; direction: 'send' | 'recv'; ssrc: number | null; codec: string | null; layer: string | null; label: string; participant: string; meta: string; summary: string | null }
interface SeriesRow { entry_id: number; stream_key: string | null; connection_key: string | null; metric: string; unit: string; t: Buffer; v: Buffer }
interface EventRow { entry_id: number; t: number; type: string; severity: 'info' | 'warning' | 'error'; message: string; stream_key: string | null; connection_key: string | null; line: number | null; data: string | null }

const ENTRIES = 'SELECT e.id FROM entries e JOIN bundles b ON b.id = e.bundle_id WHERE b.case_id = ?'

/** What to read: only these series metrics (every one when absent), and events or not (default yes). */
export interface LoadOptions { metrics?: readonly string[]; events?: boolean }

export async function loadCaseEntries(db: Db, caseId: string, opts: LoadOptions = {}): Promise<StoredEntry[]> {
  const entries = await db.all<EntryRow>(
    `SELECT e.id, e.path, e.participant, e.clock_offset_ms, e.kind, e.format, e.meta FROM entries e JOIN bundles b ON b.id = e.bundle_id
     WHERE b.case_id = ? AND e.kind NOT IN ('unknown', 'binary', 'encrypted', 'pending') ORDER BY e.id`, [caseId])
  const streams = await db.all<StreamRow>(`SELECT * FROM streams WHERE entry_id IN (${ENTRIES}) ORDER BY id`, [caseId])
  const metricFilter = opts.metrics ? ` AND s.metric IN (${opts.metrics.map(() => '?').join(',') || 'NULL'})` : ''
  const series = await db.all<SeriesRow>(
    `SELECT s.entry_id, st.key AS stream_key, s.connection_key, s.metric, s.unit, ${SERIES_T_SQL} AS t, s.v
     FROM series s LEFT JOIN streams st ON st.id = s.stream_id WHERE s.entry_id IN (${ENTRIES})${metricFilter} ORDER BY s.id`, [caseId, ...(opts.metrics ?? [])])
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
    byEntry.get(s.entry_id)?.parsed.series.push({
      metric: s.metric, unit: s.unit, t: unpackFloat64(s.t), v: unpackFloat64(s.v),
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
