/**
 * The edit history of a case: one row per create / update / delete of the case or of one of its
 * annotations, with JSON snapshots before and after, and per undo the row it reverted.
 */
import type { Db } from '../db'

export type HistoryTarget = 'case' | 'annotation'
export type HistoryAction = 'create' | 'update' | 'delete' | 'undo'

export interface HistoryRow {
  id: string; case_id: string; seq: number; target: HistoryTarget; target_id: string; action: HistoryAction
  before: string | null; after: string | null; at: number; undone_by: string | null
}

export interface NewHistory { id: string; caseId: string; target: HistoryTarget; targetId: string; action: HistoryAction; before: unknown; after: unknown; at: number }

export async function insertHistory(db: Db, h: NewHistory): Promise<void> {
  await db.run(
    `INSERT INTO case_history (id, case_id, seq, target, target_id, action, before, after, at)
     VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM case_history WHERE case_id = ?), ?, ?, ?, ?, ?, ?)`, [
    h.id, h.caseId, h.caseId, h.target, h.targetId, h.action, h.before === null ? null : JSON.stringify(h.before), h.after === null ? null : JSON.stringify(h.after), h.at,
  ])
}

/** Newest first (by `seq`, the edit's position in its case). */
export function listHistory(db: Db, caseId: string, limit: number): Promise<HistoryRow[]> {
  return db.all<HistoryRow>('SELECT * FROM case_history WHERE case_id = ? ORDER BY seq DESC LIMIT ?', [caseId, limit])
}

/** The newest edit of the case that is not an undo and has not been undone. */
export function lastUndoable(db: Db, caseId: string): Promise<HistoryRow | undefined> {
  return db.get<HistoryRow>(
    "SELECT * FROM case_history WHERE case_id = ? AND action <> 'undo' AND undone_by IS NULL ORDER BY seq DESC LIMIT 1", [caseId])
}

export async function markUndone(db: Db, id: string, undoId: string): Promise<void> {
  await db.run('UPDATE case_history SET undone_by = ? WHERE id = ?', [undoId, id])
}
