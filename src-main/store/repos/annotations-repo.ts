/**
 * Root-cause annotations of a case: a time range, optionally a stream (and its participant), a
 * category of the taxonomy, a confidence, a Markdown note and evidence references (JSON).
 * SQL for the `annotations` table lives here only.
 */
import type { Db } from '../db'

export interface AnnotationRow {
  id: string; case_id: string; t_start: number; t_end: number; stream_id: number | null; participant: string; category: string
  confidence: number | null; note: string; evidence: string; created_at: number; updated_at: number
  stream_label: string | null
}

/** The stored fields of an annotation (what history snapshots hold). */
export interface AnnotationRecord {
  id: string; caseId: string; start: number; end: number; streamId: number | null; participant: string; category: string
  confidence: number | null; note: string; evidence: unknown[]; createdAt: number; updatedAt: number
}

const SELECT = `SELECT a.*, s.label AS stream_label FROM annotations a LEFT JOIN streams s ON s.id = a.stream_id`

export function toRecord(r: AnnotationRow): AnnotationRecord {
  return {
    id: r.id, caseId: r.case_id, start: r.t_start, end: r.t_end, streamId: r.stream_id, participant: r.participant, category: r.category,
    confidence: r.confidence, note: r.note, evidence: JSON.parse(r.evidence) as unknown[], createdAt: r.created_at, updatedAt: r.updated_at,
  }
}

/** Inserts, or overwrites every field of, an annotation (create, update and undo all write whole records). */
export async function putAnnotation(db: Db, a: AnnotationRecord): Promise<void> {
  await db.run(
    `INSERT INTO annotations (id, case_id, t_start, t_end, stream_id, participant, category, confidence, note, evidence, created_at, updated_at)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
     ON CONFLICT(id) DO UPDATE SET t_start = excluded.t_start, t_end = excluded.t_end, stream_id = excluded.stream_id,
       participant = excluded.participant, category = excluded.category, confidence = excluded.confidence, note = excluded.note,
       evidence = excluded.evidence, updated_at = excluded.updated_at`,
    [a.id, a.caseId, a.start, a.end, a.streamId, a.participant, a.category, a.confidence, a.note, JSON.stringify(a.evidence), a.createdAt, a.updatedAt])
}

export function getAnnotation(db: Db, id: string): Promise<AnnotationRow | undefined> {
  return db.get<AnnotationRow>(`${SELECT} WHERE a.id = ?`, [id])
}

export function listAnnotations(db: Db, caseId: string): Promise<AnnotationRow[]> {
  return db.all<AnnotationRow>(`${SELECT} WHERE a.case_id = ? ORDER BY a.t_start, a.created_at`, [caseId])
}

export async function deleteAnnotation(db: Db, id: string): Promise<boolean> {
  return (await db.run('DELETE FROM annotations WHERE id = ?', [id])).changes > 0
}

/** The stream's participant when the stream belongs to the case, else undefined. */
export async function caseStream(db: Db, caseId: string, streamId: number): Promise<{ participant: string; label: string } | undefined> {
  return db.get(
    `SELECT s.participant, s.label FROM streams s JOIN entries e ON e.id = s.entry_id JOIN bundles b ON b.id = e.bundle_id WHERE s.id = ? AND b.case_id = ?`,
    [streamId, caseId])
}

/** Log lines of the case among `ids`, with what an evidence reference shows of them. */
export function caseLogLines(db: Db, caseId: string, ids: readonly number[]): Promise<{ id: number; entry_id: number; line: number; path: string; message: string; t: number | null }[]> {
  if (!ids.length) return Promise.resolve([])
  return db.all(
    `SELECT l.id, l.entry_id, l.line, e.path, l.message, COALESCE(l.t, l.t_cont) + e.clock_offset_ms AS t FROM log_lines l JOIN entries e ON e.id = l.entry_id JOIN bundles b ON b.id = e.bundle_id
     WHERE b.case_id = ? AND l.id IN (${ids.map(() => '?').join(',')})`, [caseId, ...ids])
}

/** Events of the case among `ids`. */
export function caseEventRows(db: Db, caseId: string, ids: readonly number[]): Promise<{ id: number; type: string; message: string; t: number }[]> {
  if (!ids.length) return Promise.resolve([])
  return db.all(
    `SELECT v.id, v.type, v.message, v.t + e.clock_offset_ms AS t FROM events v JOIN entries e ON e.id = v.entry_id JOIN bundles b ON b.id = e.bundle_id
     WHERE b.case_id = ? AND v.id IN (${ids.map(() => '?').join(',')})`, [caseId, ...ids])
}
