/** Binds what-if on stored cases (issue 6) to its contract methods (contract/whatif-methods.ts): one line per method. */
import type { whatifMethods } from '../contract/whatif-methods'
import type { Handlers } from './handlers'
import type { Services } from './services'

export function createWhatIfHandlers(s: Services): Pick<Handlers, keyof typeof whatifMethods> {
  return {
    'whatif.presets': async () => s.caseWhatif.presets(),
    'whatif.streams': (i) => s.caseWhatif.streams(i.caseId),
    'whatif.replay': (i) => s.caseWhatif.replay(i),
    'whatif.sweep': (i) => s.caseWhatif.sweep(i),
    'whatif.listScenarios': (i) => s.whatifScenarios.list(i.caseId),
    'whatif.saveScenario': (i) => s.whatifScenarios.save(i.caseId, i.scenario),
    'whatif.deleteScenario': (i) => s.whatifScenarios.delete(i.caseId, i.scenarioId),
  }
}
