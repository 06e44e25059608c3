/**
 * Log lines of text-log entries: stored in batches inside the import's transaction, indexed for
 * full-text search (FTS5 over the message) and for time lookups per entry.
 */
import type { LogLine } from '../../core/model/call'
import { insertMany } from '../bulk'
import type { Db } from '../db'

/** Inserts a batch of an entry's lines and indexes their messages. */
export async function insertLogLines(db: Db, entryId: number, lines: readonly LogLine[]): Promise<void> {
  if (lines.length === 0) return
  const first = await insertMany(db, 'log_lines', ['entry_id', 'line', 't', 'level', 'module', 'message'],
    lines.map((l) => [entryId, l.line, l.t, l.level ?? null, l.module ?? null, l.message]))
  await db.run('INSERT INTO log_fts (rowid, message) SELECT id, message FROM log_lines WHERE id BETWEEN ? AND ?', [first, first! + lines.length - 1])
}

export interface LogHitRow { id: number; entry_id: number; line: number; t: number | null; level: string | null; module: string | null; message: string }

/** Lines of a case matching an FTS5 query, in time order (clock offsets applied). */
export function searchCaseLogs(db: Db, caseId: string, ftsQuery: string, limit: number): Promise<LogHitRow[]> {
  return db.all<LogHitRow>(
    `SELECT l.id, l.entry_id, l.line, l.t + e.clock_offset_ms AS t, l.level, l.module, l.message
     FROM log_fts JOIN log_lines l ON l.id = log_fts.rowid JOIN entries e ON e.id = l.entry_id JOIN bundles b ON b.id = e.bundle_id
     WHERE log_fts MATCH ? AND b.case_id = ? ORDER BY l.t, l.id LIMIT ?`, [ftsQuery, caseId, limit])
}
