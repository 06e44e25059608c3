/**
 * Composition root: opens the store, builds services, the job runner and the dispatcher. The same
 * app serves Electron IPC, the loopback HTTP server and the CLI. `dispose()` tears down in reverse.
 */
import { join } from 'node:path'
import { JobRunner, type JobsMode } from './jobs/job-runner'
import { logFormatDirs } from './jobs/log-format-loader'
import { workerPath as defaultWorkerPath, resourcesDir } from './paths'
import { CaseService } from './services/case-service'
import { createCaseWork } from './services/case-work'
import { ClockService } from './services/clock-service'
import { seedDemoCase } from './services/demo-service'
import { createHandlers } from './services/handlers'
import { ImportService } from './services/import-service'
import { AnalysisService } from './services/analysis-service'
import { InspectService } from './services/inspect-service'
import { WhatIfService } from './services/whatif-service'
import { CaseWhatIfService } from './services/case-whatif-service'
import { WhatIfScenarioService } from './services/whatif-scenario-service'
import { LogsService } from './services/logs-service'
import type { PdfPrinter } from './services/pdf-printer'
import type { Services } from './services/services'
import { TimelineService } from './services/timeline-service'
import { openStore, type Store } from './store/store'
import { type Dispatch, createDispatcher } from './transport/dispatch'
import { EventBus } from './transport/event-bus'

export interface AppOptions {
  dataDir: string
  jobsMode: JobsMode
  workerPath?: string
  isElectron?: boolean
  /** Import the shipped demo bundle on first start. */
  seedDemo?: boolean
  checkOutputs?: boolean
  version?: string
  now?: () => number
  log?: (message: string, error?: unknown) => void
  /** Prints report HTML to PDF (Electron's printToPDF in the app); default: headless system Chromium. */
  printPdf?: PdfPrinter
}

export interface App {
  dispatch: Dispatch
  bus: EventBus
  services: Services
  store: Store
  dataDir: string
  dispose(): Promise<void>
}

export async function createApp(opts: AppOptions): Promise<App> {
  const now = opts.now ?? Date.now
  const log = opts.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''))
  const store = await openStore(opts.dataDir)
  const bus = new EventBus()
  const runner = new JobRunner({ mode: opts.jobsMode, workerPath: opts.workerPath ?? defaultWorkerPath(), bus })
  const cases = new CaseService(store.db, now, bus)
  // Built-in log formats, then the user's own in <data dir>/log-formats (overriding by id).
  const formatDirs = opts.dataDir === ':memory:' ? [join(resourcesDir(), 'log-formats')] : logFormatDirs(resourcesDir(), opts.dataDir)
  const imports = new ImportService({ store, runner, bus, cases, now, logFormatDirs: formatDirs })
  const analysis = new AnalysisService(store.db, runner, formatDirs)
  const work = createCaseWork({ store, bus, cases, analysis, dataDir: opts.dataDir, now, version: opts.version ?? '0.0.0', log, ...(opts.printPdf ? { printPdf: opts.printPdf } : {}) })
  const services: Services = {
    info: () => ({ version: opts.version ?? '0.0.0', dataDir: opts.dataDir, platform: process.platform, isElectron: opts.isElectron ?? false }),
    cases, imports, runner, timeline: new TimelineService(store.db), inspect: new InspectService(runner, formatDirs), whatif: new WhatIfService(runner, formatDirs),
    caseWhatif: new CaseWhatIfService(store.db), whatifScenarios: new WhatIfScenarioService(store.db, now),
    analysis, clock: new ClockService(store.db, bus),
    logs: new LogsService(store.db),
    annotations: work.annotations, knowledge: work.knowledge, reports: work.reports, archives: work.archives,
  }
  const dispatch = createDispatcher(createHandlers(services), { checkOutputs: opts.checkOutputs ?? false, log })
  if (opts.seedDemo) {
    await seedDemoCase(store.db, imports, join(resourcesDir(), 'demo', 'bundle')).catch((e: unknown) => log('demo case not seeded', e))
  }
  return {
    dispatch, bus, services, store, dataDir: opts.dataDir,
    async dispose() {
      runner.dispose()
      await work.dispose()
      await store.close()
    },
  }
}
