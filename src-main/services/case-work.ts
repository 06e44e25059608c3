/**
 * Wiring of case work (issue 7) for the composition root: annotations, knowledge base, reports and
 * archives over the same store, and the import watcher that stores a case's findings after each
 * import (dispose waits for a refresh in flight, so the CLI never closes the store under it).
 */
import type { Store } from '../store/store'
import type { EventBus } from '../transport/event-bus'
import type { AnalysisService } from './analysis-service'
import { AnnotationService } from './annotation-service'
import { ArchiveService } from './archive-service'
import type { CaseService } from './case-service'
import { ExportService } from './export-service'
import { KnowledgeService } from './knowledge-service'
import { type PdfPrinter, chromiumPrinter } from './pdf-printer'

export interface CaseWork {
  annotations: AnnotationService
  knowledge: KnowledgeService
  reports: ExportService
  archives: ArchiveService
  /** Stops watching imports and waits for findings refreshes in flight. */
  dispose(): Promise<void>
}

export interface CaseWorkDeps {
  store: Store; bus: EventBus; cases: CaseService; analysis: AnalysisService; dataDir: string; now: () => number; version: string
  printPdf?: PdfPrinter; log: (message: string, error?: unknown) => void
}

export function createCaseWork(d: CaseWorkDeps): CaseWork {
  const db = d.store.db
  const annotations = new AnnotationService(db, d.now, d.bus)
  const knowledge = new KnowledgeService({ db, analysis: d.analysis, cases: d.cases, now: d.now, bus: d.bus })
  const reports = new ExportService({ db, cases: d.cases, analysis: d.analysis, annotations, now: d.now, version: d.version, printPdf: d.printPdf ?? chromiumPrinter() })
  const archives = new ArchiveService({ store: d.store, dataDir: d.dataDir, bus: d.bus, annotations, knowledge, now: d.now, version: d.version })
  const pending = new Set<Promise<unknown>>()
  const stop = d.bus.subscribe((name, payload) => {
    if (name !== 'job.finished') return
    const p = payload as { state: string; result?: { caseId: string; bundleId: string } }
    if (p.state !== 'done' || !p.result?.bundleId) return
    const work = knowledge.refresh(p.result.caseId).catch((e: unknown) => d.log(`findings of case ${p.result!.caseId} not stored`, e))
    pending.add(work)
    void work.finally(() => pending.delete(work))
  })
  return {
    annotations, knowledge, reports, archives,
    async dispose() {
      stop()
      await Promise.allSettled([...pending])
    },
  }
}
