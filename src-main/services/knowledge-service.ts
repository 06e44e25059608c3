/**
 * The knowledge base: stored findings per case (refreshed after every import and on demand), full-text
 * search over cases, notes, findings and log lines, and similar past cases ranked by what they
 * share with the open case: finding signatures and root-cause categories, each weighted by its
 * rarity (ln(1 + N/df)), root causes twice as much, scaled by the other annotation's confidence.
 */
import type { CaseFindingsDto, SearchHitDto, SearchResultDto, SimilarCaseDto } from '../contract/cases-dto'
import { DomainError } from '../contract/errors'
import type { ParsedIn } from '../contract/methods'
import type { Db } from '../store/db'
import { listAnnotations } from '../store/repos/annotations-repo'
import { getCase } from '../store/repos/cases-repo'
import { analyzedAt, listCaseFindings, replaceCaseFindings } from '../store/repos/findings-repo'
import { categoryFrequency, searchDocs, searchLogLines, sharedScores, signatureFrequency } from '../store/repos/knowledge-repo'
import type { EventBus } from '../transport/event-bus'
import type { AnalysisService } from './analysis-service'
import type { CaseService } from './case-service'
import { toSummary } from './case-service'

const CANDIDATES = 200

export class KnowledgeService {
  private readonly inFlight = new Map<string, Promise<CaseFindingsDto>>()

  constructor(private readonly deps: { db: Db; analysis: AnalysisService; cases: CaseService; now: () => number; bus: EventBus }) {}

  async findings(caseId: string): Promise<CaseFindingsDto> {
    const { db } = this.deps
    if (!(await getCase(db, caseId))) throw new DomainError('NOT_FOUND', `no case ${caseId}`, { caseId })
    const at = await analyzedAt(db, caseId)
    if (at === null) return this.refresh(caseId)
    return { caseId, analyzedAt: at, findings: (await listCaseFindings(db, caseId)).map(findingDto) }
  }

  /** Runs the detectors over the case and stores its findings (one refresh per case at a time). */
  refresh(caseId: string): Promise<CaseFindingsDto> {
    const running = this.inFlight.get(caseId)
    if (running) return running
    const work = (async () => {
      const { analysis } = this.deps
      for (let attempt = 1; ; attempt++) {
        const { analysis: run, thresholdsKey } = await analysis.analyzeCaseWithKey(caseId)
        const now = this.deps.now()
        const stored = await this.deps.db.tx(async (t) => {
          if (!(await getCase(t, caseId))) throw new DomainError('NOT_FOUND', `case ${caseId} was deleted meanwhile`)
          // Thresholds saved while the detectors ran make this run stale: run again with them.
          if (attempt < 3 && (await analysis.thresholdsKey(t)) !== thresholdsKey) return false
          await replaceCaseFindings(t, caseId, run.findings, now)
          return true
        })
        if (stored) return { caseId, analyzedAt: now, findings: (await listCaseFindings(this.deps.db, caseId)).map(findingDto) }
      }
    })().finally(() => this.inFlight.delete(caseId))
    this.inFlight.set(caseId, work)
    return work
  }

  async search(input: ParsedIn<'knowledge.search'>): Promise<SearchResultDto> {
    const t0 = performance.now()
    const words = input.query.split(/\s+/).filter(Boolean)
    const docKinds = input.kinds.filter((k): k is 'case' | 'note' | 'finding' => k !== 'log')
    const caseId = input.caseId ?? null
    const hits: SearchHitDto[] = []
    let hasMore = false
    if (docKinds.length) {
      const rows = await searchDocs(this.deps.db, words, docKinds, caseId, input.limit + 1)
      hasMore ||= rows.length > input.limit
      for (const r of rows.slice(0, input.limit)) {
        hits.push({ kind: r.kind, caseId: r.case_id, caseTitle: r.case_title, ref: r.kind === 'finding' ? r.ref.slice(r.case_id.length + 1) : r.ref, title: r.title, snippet: r.snippet, t: null })
      }
    }
    if (input.kinds.includes('log')) {
      const rows = await searchLogLines(this.deps.db, words, caseId, input.limit + 1)
      hasMore ||= rows.length > input.limit
      for (const r of rows.slice(0, input.limit)) {
        hits.push({ kind: 'log', caseId: r.case_id, caseTitle: r.case_title, ref: String(r.id), title: `${r.path}:${r.line}`, snippet: r.snippet, t: r.t })
      }
    }
    return { hits, tookMs: Math.round((performance.now() - t0) * 10) / 10, hasMore }
  }

  async similar(caseId: string, limit: number): Promise<SimilarCaseDto[]> {
    const { db } = this.deps
    const mine = await this.findings(caseId)
    const myCauses = [...new Set((await listAnnotations(db, caseId)).map((a) => a.category))]
    const signatures = [...new Set(mine.findings.map((f) => f.signature))]
    if (!signatures.length && !myCauses.length) return []
    const total = (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM cases'))!.n
    const idf = (df: number) => Math.log(1 + total / Math.max(1, df))
    const sigW = new Map((await signatureFrequency(db, signatures)).map((r) => [r.signature, idf(r.n)]))
    const catW = new Map((await categoryFrequency(db, myCauses)).map((r) => [r.category, 2 * idf(r.n)]))
    const { bySignature, byCategory } = await sharedScores(db, caseId, sigW, catW, CANDIDATES)
    const scored = new Map<string, { score: number; sigs: string[]; causes: string[] }>()
    const at = (id: string) => scored.get(id) ?? scored.set(id, { score: 0, sigs: [], causes: [] }).get(id)!
    for (const r of bySignature) Object.assign(at(r.case_id), { sigs: r.shared.split('\n') }).score += r.score
    for (const r of byCategory) Object.assign(at(r.case_id), { causes: r.shared.split('\n') }).score += r.score
    const top = [...scored].sort((a, b) => b[1].score - a[1].score || a[0].localeCompare(b[0])).slice(0, limit)
    const targets = await this.deps.cases.slaTargets()
    const now = this.deps.now()
    const out: SimilarCaseDto[] = []
    for (const [id, s] of top) {
      const row = await getCase(db, id)
      if (!row) continue
      const notes = await listAnnotations(db, id)
      out.push({
        case: toSummary(row, targets, now), score: Math.round(s.score * 1000) / 1000, sharedSignatures: s.sigs.sort(), sharedRootCauses: s.causes.sort(),
        rootCauses: notes.map((a) => ({ annotationId: a.id, category: a.category, confidence: a.confidence, note: a.note.slice(0, 300) })),
      })
    }
    return out
  }
}

function findingDto(r: Awaited<ReturnType<typeof listCaseFindings>>[number]): CaseFindingsDto['findings'][number] {
  return {
    id: r.finding_id, signature: r.signature, detectorId: r.detector_id, category: r.category, severity: r.severity as 'info' | 'warning' | 'error',
    title: { en: r.title_en, zh: r.title_zh }, start: r.t_start, end: r.t_end, participant: r.participant, streamKey: r.stream_key,
  }
}
