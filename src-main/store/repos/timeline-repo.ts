/**
 * Reads a case's timeline: streams, the series catalog (without points), events, and the points of
 * chosen series. Times are stored as recorded; each entry's clock offset is applied on the way out.
 */
import type { Db } from '../db'
import { unpackFloat64 } from '../bulk'

export interface StreamRow {
  id: number; entry_id: number; connection_key: string | null; key: string; kind: string; direction: string; ssrc: number | null
  codec: string | null; layer: string | null; label: string; participant: string
}
export interface SeriesInfoRow {
  id: number; entry_id: number; stream_id: number | null; connection_key: string | null; metric: string; unit: string; n: number
  t_start: number | null; t_end: number | null; v_min: number | null; v_max: number | null; v_mean: number | null; offset: number
}
export interface EventRow {
  id: number; entry_id: number; t: number; type: string; severity: string; message: string; stream_id: number | null
  connection_key: string | null; line: number | null
}

/** A series' time column, wherever it is stored (its own row, or the row it shares times with). */
export const SERIES_T_SQL = 'CASE WHEN s.t_from IS NULL THEN s.t ELSE (SELECT o.t FROM series o WHERE o.id = s.t_from) END'

const CASE_ENTRIES = 'SELECT e.id FROM entries e JOIN bundles b ON b.id = e.bundle_id WHERE b.case_id = ?'

export function caseStreams(db: Db, caseId: string): Promise<StreamRow[]> {
  return db.all<StreamRow>(
    `SELECT id, entry_id, connection_key, key, kind, direction, ssrc, codec, layer, label, participant FROM streams
     WHERE entry_id IN (${CASE_ENTRIES}) ORDER BY entry_id, id`, [caseId])
}

export function caseSeriesInfo(db: Db, caseId: string): Promise<SeriesInfoRow[]> {
  return db.all<SeriesInfoRow>(
    `SELECT s.id, s.entry_id, s.stream_id, s.connection_key, s.metric, s.unit, s.n, s.t_start + e.clock_offset_ms AS t_start,
            s.t_end + e.clock_offset_ms AS t_end, s.v_min, s.v_max, s.v_mean, e.clock_offset_ms AS offset
     FROM series s JOIN entries e ON e.id = s.entry_id WHERE s.entry_id IN (${CASE_ENTRIES}) ORDER BY s.id`, [caseId])
}

export function caseEvents(db: Db, caseId: string): Promise<EventRow[]> {
  return db.all<EventRow>(
    `SELECT v.id, v.entry_id, v.t + e.clock_offset_ms AS t, v.type, v.severity, v.message, v.stream_id, v.connection_key, v.line
     FROM events v JOIN entries e ON e.id = v.entry_id WHERE v.entry_id IN (${CASE_ENTRIES}) ORDER BY t`, [caseId])
}

/** The points of a series with the entry clock offset applied. */
export async function seriesPoints(db: Db, seriesId: number): Promise<{ t: Float64Array; v: Float64Array } | null> {
  const row = await db.get<{ t: Buffer; v: Buffer; offset: number }>(
    `SELECT ${SERIES_T_SQL} AS t, s.v, e.clock_offset_ms AS offset FROM series s JOIN entries e ON e.id = s.entry_id WHERE s.id = ?`, [seriesId])
  if (!row) return null
  const t = unpackFloat64(row.t)
  if (row.offset !== 0) {
    const shifted = new Float64Array(t.length)
    for (let i = 0; i < t.length; i++) shifted[i] = t[i]! + row.offset
    return { t: shifted, v: unpackFloat64(row.v) }
  }
  return { t, v: unpackFloat64(row.v) }
}

/** A stream's series of one metric as recorded (no clock offset applied), or null. */
export async function streamSeriesRaw(db: Db, streamId: number, metric: string): Promise<{ t: Float64Array; v: Float64Array } | null> {
  const row = await db.get<{ t: Buffer; v: Buffer }>(`SELECT ${SERIES_T_SQL} AS t, s.v FROM series s WHERE s.stream_id = ? AND s.metric = ? LIMIT 1`, [streamId, metric])
  return row ? { t: unpackFloat64(row.t), v: unpackFloat64(row.v) } : null
}

export interface EntryClockRow { id: number; path: string; clock_offset_ms: number; bundle_id: string }

export function caseEntriesClock(db: Db, caseId: string): Promise<EntryClockRow[]> {
  return db.all<EntryClockRow>(`SELECT e.id, e.path, e.clock_offset_ms, e.bundle_id FROM entries e JOIN bundles b ON b.id = e.bundle_id WHERE b.case_id = ? ORDER BY e.id`, [caseId])
}

/** Sets an entry's clock offset; returns its case id, or null when there is no such entry. */
export async function setEntryClockOffset(db: Db, entryId: number, offsetMs: number): Promise<string | null> {
  const row = await db.get<{ case_id: string }>('SELECT b.case_id FROM entries e JOIN bundles b ON b.id = e.bundle_id WHERE e.id = ?', [entryId])
  if (!row) return null
  await db.run('UPDATE entries SET clock_offset_ms = ? WHERE id = ?', [offsetMs, entryId])
  return row.case_id
}

// ---- Events as rows of the log viewer ------------------------------------------------------------
// Read like log lines (see log-lines-repo.ts): one entry at a time, its clock offset applied as
// `t + off`, exact tests on that sum and 1 ms of index slack. An event's row key is MINUS its id, so
// it never collides with a log line id: ascending (t, key) order is `t ASC, id DESC`.

/** SQL-side event filter: severities, types, and words that must all appear (LIKE) in the message or type. */
export interface EventFilter { severities?: readonly string[]; types?: readonly string[]; words?: readonly string[] }
export interface EventWindow { offset: number; after?: { t: number; id: number } | null; before?: { t: number; id: number } | null; start?: number | null; end?: number | null }
export interface EventPageRow { id: number; entry_id: number; t: number; type: string; severity: string; message: string; line: number | null }

function eventWhere(f: EventFilter, w: EventWindow): { sql: string; params: (string | number)[] } {
  const parts: string[] = []
  const params: (string | number)[] = []
  const add = (sql: string, ...values: (string | number)[]) => {
    parts.push(sql)
    params.push(...values)
  }
  const o = w.offset
  const lo = Math.max(w.start ?? -Infinity, w.after?.t ?? -Infinity)
  const hi = Math.min(w.end ?? Infinity, w.before?.t ?? Infinity)
  if (lo > -Infinity) add('t >= ?', lo - o - 1)
  if (hi < Infinity) add('t <= ?', hi - o + 1)
  if (w.start != null) add('t + ? >= ?', o, w.start)
  if (w.end != null) add('t + ? <= ?', o, w.end)
  // Row key = -id: "after key k" is id < -k, "before key k" is id > -k.
  if (w.after) add('(t + ? > ? OR (t + ? = ? AND id < ?))', o, w.after.t, o, w.after.t, -w.after.id)
  if (w.before) add('(t + ? < ? OR (t + ? = ? AND id > ?))', o, w.before.t, o, w.before.t, -w.before.id)
  if (f.severities) add(`severity IN (${f.severities.map(() => '?').join(',') || 'NULL'})`, ...f.severities)
  if (f.types?.length) add(`type IN (${f.types.map(() => '?').join(',')})`, ...f.types)
  for (const word of f.words ?? []) {
    const like = `%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
    add("(message LIKE ? ESCAPE '\\' OR type LIKE ? ESCAPE '\\')", like, like)
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params }
}

/** Up to `limit` events of one entry in (t, key) order, or reversed when `descending`. */
export function entryEventsPage(db: Db, entryId: number, f: EventFilter, w: EventWindow, descending: boolean, limit: number): Promise<EventPageRow[]> {
  const where = eventWhere(f, w)
  const order = descending ? 't DESC, id ASC' : 't ASC, id DESC'
  return db.all<EventPageRow>(
    `SELECT id, entry_id, t, type, severity, message, line FROM events WHERE entry_id = ?${where.sql} ORDER BY ${order} LIMIT ?`,
    [entryId, ...where.params, limit])
}

/** How many events of one entry pass the filter within the window. */
export async function entryEventsCount(db: Db, entryId: number, f: EventFilter, w: EventWindow): Promise<number> {
  const where = eventWhere(f, w)
  return (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM events WHERE entry_id = ?${where.sql}`, [entryId, ...where.params]))!.n
}

/** Event counts of one entry per effective-time bucket (as `entryLinesHistogram`). */
export function entryEventsHistogram(db: Db, entryId: number, f: EventFilter, w: EventWindow, start: number, bucketMs: number): Promise<{ b: number; n: number }[]> {
  const where = eventWhere(f, w)
  return db.all<{ b: number; n: number }>(
    `SELECT CAST((t + ? - ?) / ? AS INTEGER) AS b, COUNT(*) AS n FROM events WHERE entry_id = ?${where.sql} GROUP BY b`,
    [w.offset, start, bucketMs, entryId, ...where.params])
}

/** Events of one entry per (severity, type), and their time bounds (no offset): the viewer's facets. */
export function entryEventsFacets(db: Db, entryId: number): Promise<{ severity: string; type: string; n: number; lo: number; hi: number }[]> {
  return db.all<{ severity: string; type: string; n: number; lo: number; hi: number }>(
    'SELECT severity, type, COUNT(*) AS n, MIN(t) AS lo, MAX(t) AS hi FROM events WHERE entry_id = ? GROUP BY severity, type', [entryId])
}

export interface LogSourceRow { id: number; path: string; participant: string; kind: string; format: string; clock_offset_ms: number; position: number; bundle_name: string }

/** Every entry of a case with what the log viewer shows of it (its clock offset, its bundle). */
export function caseLogSources(db: Db, caseId: string): Promise<LogSourceRow[]> {
  return db.all<LogSourceRow>(
    `SELECT e.id, e.path, e.participant, e.kind, e.format, e.clock_offset_ms, e.position, b.name AS bundle_name
     FROM entries e JOIN bundles b ON b.id = e.bundle_id WHERE b.case_id = ? ORDER BY b.imported_at, e.position, e.id`, [caseId])
}
