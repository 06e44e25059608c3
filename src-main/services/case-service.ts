/** Cases: create, list, read with their bundles and entries. */
import { randomUUID } from 'node:crypto'
import type { CaseDetailDto, CaseSummaryDto, DiagnosticDto } from '../contract/dto'
import { DomainError } from '../contract/errors'
import type { ParsedIn } from '../contract/methods'
import type { Db } from '../store/db'
import { listBundles, listEntries } from '../store/repos/bundles-repo'
import { type CaseRow, getCase, insertCase, listCases } from '../store/repos/cases-repo'

export type NewCaseInput = ParsedIn<'cases.create'> & { isDemo?: boolean }

export class CaseService {
  constructor(private readonly db: Db, private readonly now: () => number) {}

  async list(query?: string): Promise<CaseSummaryDto[]> {
    return (await listCases(this.db, query?.trim() || undefined)).map(toSummary)
  }

  async get(caseId: string): Promise<CaseDetailDto> {
    const row = await getCase(this.db, caseId)
    if (!row) throw new DomainError('NOT_FOUND', `no case ${caseId}`, { caseId })
    const bundles = await listBundles(this.db, caseId)
    const entries = await listEntries(this.db, caseId)
    return {
      ...toSummary(row),
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
    const write = async (t: Db) => {
      const id = randomUUID()
      await insertCase(t, { ...input, id, isDemo: input.isDemo ?? false, now: this.now() })
      return toSummary((await getCase(t, id))!)
    }
    return db ? write(db) : this.db.tx(write)
  }

  async exists(caseId: string): Promise<boolean> {
    return (await getCase(this.db, caseId)) !== undefined
  }
}

export function toSummary(r: CaseRow): CaseSummaryDto {
  return {
    id: r.id, title: r.title, customer: r.customer, scenario: r.scenario as CaseSummaryDto['scenario'],
    priority: r.priority as CaseSummaryDto['priority'], status: r.status as CaseSummaryDto['status'], tier: r.tier, owner: r.owner,
    tags: JSON.parse(r.tags) as string[], createdAt: r.created_at, updatedAt: r.updated_at, bundleCount: r.bundle_count, isDemo: r.is_demo === 1,
  }
}
