/**
 * Imports bundles: starts a parse job and, when it succeeds, writes the whole bundle (and, when no
 * case was given, its new case) in ONE transaction. A failed or cancelled import writes nothing.
 */
import { existsSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import type { ImportResultDto } from '../contract/dto'
import { DomainError } from '../contract/errors'
import type { ParsedIn } from '../contract/methods'
import type { JobRunner } from '../jobs/job-runner'
import type { ParseJobOutput } from '../jobs/parse-job'
import type { Store } from '../store/store'
import { writeBundle } from '../store/repos/bundles-repo'
import { touchCase } from '../store/repos/cases-repo'
import type { EventBus } from '../transport/event-bus'
import type { CaseService } from './case-service'

export type ImportInput = ParsedIn<'bundles.import'> & { caseTitle?: string; isDemo?: boolean }

export class ImportService {
  constructor(private readonly deps: { store: Store; runner: JobRunner; bus: EventBus; cases: CaseService; now: () => number }) {}

  /** Validates the request and starts the job; the result arrives as `job.finished`. */
  async start(input: ImportInput): Promise<{ jobId: string; done: Promise<ImportResultDto> }> {
    if (!existsSync(input.path)) throw new DomainError('NOT_FOUND', `no file or folder at ${input.path}`, { path: input.path })
    if (input.caseId && !(await this.deps.cases.exists(input.caseId))) throw new DomainError('NOT_FOUND', `no case ${input.caseId}`)
    const label = input.displayName ?? input.path.split(/[\\/]/).pop() ?? input.path
    const jobInput = input.displayName ? { path: input.path, displayName: input.displayName } : { path: input.path }
    return this.deps.runner.start(jobInput, label, { onOutput: (output) => this.persist(input, output) })
  }

  private async persist(input: ImportInput, output: ParseJobOutput): Promise<ImportResultDto> {
    const { store, cases, bus, now } = this.deps
    const result = await store.bulk.tx(async (db) => {
      const caseId = input.caseId ?? (await cases.create({
        title: input.caseTitle ?? output.name, customer: '', appVersion: '', scenario: 'other', priority: 'P2', tier: 2, status: 'new',
        owner: '', tags: [], description: '', isDemo: input.isDemo ?? false,
      }, db)).id
      const bundleId = randomUUID()
      const counts = await writeBundle(db, {
        id: bundleId, caseId, name: output.name, sourcePath: input.path, sha256: output.sha256, sizeBytes: output.sizeBytes,
        importedAt: now(), timeStart: output.timeStart, timeEnd: output.timeEnd,
      }, output.entries.map((e) => ({ path: e.path, sizeBytes: e.sizeBytes, encoding: e.encoding, participant: e.participant, parsed: e.parsed })))
      await touchCase(db, caseId, now())
      const diagnostics = [...output.diagnostics, ...output.entries.flatMap((e) => e.parsed.diagnostics)]
      return { caseId, bundleId, entries: counts.entries, streams: counts.streams, series: counts.series, events: counts.events, diagnostics }
    })
    bus.emit('case.updated', { caseId: result.caseId })
    return result
  }
}
