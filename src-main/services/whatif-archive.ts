/**
 * What-if scenarios in case archives: a stored row of `whatif_scenarios` read back from an archive
 * (external input: checked against the contract's ScenarioDto) and added unless the case already
 * has a scenario with that id, so importing the same archive twice adds nothing.
 */
import type { Db } from '../store/db'
import type { Row } from '../store/repos/archive-repo'
import { type ScenarioRow, insertScenarioIfAbsent } from '../store/repos/whatif-repo'
import { scenarioFromRow } from './whatif-scenario-service'

/** Adds one archived scenario to `caseId`; true when added, false when the case had it already. Throws on a row that is not a valid scenario of the case. */
export async function importScenarioRow(db: Db, caseId: string, row: Row): Promise<boolean> {
  if (row.case_id !== caseId) throw new Error('a what-if scenario of another case')
  const r: ScenarioRow = {
    case_id: caseId, id: String(row.id), label: String(row.label), body: String(row.body), created_at: Number(row.created_at), updated_at: Number(row.updated_at),
  }
  if (!Number.isFinite(r.created_at) || !Number.isFinite(r.updated_at) || !scenarioFromRow(r)) throw new Error(`what-if scenario ${r.id} is not a valid scenario`)
  return insertScenarioIfAbsent(db, r)
}
