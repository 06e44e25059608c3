/**
 * Cases: the filtered list, the detail with bundles and entries, create, update (status workflow,
 * SLA stamps, optimistic concurrency, history), delete, and the SLA targets setting. Every write is
 * one transaction; every change emits `case.updated`.
 */
import { randomUUID } from 'node:crypto'
import type { SlaTargetsDto } from '../contract/cases-dto'
import type { CaseDetailDto, CaseSummaryDto, DiagnosticDto } from '../contract/dto'
import { DomainError } from '../contract/errors'
import type { ParsedIn } from '../contract/methods'
import { type CaseStatus, TRANSITIONS, canTransition, stampsAfter } from '../core/cases/workflow'
import { DEFAULT_SLA_TARGETS, PRIORITY_LEVELS, type Priority, type SlaClock, type SlaClocks, type SlaTargets, slaClocks } from '../core/cases/sla'
import type { Db } from '../store/db'
import { listBundles, listEntries } from '../store/repos/bundles-repo'
import { type CasePatch, type CaseRow, deleteCase, getCase, insertCase, listCases, updateCase } from '../store/repos/cases-repo'
import { getSetting, setSetting } from '../store/repos/settings-repo'
import type { EventBus } from '../transport/event-bus'
import { recordEdit } from './case-history'

export type NewCaseInput = ParsedIn<'cases.create'> & { isDemo?: boolean }
export type CaseListInput = ParsedIn<'cases.list'>
export type CaseUpdateInput = ParsedIn<'cases.update'>

export const SLA_KEY = 'sla.targets'

export class CaseService {
  constructor(private readonly db: Db, private readonly now: () => number, private readonly bus?: EventBus) {}

  async list(input: Partial<CaseListInput> = {}): Promise<CaseSummaryDto[]> {
    const targets = await this.slaTargets()
    const dueMs = Object.fromEntries(PRIORITY_LEVELS.map((p) => [p, { firstResponse: targets[p].firstResponseMin * 60_000, resolution: targets[p].resolutionMin * 60_000 }]))
    const rows = await listCases(this.db, { ...input, query: input.query?.trim() || undefined, dueMs })
    const now = this.now()
    return rows.map((r) => toSummary(r, targets, now))
  }

  async get(caseId: string): Promise<CaseDetailDto> {
    const row = await this.row(caseId)
    const [bundles, entries, targets] = await Promise.all([listBundles(this.db, caseId), listEntries(this.db, caseId), this.slaTargets()])
    return {
      ...toSummary(row, targets, this.now()),
      description: row.description,
      appVersion: row.app_version,
      bundles: bundles.map((b) => ({
        id: b.id, caseId: b.case_id, name: b.name, sizeBytes: b.size_bytes, importedAt: b.imported_at, timeStart: b.t_start, timeEnd: b.t_end,
        entries: entries.filter((e) => e.bundle_id === b.id).map((e) => ({
          id: e.id, path: e.path, kind: e.kind, format: e.format, encoding: e.encoding, sizeBytes: e.size_bytes,
          participant: e.participant, clockOffsetMs: e.clock_offset_ms, diagnostics: JSON.parse(e.diagnostics) as DiagnosticDto[],
        })),
      })),
    }
  }

  /** Creates a case in its own transaction, or inside the caller's (`db` of an open transaction, e.g. an import's). */
  async create(input: NewCaseInput, db?: Db): Promise<CaseSummaryDto> {
    const targets = await this.slaTargets()
    const write = async (t: Db) => {
      const id = randomUUID()
      const now = this.now()
      await insertCase(t, { ...input, id, isDemo: input.isDemo ?? false, now })
      if (input.status !== 'new') await updateCase(t, id, stampsAfter('new', input.status, { firstResponseAt: null, resolvedAt: null, closedAt: null }, now), now)
      return toSummary((await getCase(t, id))!, targets, now)
    }
    return db ? write(db) : this.db.tx(write)
  }

  /** Applies field changes; a status change must follow the workflow. Recorded in the case history. */
  async update(input: CaseUpdateInput): Promise<CaseSummaryDto> {
    const targets = await this.slaTargets()
    const result = await this.db.tx(async (t) => {
      const row = await getCase(t, input.caseId)
      if (!row) throw new DomainError('NOT_FOUND', `no case ${input.caseId}`, { caseId: input.caseId })
      if (input.expectedUpdatedAt !== undefined && input.expectedUpdatedAt !== row.updated_at) {
        throw new DomainError('CONFLICT', 'the case was changed elsewhere (another window?): reload it and try again', { updatedAt: row.updated_at })
      }
      const now = this.now()
      const current = snapshot(row)
      const patch: CasePatch = { ...input.fields }
      const from = row.status as CaseStatus
      const to = (input.fields.status ?? from) as CaseStatus
      if (!canTransition(from, to)) {
        throw new DomainError('CONFLICT', `a case cannot go from ${from} to ${to}; from ${from} it can go to ${TRANSITIONS[from].join(', ')}`, { from, to })
      }
      Object.assign(patch, stampsAfter(from, to, { firstResponseAt: row.first_response_at, resolvedAt: row.resolved_at, closedAt: row.closed_at }, now))
      if (input.markResponded && patch.firstResponseAt === null) patch.firstResponseAt = now
      const changed = (Object.keys(patch) as (keyof CasePatch)[]).filter((k) => JSON.stringify(patch[k]) !== JSON.stringify(current[k]))
      if (changed.length === 0) return toSummary(row, targets, now)
      const before = Object.fromEntries(changed.map((k) => [k, current[k]]))
      const after = Object.fromEntries(changed.map((k) => [k, patch[k]]))
      await updateCase(t, input.caseId, after as CasePatch, now)
      await recordEdit(t, { caseId: input.caseId, target: 'case', targetId: input.caseId, action: 'update', before, after, at: now })
      return toSummary((await getCase(t, input.caseId))!, targets, now)
    })
    this.bus?.emit('case.updated', { caseId: input.caseId })
    return result
  }

  async delete(caseId: string): Promise<null> {
    const isDeleted = await this.db.tx((t) => deleteCase(t, caseId))
    if (!isDeleted) throw new DomainError('NOT_FOUND', `no case ${caseId}`, { caseId })
    this.bus?.emit('case.updated', { caseId })
    return null
  }

  async exists(caseId: string): Promise<boolean> {
    return (await getCase(this.db, caseId)) !== undefined
  }

  /** The SLA targets setting (defaults when unset or unreadable). */
  async slaTargets(): Promise<SlaTargets> {
    const saved = await getSetting<Partial<SlaTargets>>(this.db, SLA_KEY).catch(() => undefined)
    const out = { ...DEFAULT_SLA_TARGETS }
    for (const p of PRIORITY_LEVELS) {
      const t = saved?.[p]
      if (t && Number.isFinite(t.firstResponseMin) && Number.isFinite(t.resolutionMin)) out[p] = { firstResponseMin: t.firstResponseMin, resolutionMin: t.resolutionMin }
    }
    return out
  }

  async setSlaTargets(targets: SlaTargetsDto): Promise<SlaTargetsDto> {
    await this.db.tx((t) => setSetting(t, SLA_KEY, targets))
    return this.slaTargets()
  }

  private async row(caseId: string): Promise<CaseRow> {
    const row = await getCase(this.db, caseId)
    if (!row) throw new DomainError('NOT_FOUND', `no case ${caseId}`, { caseId })
    return row
  }
}

/** The editable fields and stamps of a case row, as a CasePatch (what history snapshots hold). */
export function snapshot(r: CaseRow): Required<CasePatch> {
  return {
    title: r.title, customer: r.customer, appVersion: r.app_version, scenario: r.scenario, priority: r.priority, tier: r.tier, status: r.status,
    owner: r.owner, tags: JSON.parse(r.tags) as string[], description: r.description, firstResponseAt: r.first_response_at,
    resolvedAt: r.resolved_at, closedAt: r.closed_at,
  }
}

export function toSummary(r: CaseRow, targets: SlaTargets, now: number): CaseSummaryDto {
  const priority = (PRIORITY_LEVELS as readonly string[]).includes(r.priority) ? (r.priority as Priority) : 'P2'
  return {
    id: r.id, title: r.title, customer: r.customer, scenario: r.scenario as CaseSummaryDto['scenario'],
    priority, status: r.status as CaseSummaryDto['status'], tier: r.tier, owner: r.owner,
    tags: JSON.parse(r.tags) as string[], createdAt: r.created_at, updatedAt: r.updated_at, bundleCount: r.bundle_count, isDemo: r.is_demo === 1,
    firstResponseAt: r.first_response_at, resolvedAt: r.resolved_at, closedAt: r.closed_at,
    sla: slaDto(slaClocks({ priority, createdAt: r.created_at, firstResponseAt: r.first_response_at, resolvedAt: r.resolved_at, closedAt: r.closed_at }, targets, now)),
  }
}

/** The wire form of the clocks: without `remainingMs`, so a listing does not change by merely being read later. */
function slaDto(c: SlaClocks): CaseSummaryDto['sla'] {
  const one = ({ remainingMs: _r, ...rest }: SlaClock) => rest
  return { firstResponse: one(c.firstResponse), resolution: one(c.resolution) }
}
