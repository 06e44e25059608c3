/**
 * Imports bundles. One import is ONE store transaction from its first byte to its last: when the
 * job starts, the case (if new) and the bundle row are written; each entry gets its row as its
 * parsing begins and its log lines stream in as they are read; the parsed model completes the rows
 * at the end and the transaction commits. A failure or cancellation rolls all of it back, leaving
 * the store exactly as before.
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import type { ImportResultDto } from '../contract/dto'
import { DomainError } from '../contract/errors'
import type { ParsedIn } from '../contract/methods'
import type { LogLine } from '../core/model/call'
import type { JobRunner } from '../jobs/job-runner'
import type { ParseJobOutput } from '../jobs/parse-job'
import type { LongTx } from '../store/db'
import { insertBundleShell, insertPendingEntry, writeBundle } from '../store/repos/bundles-repo'
import { touchCase } from '../store/repos/cases-repo'
import { insertLogLines } from '../store/repos/log-lines-repo'
import type { Store } from '../store/store'
import type { EventBus } from '../transport/event-bus'
import type { CaseService } from './case-service'

export type ImportInput = ParsedIn<'bundles.import'> & { caseTitle?: string; isDemo?: boolean }

/** The open transaction and row ids of one running import. */
interface ImportSession { tx: LongTx; caseId: string; bundleId: string; entryIds: Map<number, number> }

export class ImportService {
  constructor(private readonly deps: { store: Store; runner: JobRunner; bus: EventBus; cases: CaseService; now: () => number; logFormatDirs: string[] }) {}

  /** Validates the request and starts the job; the result arrives as `job.finished`. */
  async start(input: ImportInput): Promise<{ jobId: string; done: Promise<ImportResultDto> }> {
    if (!existsSync(input.path)) throw new DomainError('NOT_FOUND', `no file or folder at ${input.path}`, { path: input.path })
    if (input.caseId && !(await this.deps.cases.exists(input.caseId))) throw new DomainError('NOT_FOUND', `no case ${input.caseId}`)
    const label = input.displayName ?? input.path.split(/[\\/]/).pop() ?? input.path
    const jobInput = { path: input.path, logFormatDirs: this.deps.logFormatDirs, ...(input.displayName ? { displayName: input.displayName } : {}) }
    let session: ImportSession | null = null
    const rollback = async () => {
      await session?.tx.rollback()
      session = null
    }
    return this.deps.runner.start(jobInput, label, {
      onStart: async () => {
        session = await this.open(input, label)
      },
      onEntry: async (index, path, sizeBytes) => {
        const s = session!
        s.entryIds.set(index, await insertPendingEntry(s.tx.db, s.bundleId, index, path, sizeBytes))
      },
      onLogs: async (index, lines: LogLine[]) => {
        const s = session!
        await insertLogLines(s.tx.db, s.entryIds.get(index)!, lines)
      },
      onOutput: async (output) => {
        try {
          const result = await this.complete(session!, input, output)
          await session!.tx.commit()
          session = null
          this.deps.bus.emit('case.updated', { caseId: result.caseId })
          return result
        } catch (e) {
          await rollback()
          throw e
        }
      },
      onAbort: rollback,
    })
  }

  /** Begins the import's transaction and writes the case (when new) and the bundle row. */
  private async open(input: ImportInput, label: string): Promise<ImportSession> {
    const tx = await this.deps.store.bulk.begin()
    try {
      const caseId = input.caseId ?? (await this.deps.cases.create({
        title: input.caseTitle ?? label, customer: '', appVersion: '', scenario: 'other', priority: 'P2', tier: 2, status: 'new',
        owner: '', tags: [], description: '', isDemo: input.isDemo ?? false,
      }, tx.db)).id
      const bundleId = randomUUID()
      await insertBundleShell(tx.db, { id: bundleId, caseId, name: label, sourcePath: input.path, importedAt: this.deps.now() })
      return { tx, caseId, bundleId, entryIds: new Map() }
    } catch (e) {
      await tx.rollback()
      throw e
    }
  }

  /** Writes the parsed model into the session's rows. */
  private async complete(s: ImportSession, input: ImportInput, output: ParseJobOutput): Promise<ImportResultDto> {
    const { now } = this.deps
    const counts = await writeBundle(s.tx.db, {
      id: s.bundleId, caseId: s.caseId, name: output.name, sourcePath: input.path, sha256: output.sha256, sizeBytes: output.sizeBytes,
      importedAt: now(), timeStart: output.timeStart, timeEnd: output.timeEnd, diagnostics: output.diagnostics, hasShell: true,
    }, output.entries.map((e, i) => ({
      ...(s.entryIds.has(i) ? { id: s.entryIds.get(i)! } : {}),
      path: e.path, sizeBytes: e.sizeBytes, encoding: e.encoding, participant: e.participant, parsed: e.parsed,
    })))
    await touchCase(s.tx.db, s.caseId, now())
    const diagnostics = [...output.diagnostics, ...output.entries.flatMap((e) => e.parsed.diagnostics)]
    return { caseId: s.caseId, bundleId: s.bundleId, entries: counts.entries, streams: counts.streams, series: counts.series, events: counts.events, diagnostics }
  }
}
