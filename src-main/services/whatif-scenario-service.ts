/**
 * What-if scenarios saved with a case (issue 6): list, save (insert or replace by id) and delete,
 * each write in one transaction. Scenarios reach here validated by the contract (ScenarioDto); they
 * are stored as `{ patch?, audio?, video? }` JSON and go when their case goes (FK cascade).
 */
import { DomainError } from '../contract/errors'
import { type SavedScenarioDto, ScenarioDto } from '../contract/whatif-dto'
import type { Db } from '../store/db'
import { getCase } from '../store/repos/cases-repo'
import { type ScenarioRow, countScenarios, deleteScenario, getScenario, listScenarios, putScenario } from '../store/repos/whatif-repo'

/** Scenarios a case may keep. */
export const MAX_SCENARIOS_PER_CASE = 100

/** A stored row as the DTO; a row that no longer parses (edited by hand) is dropped rather than served. */
export function scenarioFromRow(r: ScenarioRow): SavedScenarioDto | null {
  let body: unknown
  try {
    body = JSON.parse(r.body)
  } catch {
    return null
  }
  const parsed = ScenarioDto.safeParse({ ...(body as object), id: r.id, label: r.label })
  return parsed.success ? { ...parsed.data, caseId: r.case_id, createdAt: r.created_at, updatedAt: r.updated_at } : null
}

/** The stored body of a scenario: its patches only (id and label are columns). */
export function scenarioBody(s: ScenarioDto): string {
  return JSON.stringify({ ...(s.patch ? { patch: s.patch } : {}), ...(s.audio ? { audio: s.audio } : {}), ...(s.video ? { video: s.video } : {}) })
}

export class WhatIfScenarioService {
  constructor(private readonly db: Db, private readonly now: () => number) {}

  async list(caseId: string): Promise<SavedScenarioDto[]> {
    await this.requireCase(caseId)
    return (await listScenarios(this.db, caseId)).map(scenarioFromRow).filter((s): s is SavedScenarioDto => s !== null)
  }

  async save(caseId: string, scenario: ScenarioDto): Promise<SavedScenarioDto> {
    const row = await this.db.tx(async (t) => {
      if (!(await getCase(t, caseId))) throw new DomainError('NOT_FOUND', `no case ${caseId}`)
      const existing = await getScenario(t, caseId, scenario.id)
      if (!existing && (await countScenarios(t, caseId)) >= MAX_SCENARIOS_PER_CASE) {
        throw new DomainError('CONFLICT', `a case keeps at most ${MAX_SCENARIOS_PER_CASE} scenarios; delete one first`)
      }
      const at = this.now()
      const r: ScenarioRow = { case_id: caseId, id: scenario.id, label: scenario.label, body: scenarioBody(scenario), created_at: existing?.created_at ?? at, updated_at: at }
      await putScenario(t, r)
      return r
    })
    return scenarioFromRow(row)!
  }

  async delete(caseId: string, scenarioId: string): Promise<null> {
    const isDeleted = await this.db.tx(async (t) => {
      if (!(await getCase(t, caseId))) throw new DomainError('NOT_FOUND', `no case ${caseId}`)
      return deleteScenario(t, caseId, scenarioId)
    })
    if (!isDeleted) throw new DomainError('NOT_FOUND', `case ${caseId} has no scenario ${scenarioId}`)
    return null
  }

  private async requireCase(caseId: string): Promise<void> {
    if (!(await getCase(this.db, caseId))) throw new DomainError('NOT_FOUND', `no case ${caseId}`)
  }
}
