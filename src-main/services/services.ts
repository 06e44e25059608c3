/** The set of application services the handlers bind to. */
import type { JobRunner } from '../jobs/job-runner'
import type { AnalysisService } from './analysis-service'
import type { AnnotationService } from './annotation-service'
import type { ArchiveService } from './archive-service'
import type { CaseService } from './case-service'
import type { ClockService } from './clock-service'
import type { ExportService } from './export-service'
import type { ImportService } from './import-service'
import type { InspectService } from './inspect-service'
import type { KnowledgeService } from './knowledge-service'
import type { WhatIfService } from './whatif-service'
import type { CaseWhatIfService } from './case-whatif-service'
import type { WhatIfScenarioService } from './whatif-scenario-service'
import type { LogsService } from './logs-service'
import type { TimelineService } from './timeline-service'

export interface AppInfo { version: string; dataDir: string; platform: string; isElectron: boolean }

export interface Services {
  info(): AppInfo
  cases: CaseService
  clock: ClockService
  imports: ImportService
  inspect: InspectService
  whatif: WhatIfService
  /** What-if on stored cases: replays, sweeps (issue 6). */
  caseWhatif: CaseWhatIfService
  /** What-if scenarios saved with a case. */
  whatifScenarios: WhatIfScenarioService
  analysis: AnalysisService
  logs: LogsService
  timeline: TimelineService
  runner: JobRunner
  annotations: AnnotationService
  knowledge: KnowledgeService
  reports: ExportService
  archives: ArchiveService
}
