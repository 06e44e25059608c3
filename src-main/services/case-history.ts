/**
 * The edit history of cases: every change of a case's fields or of one of its annotations is one
 * row (written in the same transaction as the change), and `undo` reverts the newest edit not yet
 * undone, recording the undo itself. Case snapshots hold the changed fields only; annotation
 * snapshots hold the whole record.
 */
import { randomUUID } from 'node:crypto'
import type { HistoryEntryDto } from '../contract/cases-dto'
import type { Db } from '../store/db'
import { type AnnotationRecord, caseStream, deleteAnnotation, putAnnotation } from '../store/repos/annotations-repo'
import { type CasePatch, updateCase } from '../store/repos/cases-repo'
import { type HistoryRow, type NewHistory, insertHistory, lastUndoable, listHistory, markUndone } from '../store/repos/history-repo'

export type Snapshot = Record<string, unknown> | null

/** Appends one history row inside the caller's transaction; returns its id. */
export async function recordEdit(t: Db, h: Omit<NewHistory, 'id'>): Promise<string> {
  const id = randomUUID()
  await insertHistory(t, { ...h, id })
  return id
}

const show = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  return s.length > 40 ? `${s.slice(0, 39)}…` : s
}

/** `status: new → investigating; owner: — → li` or `annotation network.loss-burst created`. */
export function summarize(r: Pick<HistoryRow, 'target' | 'action' | 'before' | 'after'>): string {
  const before = r.before ? (JSON.parse(r.before) as Record<string, unknown>) : null
  const after = r.after ? (JSON.parse(r.after) as Record<string, unknown>) : null
  if (r.target === 'annotation') {
    const a = after ?? before
    const what = `annotation ${String(a?.category ?? '')}`
    if (r.action !== 'update' && r.action !== 'undo') return `${what} ${r.action === 'create' ? 'created' : 'deleted'}`
    if (!before || !after) return `${what} ${after ? 'restored' : 'removed'}`
  }
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])]
    .filter((k) => !['updatedAt', 'createdAt', 'id', 'caseId'].includes(k) && JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]))
  const diff = keys.map((k) => `${k}: ${before?.[k] === undefined || before[k] === null || before[k] === '' ? '—' : show(before[k])} → ${after?.[k] === undefined || after[k] === null || after[k] === '' ? '—' : show(after[k])}`).join('; ')
  return r.action === 'undo' ? `undo: ${diff}` : diff
}

export function toHistoryDto(r: HistoryRow): HistoryEntryDto {
  return {
    id: r.id, seq: r.seq, target: r.target, targetId: r.target_id, action: r.action, at: r.at, summary: summarize(r),
    undoneBy: r.undone_by, isUndoable: r.action !== 'undo' && r.undone_by === null,
  }
}

export async function caseHistory(db: Db, caseId: string, limit: number): Promise<HistoryEntryDto[]> {
  return (await listHistory(db, caseId, limit)).map(toHistoryDto)
}

/** Reverts the newest undoable edit of the case (inside the caller's transaction); null when none. */
export async function undoLast(t: Db, caseId: string, now: number): Promise<HistoryRow | null> {
  const last = await lastUndoable(t, caseId)
  if (!last) return null
  const before = last.before ? (JSON.parse(last.before) as Record<string, unknown>) : null
  const after = last.after ? (JSON.parse(last.after) as Record<string, unknown>) : null
  if (last.target === 'case') {
    await updateCase(t, caseId, (before ?? {}) as CasePatch, now)
  } else if (before === null) {
    await deleteAnnotation(t, last.target_id)
  } else {
    const record = { ...(before as unknown as AnnotationRecord), updatedAt: now }
    // The stream may have gone with its bundle since: keep the annotation, drop the link.
    if (record.streamId !== null && !(await caseStream(t, caseId, record.streamId))) record.streamId = null
    await putAnnotation(t, record)
  }
  const undoId = await recordEdit(t, { caseId, target: last.target, targetId: last.target_id, action: 'undo', before: after, after: before, at: now })
  await markUndone(t, last.id, undoId)
  return { ...last, undone_by: undoId }
}
