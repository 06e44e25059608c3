/** Binds the services to the contract: one line per method (a missing method is a compile error). */
import type { ParsedIn, Out, MethodName } from '../contract/methods'
import { createCaseHandlers } from './case-handlers'
import { createWhatIfHandlers } from './whatif-handlers'
import type { Services } from './services'

export interface CallCtx { origin: 'ipc' | 'http' | 'cli' }
export type Handlers = { [M in MethodName]: (input: ParsedIn<M>, ctx: CallCtx) => Promise<Out<M>> }

export function createHandlers(s: Services): Handlers {
  return {
    'app.info': async () => s.info(),
    'cases.list': (i) => s.cases.list(i),
    'cases.get': (i) => s.cases.get(i.caseId),
    'cases.create': (i) => s.cases.create(i),
    'bundles.import': async (i) => ({ jobId: (await s.imports.start(i)).jobId }),
    'bundles.inspect': (i) => s.inspect.inspect(i.path),
    'detectors.describe': () => s.analysis.describe(),
    'detectors.setThresholds': (i) => s.analysis.setThresholds(i.overrides),
    'clock.estimate': (i) => s.clock.estimate(i.caseId),
    'entries.setClockOffset': (i) => s.clock.setOffset(i.entryId, i.offsetMs),
    'jobs.list': async () => s.runner.list(),
    'jobs.cancel': async (i) => {
      s.runner.cancel(i.jobId)
      return null
    },
    'timeline.get': (i) => s.timeline.get(i.caseId),
    'timeline.points': (i) => s.timeline.points(i.seriesIds, i.range, i.maxPoints),
    'logs.query': (i) => s.logs.query(i.caseId, i.filters, i.cursor, i.direction, i.limit),
    'logs.locate': (i) => s.logs.locate(i.caseId, i.t, i.filters),
    'logs.count': (i) => s.logs.count(i.caseId, i.filters, i.buckets),
    'logs.facets': (i) => s.logs.facets(i.caseId),
    ...createCaseHandlers(s),
    ...createWhatIfHandlers(s),
  }
}
