/** Binds case work (issue 7) to its contract methods (contract/case-methods.ts): one line per method. */
import type { caseMethods } from '../contract/case-methods'
import type { Handlers } from './handlers'
import type { Services } from './services'

export function createCaseHandlers(s: Services): Pick<Handlers, keyof typeof caseMethods> {
  return {
    'cases.update': (i) => s.cases.update(i),
    'cases.delete': (i) => s.cases.delete(i.caseId),
    'cases.history': (i) => s.annotations.history(i.caseId, i.limit),
    'cases.undo': (i) => s.annotations.undo(i.caseId),
    'sla.get': () => s.cases.slaTargets(),
    'sla.set': (i) => s.cases.setSlaTargets(i),
    'annotations.list': (i) => s.annotations.list(i.caseId),
    'annotations.create': (i) => s.annotations.create(i),
    'annotations.update': (i) => s.annotations.update(i),
    'annotations.delete': (i) => s.annotations.delete(i.annotationId),
    'taxonomy.get': () => s.annotations.taxonomy(),
    'taxonomy.set': (i) => s.annotations.setTaxonomy(i),
    'findings.list': (i) => s.knowledge.findings(i.caseId),
    'findings.refresh': (i) => s.knowledge.refresh(i.caseId),
    'knowledge.search': (i) => s.knowledge.search(i),
    'knowledge.similar': (i) => s.knowledge.similar(i.caseId, i.limit),
    'reports.render': (i) => s.reports.render(i),
    'archives.export': (i) => s.archives.export(i.caseId, i.path),
    'archives.import': (i) => s.archives.import(i.path),
  }
}
