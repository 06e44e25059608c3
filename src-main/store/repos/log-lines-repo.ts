/**
 * Log lines of text-log entries: stored in batches inside the import's transaction, indexed for
 * full-text search (FTS5 over the message) and for time lookups per entry.
 */
import type { LogLine } from '../../core/model/call'
import type { Db, SqlValue } from '../db'

/**
 * Inserts a batch of an entry's lines and indexes their messages. The batch travels as ONE JSON
 * text expanded by `json_each` inside SQLite: binding six parameters per row through the `sqlite3`
 * package cost ~400 ns per value on the main thread (2.4 s of an 8 s import of 769k lines, measured
 * with --cpu-prof); one string bind per batch takes that to a JSON.stringify. Numbers round-trip
 * exactly (SQLite ≥ 3.45 parses JSON reals correctly rounded; tested). Lone UTF-16 surrogates are
 * made U+FFFD first, as the parameter binding did, since SQLite would store them as invalid UTF-8.
 */
export async function insertLogLines(db: Db, entryId: number, lines: readonly LogLine[]): Promise<void> {
  if (lines.length === 0) return
  const rows = lines.map((l) => [l.line, l.t, l.level ?? null, l.module ?? null, wellFormed(l.message)])
  const r = await db.run(
    `INSERT INTO log_lines (entry_id, line, t, level, module, message)
     SELECT ?, value->>0, value->>1, value->>2, value->>3, value->>4 FROM json_each(?) ORDER BY key`,
    [entryId, JSON.stringify(rows)])
  // With INTEGER PRIMARY KEY and one writer inside the transaction, the batch's ids are consecutive.
  await db.run('INSERT INTO log_fts (rowid, message) SELECT id, message FROM log_lines WHERE id BETWEEN ? AND ?', [r.lastID - lines.length + 1, r.lastID])
}

const SURROGATE = /[\uD800-\uDFFF]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** `s` with lone surrogates replaced by U+FFFD (String#toWellFormed, which ES2022 lacks). */
function wellFormed(s: string): string {
  return SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\uFFFD') : s
}

export interface LogHitRow { id: number; entry_id: number; line: number; t: number | null; level: string | null; module: string | null; message: string }

/** Lines of a case matching an FTS5 query, in time order (clock offsets applied). */
export function searchCaseLogs(db: Db, caseId: string, ftsQuery: string, limit: number): Promise<LogHitRow[]> {
  return db.all<LogHitRow>(
    `SELECT l.id, l.entry_id, l.line, l.t + e.clock_offset_ms AS t, l.level, l.module, l.message
     FROM log_fts JOIN log_lines l ON l.id = log_fts.rowid JOIN entries e ON e.id = l.entry_id JOIN bundles b ON b.id = e.bundle_id
     WHERE log_fts MATCH ? AND b.case_id = ? ORDER BY l.t, l.id LIMIT ?`, [ftsQuery, caseId, limit])
}

// ---- Log viewer reads (keyset pages, counts, histograms, facets) -------------------------------
// A line's sort time is SORT_KEY (its own time, or its previous timed line's: migration 3). Each
// entry is read on its own with its clock offset `off` applied as `key + off`; the index range uses
// `key` with 1 ms of slack around `bound - off` and the exact test is on `key + off`, the same float
// operation that produced the times the client holds, so keyset cursors never skip or repeat a line.

/** The sort-time expression, exactly as indexed by `log_lines_entry_key`. */
export const LOG_SORT_KEY = 'COALESCE(t, t_cont)'
const K = LOG_SORT_KEY

/** Row filters evaluated in SQL. `ftsMatch` is a ready FTS5 MATCH string (built from quoted terms). */
export interface LineFilter { levels?: readonly string[]; modules?: readonly string[]; ftsMatch?: string | null }
/** An effective-time window: a position (t, row key) and, optionally, inclusive time bounds. */
export interface KeyWindow { offset: number; after?: { t: number; id: number } | null; before?: { t: number; id: number } | null; start?: number | null; end?: number | null }

export interface LogPageRow { id: number; entry_id: number; line: number; k: number; t: number | null; level: string | null; module: string | null; message: string }

function inList(col: string, values: readonly string[] | undefined, parts: string[], params: SqlValue[]): void {
  if (!values || values.length === 0) return
  parts.push(`${col} IN (${values.map(() => '?').join(',')})`)
  params.push(...values)
}

/** WHERE clause (after `entry_id = ?`) of a line filter plus an effective-time window. */
function lineWhere(f: LineFilter, w: KeyWindow): { sql: string; params: SqlValue[] } {
  const parts: string[] = []
  const params: SqlValue[] = []
  const add = (sql: string, ...values: SqlValue[]) => {
    parts.push(sql)
    params.push(...values)
  }
  const o = w.offset
  const lo = Math.max(w.start ?? -Infinity, w.after?.t ?? -Infinity)
  const hi = Math.min(w.end ?? Infinity, w.before?.t ?? Infinity)
  if (lo > -Infinity) add(`${K} >= ?`, lo - o - 1)
  if (hi < Infinity) add(`${K} <= ?`, hi - o + 1)
  if (w.start != null) add(`${K} + ? >= ?`, o, w.start)
  if (w.end != null) add(`${K} + ? <= ?`, o, w.end)
  if (w.after) add(`(${K} + ? > ? OR (${K} + ? = ? AND id > ?))`, o, w.after.t, o, w.after.t, w.after.id)
  if (w.before) add(`(${K} + ? < ? OR (${K} + ? = ? AND id < ?))`, o, w.before.t, o, w.before.t, w.before.id)
  inList('level', f.levels, parts, params)
  inList('module', f.modules, parts, params)
  if (f.ftsMatch) add('id IN (SELECT rowid FROM log_fts WHERE log_fts MATCH ?)', f.ftsMatch)
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params }
}

/** Up to `limit` lines of one entry in sort order (`descending` walks backwards from `w.before`). */
export function entryLinesPage(db: Db, entryId: number, f: LineFilter, w: KeyWindow, descending: boolean, limit: number): Promise<LogPageRow[]> {
  const where = lineWhere(f, w)
  const dir = descending ? 'DESC' : 'ASC'
  return db.all<LogPageRow>(
    `SELECT id, entry_id, line, ${K} AS k, t, level, module, message FROM log_lines WHERE entry_id = ?${where.sql} ORDER BY ${K} ${dir}, id ${dir} LIMIT ?`,
    [entryId, ...where.params, limit])
}

/** How many lines of one entry pass the filter within the window. */
export async function entryLinesCount(db: Db, entryId: number, f: LineFilter, w: KeyWindow): Promise<number> {
  const where = lineWhere(f, w)
  return (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM log_lines WHERE entry_id = ?${where.sql}`, [entryId, ...where.params]))!.n
}

/** Line counts of one entry per time bucket: bucket b covers [start + b·bucketMs, start + (b+1)·bucketMs) in effective time. */
export function entryLinesHistogram(db: Db, entryId: number, f: LineFilter, w: KeyWindow, start: number, bucketMs: number): Promise<{ b: number; n: number }[]> {
  const where = lineWhere(f, w)
  return db.all<{ b: number; n: number }>(
    `SELECT CAST((${K} + ? - ?) / ? AS INTEGER) AS b, COUNT(*) AS n FROM log_lines WHERE entry_id = ?${where.sql} GROUP BY b`,
    [w.offset, start, bucketMs, entryId, ...where.params])
}

/** How many of the first `sample` lines at/after `from` (effective time) pass the filter: for estimates. */
export async function entryLinesSample(db: Db, entryId: number, f: LineFilter, offset: number, from: number, sample: number): Promise<{ seen: number; passed: number }> {
  const where = lineWhere(f, { offset })
  const row = await db.get<{ seen: number; passed: number | null }>(
    `SELECT COUNT(*) AS seen, SUM(CASE WHEN 1${where.sql} THEN 1 ELSE 0 END) AS passed
     FROM (SELECT id, level, module FROM log_lines WHERE entry_id = ? AND ${K} >= ? ORDER BY ${K}, id LIMIT ?)`,
    [...where.params, entryId, from - offset - 1, sample])
  return { seen: row!.seen, passed: row!.passed ?? 0 }
}

/** Sort-time bounds (no offset; lines without any time left out) and line count of one entry. */
export async function entryLinesExtent(db: Db, entryId: number): Promise<{ lo: number | null; hi: number | null; n: number }> {
  const row = await db.get<{ lo: number | null; hi: number | null; n: number }>(
    `SELECT MIN(CASE WHEN ${K} > -1e14 THEN ${K} END) AS lo, MAX(${K}) AS hi, COUNT(*) AS n FROM log_lines WHERE entry_id = ?`, [entryId])
  return row!
}

/** Lines of one entry per (level, module): the log viewer's facets. */
export function entryLinesFacets(db: Db, entryId: number): Promise<{ level: string | null; module: string | null; n: number }[]> {
  return db.all<{ level: string | null; module: string | null; n: number }>(
    'SELECT level, module, COUNT(*) AS n FROM log_lines WHERE entry_id = ? GROUP BY level, module', [entryId])
}

/** How many lines of the whole store match an FTS5 query (an upper bound for one case's). */
export async function ftsMatchCount(db: Db, ftsMatch: string): Promise<number> {
  return (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM log_fts WHERE log_fts MATCH ?', [ftsMatch]))!.n
}
