/** Binds the services to the contract: one line per method (a missing method is a compile error). */
import type { ParsedIn, Out, MethodName } from '../contract/methods'
import type { Services } from './services'

export interface CallCtx { origin: 'ipc' | 'http' | 'cli' }
export type Handlers = { [M in MethodName]: (input: ParsedIn<M>, ctx: CallCtx) => Promise<Out<M>> }

export function createHandlers(s: Services): Handlers {
  return {
    'app.info': async () => s.info(),
    'cases.list': (i) => s.cases.list(i.query),
    'cases.get': (i) => s.cases.get(i.caseId),
    'cases.create': (i) => s.cases.create(i),
    'bundles.import': async (i) => ({ jobId: (await s.imports.start(i)).jobId }),
    'bundles.inspect': (i) => s.inspect.inspect(i.path),
    'clock.estimate': (i) => s.clock.estimate(i.caseId),
    'entries.setClockOffset': (i) => s.clock.setOffset(i.entryId, i.offsetMs),
    'jobs.list': async () => s.runner.list(),
    'jobs.cancel': async (i) => {
      s.runner.cancel(i.jobId)
      return null
    },
    'timeline.get': (i) => s.timeline.get(i.caseId),
    'timeline.points': (i) => s.timeline.points(i.seriesIds, i.range, i.maxPoints),
  }
}
