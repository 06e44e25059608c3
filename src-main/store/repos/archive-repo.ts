/**
 * Raw rows of one case for case archives: read table by table (log lines in keyset pages), and
 * written back on another store with new integer ids (text ids — case, bundles, annotations,
 * history — are kept, which is what makes a second import of the same archive add nothing).
 * Column names come from the live schema (`PRAGMA table_info`), never from the archive.
 */
import { insertMany } from '../bulk'
import type { Db, SqlValue } from '../db'

export type Row = Record<string, SqlValue>

/** The tables of a case, in dependency order, and how to select one case's rows of each. */
export const CASE_TABLES = {
  cases: 'SELECT * FROM cases WHERE id = ?',
  bundles: 'SELECT * FROM bundles WHERE case_id = ? ORDER BY imported_at, id',
  entries: 'SELECT e.* FROM entries e JOIN bundles b ON b.id = e.bundle_id WHERE b.case_id = ? ORDER BY e.id',
  connections: 'SELECT x.* FROM connections x JOIN entries e ON e.id = x.entry_id JOIN bundles b ON b.id = e.bundle_id WHERE b.case_id = ? ORDER BY x.id',
  streams: 'SELECT x.* FROM streams x JOIN entries e ON e.id = x.entry_id JOIN bundles b ON b.id = e.bundle_id WHERE b.case_id = ? ORDER BY x.id',
  series: 'SELECT x.* FROM series x JOIN entries e ON e.id = x.entry_id JOIN bundles b ON b.id = e.bundle_id WHERE b.case_id = ? ORDER BY x.id',
  events: 'SELECT x.* FROM events x JOIN entries e ON e.id = x.entry_id JOIN bundles b ON b.id = e.bundle_id WHERE b.case_id = ? ORDER BY x.id',
  annotations: 'SELECT * FROM annotations WHERE case_id = ? ORDER BY created_at, id',
  case_history: 'SELECT * FROM case_history WHERE case_id = ? ORDER BY seq',
  whatif_scenarios: 'SELECT * FROM whatif_scenarios WHERE case_id = ? ORDER BY created_at, id',
} as const
export type CaseTable = keyof typeof CASE_TABLES | 'log_lines'

export function caseRows(db: Db, table: keyof typeof CASE_TABLES, caseId: string): Promise<Row[]> {
  return db.all<Row>(CASE_TABLES[table], [caseId])
}

/** Log lines of one entry after row id `after`, in id order. */
export function logLinePage(db: Db, entryId: number, after: number, limit: number): Promise<Row[]> {
  return db.all<Row>('SELECT id, entry_id, line, t, level, module, message, t_cont FROM log_lines WHERE entry_id = ? AND id > ? ORDER BY id LIMIT ?', [entryId, after, limit])
}

/** The column names of a table in this store's schema. */
export async function tableColumns(db: Db, table: string): Promise<Set<string>> {
  return new Set((await db.all<{ name: string }>(`PRAGMA table_info(${table})`)).map((c) => c.name))
}

/** Inserts one row (known columns only, `id` dropped when `dropId`); returns the new rowid. */
export async function insertRow(db: Db, table: string, columns: Set<string>, row: Row, dropId: boolean): Promise<number> {
  const keys = Object.keys(row).filter((k) => columns.has(k) && !(dropId && k === 'id'))
  const r = await db.run(`INSERT INTO ${table} (${keys.join(',')}) VALUES (${keys.map(() => '?').join(',')})`, keys.map((k) => row[k] ?? null))
  return r.lastID
}

/** Inserts rows of one shape without their ids, in batches. */
export async function insertRows(db: Db, table: string, columns: Set<string>, rows: Row[]): Promise<number | null> {
  if (!rows.length) return null
  const keys = Object.keys(rows[0]!).filter((k) => columns.has(k) && k !== 'id')
  return insertMany(db, table, keys, rows.map((r) => keys.map((k) => r[k] ?? null)))
}

/** Indexes freshly inserted log lines (rowids first..last) for full-text search. */
export async function indexLogLines(db: Db, first: number, last: number): Promise<void> {
  await db.run('INSERT INTO log_fts (rowid, message) SELECT id, message FROM log_lines WHERE id BETWEEN ? AND ?', [first, last])
}

/** Where an entry of a bundle is in this store (bundles are matched by id or by content hash). */
export async function entryAt(db: Db, bundleId: string, position: number): Promise<number | null> {
  return (await db.get<{ id: number }>('SELECT id FROM entries WHERE bundle_id = ? AND position = ? ORDER BY id LIMIT 1', [bundleId, position]))?.id ?? null
}

export async function streamIn(db: Db, entryId: number, key: string): Promise<number | null> {
  return (await db.get<{ id: number }>('SELECT id FROM streams WHERE entry_id = ? AND key = ? ORDER BY id LIMIT 1', [entryId, key]))?.id ?? null
}

export async function logLineIn(db: Db, entryId: number, line: number): Promise<number | null> {
  return (await db.get<{ id: number }>('SELECT id FROM log_lines WHERE entry_id = ? AND line = ? ORDER BY id LIMIT 1', [entryId, line]))?.id ?? null
}

export async function eventIn(db: Db, entryId: number, t: number, type: string): Promise<number | null> {
  return (await db.get<{ id: number }>('SELECT id FROM events WHERE entry_id = ? AND t = ? AND type = ? ORDER BY id LIMIT 1', [entryId, t, type]))?.id ?? null
}

/** Stable locators (bundle, entry position, key/line/time) of the rows an annotation points at. */
export function streamLocator(db: Db, streamId: number): Promise<{ bundle_id: string; position: number; key: string } | undefined> {
  return db.get('SELECT e.bundle_id, e.position, s.key FROM streams s JOIN entries e ON e.id = s.entry_id WHERE s.id = ?', [streamId])
}
export function logLineLocator(db: Db, id: number): Promise<{ bundle_id: string; position: number; line: number } | undefined> {
  return db.get('SELECT e.bundle_id, e.position, l.line FROM log_lines l JOIN entries e ON e.id = l.entry_id WHERE l.id = ?', [id])
}
export function eventLocator(db: Db, id: number): Promise<{ bundle_id: string; position: number; t: number; type: string } | undefined> {
  return db.get('SELECT e.bundle_id, e.position, v.t, v.type FROM events v JOIN entries e ON e.id = v.entry_id WHERE v.id = ?', [id])
}

/** A bundle of the case with this content hash, if one is already stored. */
export async function bundleBySha(db: Db, caseId: string, sha256: string): Promise<string | null> {
  if (!sha256) return null
  return (await db.get<{ id: string }>('SELECT id FROM bundles WHERE case_id = ? AND sha256 = ? LIMIT 1', [caseId, sha256]))?.id ?? null
}

export async function exists(db: Db, table: 'cases' | 'bundles' | 'annotations' | 'case_history', id: string): Promise<Row | undefined> {
  return db.get<Row>(`SELECT * FROM ${table} WHERE id = ?`, [id])
}

export async function nextHistorySeq(db: Db, caseId: string): Promise<number> {
  return (await db.get<{ n: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM case_history WHERE case_id = ?', [caseId]))!.n
}
