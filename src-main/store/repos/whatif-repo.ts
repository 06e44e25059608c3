/**
 * What-if reads and writes (issue 6): the case's streams as replay candidates, the stored series a
 * stream's replay reads (its own, then its connection's; entry clock offset applied, as the
 * timeline shows them), and the scenarios saved with a case (`whatif_scenarios`). SQL lives here only.
 */
import type { SeriesData } from '../../core/model/call'
import { unpackFloat64 } from '../bulk'
import type { Db } from '../db'
import { SERIES_T_SQL } from './timeline-repo'

export interface ReplayStreamRow {
  id: number; entry_id: number; key: string; kind: 'audio' | 'video'; direction: 'send' | 'recv'; codec: string | null
  connection_key: string | null; label: string; participant: string; clock_offset_ms: number; has_loss: number
  /** Mean of the loss series the replay reads (the stream's own, else its connection's), or null. */
  loss_mean: number | null
}

const HAS_LOSS = `EXISTS (SELECT 1 FROM series x WHERE x.entry_id = s.entry_id AND x.metric = 'loss_pct' AND x.n > 0
  AND (x.stream_id = s.id OR (x.stream_id IS NULL AND s.connection_key IS NOT NULL AND x.connection_key = s.connection_key)))`
const LOSS_MEAN = `(SELECT x.v_mean FROM series x WHERE x.entry_id = s.entry_id AND x.metric = 'loss_pct' AND x.n > 0
  AND (x.stream_id = s.id OR (x.stream_id IS NULL AND x.connection_key = s.connection_key)) ORDER BY x.stream_id IS NULL, x.id LIMIT 1)`
const STREAM_SELECT = `SELECT s.id, s.entry_id, s.key, s.kind, s.direction, s.codec, s.connection_key, s.label, s.participant,
  e.clock_offset_ms, ${HAS_LOSS} AS has_loss, ${LOSS_MEAN} AS loss_mean
  FROM streams s JOIN entries e ON e.id = s.entry_id JOIN bundles b ON b.id = e.bundle_id`

/** The case's audio and video streams, in entry then stream order. */
export function whatifStreams(db: Db, caseId: string): Promise<ReplayStreamRow[]> {
  return db.all<ReplayStreamRow>(`${STREAM_SELECT} WHERE b.case_id = ? AND s.kind IN ('audio', 'video') ORDER BY s.entry_id, s.id`, [caseId])
}

/** One stream of the case, or undefined when the case has no such stream. */
export function whatifStream(db: Db, caseId: string, streamId: number): Promise<ReplayStreamRow | undefined> {
  return db.get<ReplayStreamRow>(`${STREAM_SELECT} WHERE b.case_id = ? AND s.id = ? AND s.kind IN ('audio', 'video')`, [caseId, streamId])
}

/**
 * The series of `metrics` a stream's replay may read: the stream's own and its connection's (the
 * same set the bundle path hands to `replayInputFromSeries`), times shifted by the entry's offset.
 */
export async function replaySeries(db: Db, stream: ReplayStreamRow, metrics: readonly string[]): Promise<SeriesData[]> {
  const rows = await db.all<{ stream_key: string | null; connection_key: string | null; metric: string; unit: string; t: Buffer; v: Buffer }>(
    `SELECT st.key AS stream_key, s.connection_key, s.metric, s.unit, ${SERIES_T_SQL} AS t, s.v
     FROM series s LEFT JOIN streams st ON st.id = s.stream_id
     WHERE s.entry_id = ? AND s.metric IN (${metrics.map(() => '?').join(',')})
       AND (s.stream_id = ? OR (s.stream_id IS NULL AND s.connection_key = ?)) ORDER BY s.id`,
    [stream.entry_id, ...metrics, stream.id, stream.connection_key])
  const offset = stream.clock_offset_ms
  return rows.map((r) => {
    const t = unpackFloat64(r.t)
    const shifted = offset === 0 ? t : t.map((x) => x + offset)
    return {
      metric: r.metric, unit: r.unit, t: shifted, v: unpackFloat64(r.v),
      ...(r.stream_key ? { streamKey: r.stream_key } : {}), ...(r.connection_key ? { connectionKey: r.connection_key } : {}),
    }
  })
}

// ---- Scenarios saved with a case ----------------------------------------------------------------

export interface ScenarioRow { case_id: string; id: string; label: string; body: string; created_at: number; updated_at: number }

export function listScenarios(db: Db, caseId: string): Promise<ScenarioRow[]> {
  return db.all<ScenarioRow>('SELECT * FROM whatif_scenarios WHERE case_id = ? ORDER BY created_at, id', [caseId])
}

export function getScenario(db: Db, caseId: string, id: string): Promise<ScenarioRow | undefined> {
  return db.get<ScenarioRow>('SELECT * FROM whatif_scenarios WHERE case_id = ? AND id = ?', [caseId, id])
}

export async function countScenarios(db: Db, caseId: string): Promise<number> {
  return (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM whatif_scenarios WHERE case_id = ?', [caseId]))!.n
}

/** Inserts a scenario, or replaces label and body of the one with the same id (keeping its creation time). */
export async function putScenario(db: Db, r: ScenarioRow): Promise<void> {
  await db.run(
    `INSERT INTO whatif_scenarios (case_id, id, label, body, created_at, updated_at) VALUES (?,?,?,?,?,?)
     ON CONFLICT(case_id, id) DO UPDATE SET label = excluded.label, body = excluded.body, updated_at = excluded.updated_at`,
    [r.case_id, r.id, r.label, r.body, r.created_at, r.updated_at])
}

/** Inserts a scenario unless the case already has one with that id (archive import: importing twice adds nothing). */
export async function insertScenarioIfAbsent(db: Db, r: ScenarioRow): Promise<boolean> {
  return (await db.run(
    'INSERT OR IGNORE INTO whatif_scenarios (case_id, id, label, body, created_at, updated_at) VALUES (?,?,?,?,?,?)',
    [r.case_id, r.id, r.label, r.body, r.created_at, r.updated_at])).changes > 0
}

export async function deleteScenario(db: Db, caseId: string, id: string): Promise<boolean> {
  return (await db.run('DELETE FROM whatif_scenarios WHERE case_id = ? AND id = ?', [caseId, id])).changes > 0
}
