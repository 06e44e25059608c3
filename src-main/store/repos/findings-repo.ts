/**
 * A case's stored findings (what the detector engine found when the case was last analysed) and
 * when that was: the basis of similar-case search and of finding hits in the knowledge base.
 */
import type { Finding } from '../../core/detectors'
import { insertMany } from '../bulk'
import type { Db } from '../db'

export interface CaseFindingRow {
  finding_id: string; signature: string; detector_id: string; category: string; severity: string; title_en: string; title_zh: string
  t_start: number; t_end: number; participant: string; stream_key: string
}

/** Replaces the case's findings and records the analysis time (inside the caller's transaction). */
export async function replaceCaseFindings(db: Db, caseId: string, findings: readonly Finding[], now: number): Promise<void> {
  await db.run('DELETE FROM case_findings WHERE case_id = ?', [caseId])
  await insertMany(db, 'case_findings',
    ['case_id', 'finding_id', 'signature', 'detector_id', 'category', 'severity', 'title_en', 'title_zh', 'explanation', 't_start', 't_end', 'participant', 'stream_key'],
    findings.map((f) => [
      caseId, f.id, f.signature, f.detectorId, f.category, f.severity, f.title.en, f.title.zh, `${f.explanation.en}\n${f.explanation.zh}`,
      f.start, f.end, f.participant ?? '', f.streamKey ?? '',
    ]))
  await db.run(
    'INSERT INTO case_analysis (case_id, analyzed_at, findings) VALUES (?, ?, ?) ON CONFLICT(case_id) DO UPDATE SET analyzed_at = excluded.analyzed_at, findings = excluded.findings',
    [caseId, now, findings.length])
}

export function listCaseFindings(db: Db, caseId: string): Promise<CaseFindingRow[]> {
  return db.all<CaseFindingRow>(
    `SELECT finding_id, signature, detector_id, category, severity, title_en, title_zh, t_start, t_end, participant, stream_key
     FROM case_findings WHERE case_id = ? ORDER BY t_start, finding_id`, [caseId])
}

export async function analyzedAt(db: Db, caseId: string): Promise<number | null> {
  return (await db.get<{ analyzed_at: number }>('SELECT analyzed_at FROM case_analysis WHERE case_id = ?', [caseId]))?.analyzed_at ?? null
}

/**
 * Forgets when every case was analysed (its findings stay until then), so each case is analysed
 * again the next time its findings are asked for: used when the detector thresholds change.
 */
export async function markAllAnalysesStale(db: Db): Promise<number> {
  return (await db.run('DELETE FROM case_analysis')).changes
}
