/** What a case report reads beyond the timeline: bundles with their hashes and entries' participants. */
import type { Db } from '../db'

export interface ReportBundleRow { id: string; name: string; sha256: string; size_bytes: number; imported_at: number }
export interface ReportEntryRow { id: number; bundle_id: string; path: string; format: string; kind: string; participant: string }

export function reportBundles(db: Db, caseId: string): Promise<ReportBundleRow[]> {
  return db.all<ReportBundleRow>('SELECT id, name, sha256, size_bytes, imported_at FROM bundles WHERE case_id = ? ORDER BY imported_at', [caseId])
}

export function reportEntries(db: Db, caseId: string): Promise<ReportEntryRow[]> {
  return db.all<ReportEntryRow>(
    `SELECT e.id, e.bundle_id, e.path, e.format, e.kind, e.participant FROM entries e JOIN bundles b ON b.id = e.bundle_id
     WHERE b.case_id = ? ORDER BY b.imported_at, e.position, e.id`, [caseId])
}
