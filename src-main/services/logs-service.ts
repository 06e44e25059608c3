/**
 * The log viewer of a case: text-log lines and the case's typed events as ONE stream of rows in
 * viewer order (sort time with each entry's clock offset applied, then row key). Each entry is read
 * on its own (its offset keeps its index order) and the entries are merged k-way, so every page is
 * a keyset read (no OFFSET) whatever its depth. Full-text goes to FTS5 as quoted words (never raw
 * syntax); a regex is tested here, in JS, over a bounded scan that answers `isPartial` with a place
 * to resume. Counts are exact when that is cheap, else estimated from a sample and flagged.
 */
import type { LogCountDto, LogCursor, LogFacetsDto, LogFilters, LogLocateDto, LogPageDto, LogRowDto } from '../contract/dto'
import { DomainError } from '../contract/errors'
import type { Db } from '../store/db'
import { getCase } from '../store/repos/cases-repo'
import {
  type LineFilter, entryLinesCount, entryLinesExtent, entryLinesFacets, entryLinesHistogram, entryLinesPage, entryLinesSample, ftsMatchCount,
} from '../store/repos/log-lines-repo'
import { type EventFilter, caseLogSources, entryEventsCount, entryEventsFacets, entryEventsHistogram, entryEventsPage } from '../store/repos/timeline-repo'

/**
 * Where exact work stops and bounded work begins: a regex page (or locate) examines at most
 * `regexScanCap` candidates for at most `regexBudgetMs`, then answers partial; filtered counts that
 * would visit more than `exactVisitLimit` rows, and regex counts over more than `regexExactLimit`
 * candidates, are estimated from `sampleRows` rows.
 */
export interface LogLimits { regexScanCap: number; regexBudgetMs: number; exactVisitLimit: number; regexExactLimit: number; sampleRows: number }

export const DEFAULT_LOG_LIMITS: LogLimits = { regexScanCap: 100_000, regexBudgetMs: 400, exactVisitLimit: 1_000_000, regexExactLimit: 50_000, sampleRows: 20_000 }
const SCAN_BATCH = 1000
const MAX_WORDS = 16
/** Sort times below this belong to lines without any time (migration 3's sentinel is -1e15). */
const NO_TIME = -1e14

/** The user's words: whitespace-separated, each with at least one letter or digit, at most 16. */
export function wordsOf(text: string | undefined): string[] {
  return (text ?? '').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).slice(0, MAX_WORDS)
}

/** FTS5 MATCH for "every word, as a prefix": each word quoted (quotes doubled), so no FTS syntax gets through. */
export function ftsMatchOf(words: readonly string[]): string | null {
  return words.length ? words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ') : null
}

interface Window { after?: LogCursor | null; before?: LogCursor | null; start?: number | null; end?: number | null }

/** One entry's lines or events, read in viewer order. */
interface Source {
  kind: 'log' | 'event'; entryId: number; offset: number
  page(w: Window, descending: boolean, limit: number): Promise<LogRowDto[]>
  count(w: Window, filtered: boolean): Promise<number>
  histogram(w: Window, filtered: boolean, start: number, bucketMs: number): Promise<{ b: number; n: number }[]>
}

interface Plan { sources: Source[]; hasLineFilter: boolean; regex: RegExp | null; range: Window; lineFilter: LineFilter }

const before = (a: LogRowDto, b: LogRowDto) => a.t < b.t || (a.t === b.t && a.id < b.id)

/** K-way merge of the sources in viewer order (or reversed), refilling each source's buffer as it empties. */
class MergedScan {
  private readonly heads: { src: Source; buf: LogRowDto[]; pos: number; isDone: boolean }[]
  constructor(sources: Source[], private readonly w: Window, private readonly descending: boolean, private readonly batch: number) {
    this.heads = sources.map((src) => ({ src, buf: [], pos: 0, isDone: false }))
  }

  async next(): Promise<LogRowDto | null> {
    let best: (typeof this.heads)[number] | null = null
    for (const h of this.heads) {
      if (h.pos === h.buf.length && !h.isDone) await this.refill(h)
      if (h.pos === h.buf.length) continue
      const row = h.buf[h.pos]!
      if (!best || (this.descending ? before(best.buf[best.pos]!, row) : before(row, best.buf[best.pos]!))) best = h
    }
    return best ? best.buf[best.pos++]! : null
  }

  hasMore(): boolean {
    return this.heads.some((h) => h.pos < h.buf.length || !h.isDone)
  }

  private async refill(h: (typeof this.heads)[number]): Promise<void> {
    const last = h.buf[h.buf.length - 1]
    const w = last ? (this.descending ? { ...this.w, before: last } : { ...this.w, after: last }) : this.w
    h.buf = await h.src.page(w, this.descending, this.batch)
    h.pos = 0
    h.isDone = h.buf.length < this.batch
  }
}

export class LogsService {
  private readonly limits: LogLimits
  constructor(private readonly db: Db, limits: Partial<LogLimits> = {}) {
    this.limits = { ...DEFAULT_LOG_LIMITS, ...limits }
  }

  async query(caseId: string, filters: LogFilters, cursor: LogCursor | undefined, direction: 'forward' | 'backward', limit: number): Promise<LogPageDto> {
    const plan = await this.plan(caseId, filters)
    const isBack = direction === 'backward'
    const w: Window = { ...plan.range, ...(cursor ? (isBack ? { before: cursor } : { after: cursor }) : {}) }
    const rows: LogRowDto[] = []
    const s = await this.scan(plan, w, plan.regex ? this.limits.regexScanCap : limit, (row) => rows.push(row) >= limit, {
      isBack, batch: plan.regex ? SCAN_BATCH : limit + 1, deadline: plan.regex ? Date.now() + this.limits.regexBudgetMs : Infinity,
    })
    const isPartial = plan.regex !== null && rows.length < limit && s.hasMore
    if (isBack) rows.reverse()
    return { rows, hasMore: s.hasMore, isPartial, resume: isPartial && s.last ? { t: s.last.t, id: s.last.id } : null, scanned: s.seen }
  }

  async locate(caseId: string, t: number, filters: LogFilters): Promise<LogLocateDto> {
    const plan = await this.plan(caseId, filters)
    const w: Window = { ...plan.range, after: { t, id: Number.MIN_SAFE_INTEGER } }
    let anchor: LogRowDto | null = null
    const scan = await this.scan(plan, w, plan.regex ? this.limits.regexScanCap : 1, (row) => ((anchor = row), true))
    // No match within the cap: the place the scan reached stands in for it.
    const isCapped = !anchor && scan.last !== null && scan.hasMore
    anchor ??= isCapped ? scan.last : null
    const count = await this.countIn(plan, anchor ? { ...plan.range, before: anchor } : plan.range)
    return { anchor: anchor ? { t: anchor.t, id: anchor.id } : null, rank: count.n, isEstimate: isCapped || count.isEstimate }
  }

  async count(caseId: string, filters: LogFilters, buckets: number): Promise<LogCountDto> {
    const plan = await this.plan(caseId, filters)
    const extent = await this.extent(plan)
    if (!extent) {
      const c = await this.countIn(plan, plan.range) // none, or only lines without any time: no histogram
      return { total: c.n, isEstimate: c.isEstimate, timeStart: null, timeEnd: null, histogram: null }
    }
    const bucketMs = Math.max(1, (extent.end - extent.start) / buckets)
    const counts = new Array<number>(buckets).fill(0)
    let isEstimate = false
    const add = (rows: { b: number; n: number }[], scale = 1) => {
      for (const r of rows) counts[Math.min(buckets - 1, Math.max(0, r.b))]! += r.n * scale
    }
    for (const src of plan.sources) {
      const ratio = src.kind === 'log' ? await this.lineRatio(plan, src) : 1
      isEstimate ||= ratio !== 1
      add(await src.histogram(plan.range, ratio === 1, extent.start, bucketMs), ratio === 1 ? 1 : ratio)
    }
    if (plan.regex) isEstimate = (await this.regexHistogram(plan, counts, extent.start, bucketMs)) || isEstimate
    const rounded = counts.map(Math.round)
    return {
      total: rounded.reduce((a, b) => a + b, 0), isEstimate, timeStart: extent.start, timeEnd: extent.end,
      histogram: { start: extent.start, bucketMs, counts: rounded },
    }
  }

  async facets(caseId: string): Promise<LogFacetsDto> {
    const maps = { levels: new Map<string, number>(), modules: new Map<string, number>(), eventTypes: new Map<string, number>() }
    const bump = (m: Map<string, number>, k: string | null, n: number) => k !== null && m.set(k, (m.get(k) ?? 0) + n)
    const ts: number[] = []
    const entries: LogFacetsDto['entries'] = []
    for (const e of await this.entries(caseId)) {
      const o = e.clock_offset_ms
      const extent = await entryLinesExtent(this.db, e.id)
      if (extent.lo !== null && extent.hi !== null) ts.push(extent.lo + o, extent.hi + o)
      for (const r of await entryLinesFacets(this.db, e.id)) bump(maps.levels, r.level, r.n), bump(maps.modules, r.module, r.n)
      const events = await entryEventsFacets(this.db, e.id)
      for (const r of events) bump(maps.eventTypes, r.type, r.n), ts.push(r.lo + o, r.hi + o)
      entries.push({
        entryId: e.id, path: e.path, bundle: e.bundle_name, participant: e.participant, kind: e.kind, format: e.format, clockOffsetMs: o,
        lines: extent.n, events: events.reduce((a, r) => a + r.n, 0),
      })
    }
    const list = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 500).map(([value, count]) => ({ value, count }))
    return {
      entries, levels: list(maps.levels), modules: list(maps.modules), eventTypes: list(maps.eventTypes),
      timeStart: ts.length ? Math.min(...ts) : null, timeEnd: ts.length ? Math.max(...ts) : null,
    }
  }

  private async entries(caseId: string) {
    if (!(await getCase(this.db, caseId))) throw new DomainError('NOT_FOUND', `no case ${caseId}`)
    return caseLogSources(this.db, caseId)
  }

  /** Compiles the filters into sources and tests. */
  private async plan(caseId: string, f: LogFilters): Promise<Plan> {
    let regex: RegExp | null = null
    if (f.regex) {
      try {
        regex = new RegExp(f.regex, f.isRegexCaseSensitive ? '' : 'i')
      } catch (e) {
        throw new DomainError('INVALID_INPUT', `not a regular expression: ${(e as Error).message}`, { regex: f.regex })
      }
    }
    const words = wordsOf(f.text)
    const lineFilter: LineFilter = { ...(f.levels ? { levels: f.levels } : {}), ...(f.modules ? { modules: f.modules } : {}), ftsMatch: ftsMatchOf(words) }
    const severities = f.levels ? [...new Set(f.levels.flatMap((l) => (l === 'fatal' ? ['error'] : l === 'trace' || l === 'debug' ? [] : [l])))] : undefined
    const eventFilter: EventFilter = { ...(severities ? { severities } : {}), ...(f.modules ? { types: f.modules } : {}), words }
    const kinds = new Set(f.kinds ?? ['log', 'event'])
    const wanted = f.entryIds ? new Set(f.entryIds) : null
    const sources: Source[] = []
    for (const e of await this.entries(caseId)) {
      if (wanted && !wanted.has(e.id)) continue
      if (kinds.has('log')) sources.push(this.lineSource(e.id, e.path, e.clock_offset_ms, lineFilter))
      if (kinds.has('event')) sources.push(this.eventSource(e.id, e.path, e.clock_offset_ms, eventFilter))
    }
    const hasLineFilter = Boolean(f.levels || f.modules || lineFilter.ftsMatch)
    return { sources, hasLineFilter, regex, lineFilter, range: f.range ? { start: f.range.start, end: f.range.end } : {} }
  }

  private lineSource(entryId: number, path: string, offset: number, filter: LineFilter): Source {
    const db = this.db
    return {
      kind: 'log', entryId, offset,
      page: async (w, descending, limit) => (await entryLinesPage(db, entryId, filter, { offset, ...w }, descending, limit)).map((r) => ({
        id: r.id, kind: 'log', entryId, path, line: r.line, t: r.k + offset, isTimed: r.t !== null, level: r.level, module: r.module, message: r.message,
      })),
      count: (w, filtered) => entryLinesCount(db, entryId, filtered ? filter : {}, { offset, ...w }),
      histogram: (w, filtered, start, bucketMs) => entryLinesHistogram(db, entryId, filtered ? filter : {}, { offset, ...w }, start, bucketMs),
    }
  }

  private eventSource(entryId: number, path: string, offset: number, filter: EventFilter): Source {
    const db = this.db
    return {
      kind: 'event', entryId, offset,
      page: async (w, descending, limit) => (await entryEventsPage(db, entryId, filter, { offset, ...w }, descending, limit)).map((r) => ({
        id: -r.id, kind: 'event', entryId, path, line: r.line, t: r.t + offset, isTimed: true, level: r.severity, module: r.type, message: r.message,
      })),
      count: (w) => entryEventsCount(db, entryId, filter, { offset, ...w }),
      histogram: (w, _filtered, start, bucketMs) => entryEventsHistogram(db, entryId, filter, { offset, ...w }, start, bucketMs),
    }
  }

  /** Effective-time bounds of the sources' rows within the filter range (unfiltered: a superset is fine). */
  private async extent(plan: Plan): Promise<{ start: number; end: number } | null> {
    let lo = Infinity
    let hi = -Infinity
    // A line with no time at all sorts first (sentinel -1e15): it counts in the first bucket, not in the bounds.
    const timed: Window = { ...plan.range, start: Math.max(plan.range.start ?? NO_TIME, NO_TIME) }
    for (const src of plan.sources) {
      const first = (await src.page(timed, false, 1))[0]
      const last = (await src.page(timed, true, 1))[0]
      if (first) lo = Math.min(lo, first.t)
      if (last) hi = Math.max(hi, last.t)
    }
    return lo <= hi ? { start: lo, end: hi } : null
  }

  /**
   * The share of a log source's lines its SQL filter keeps: 1 when there is no filter or the exact
   * filtered histogram is cheap enough (the caller then asks for it); else a sampled ratio (estimate).
   */
  private async lineRatio(plan: Plan, src: Source): Promise<number> {
    if (!plan.hasLineFilter) return 1
    let visit = await src.count(plan.range, false)
    if (plan.lineFilter.ftsMatch) visit = Math.min(visit, await ftsMatchCount(this.db, plan.lineFilter.ftsMatch))
    if (visit <= this.limits.exactVisitLimit) return 1
    const extent = await entryLinesExtent(this.db, src.entryId)
    const slices = 8
    let seen = 0
    let passed = 0
    for (let i = 0; i < slices; i++) {
      const from = (extent.lo ?? 0) + src.offset + ((extent.hi ?? 0) - (extent.lo ?? 0)) * (i / slices)
      const s = await entryLinesSample(this.db, src.entryId, plan.lineFilter, src.offset, from, this.limits.sampleRows / slices)
      seen += s.seen
      passed += s.passed
    }
    // Never exactly 1: the caller reads 1 as "exact".
    return seen ? Math.min(0.999_999, passed / seen) : 0
  }

  /**
   * Walks the candidates of `w` in viewer order (or back), at most `cap` of them and until `deadline`,
   * handing each row the regex keeps (all, without one) to `onMatch`, which stops the walk by returning true.
   */
  private async scan(
    plan: Plan, w: Window, cap: number, onMatch: (row: LogRowDto) => boolean | void, o: { isBack?: boolean; batch?: number; deadline?: number } = {},
  ): Promise<{ seen: number; passed: number; last: LogRowDto | null; hasMore: boolean }> {
    const merged = new MergedScan(plan.sources, w, o.isBack ?? false, o.batch ?? (plan.regex ? SCAN_BATCH : Math.min(SCAN_BATCH, cap + 1)))
    const deadline = o.deadline ?? Infinity
    let seen = 0
    let passed = 0
    let last: LogRowDto | null = null
    for (let row = await merged.next(); row; row = seen < cap && Date.now() <= deadline ? await merged.next() : null) {
      seen++
      last = row
      if (plan.regex && !plan.regex.test(row.message)) continue
      passed++
      if (onMatch(row) === true) break
    }
    return { seen, passed, last, hasMore: merged.hasMore() }
  }

  /** Rows within a window under the filters: exact when cheap, else estimated. */
  private async countIn(plan: Plan, w: Window): Promise<{ n: number; isEstimate: boolean }> {
    let n = 0
    let isEstimate = false
    for (const src of plan.sources) {
      const ratio = src.kind === 'log' ? await this.lineRatio(plan, src) : 1
      n += ratio === 1 ? await src.count(w, true) : Math.round((await src.count(w, false)) * ratio)
      isEstimate ||= ratio !== 1
    }
    if (!plan.regex || n === 0) return { n, isEstimate }
    const exact = n <= this.limits.regexExactLimit
    const s = await this.scan(plan, w, exact ? Infinity : this.limits.sampleRows, () => undefined)
    return exact ? { n: s.passed, isEstimate } : { n: Math.round((n * s.passed) / Math.max(1, s.seen)), isEstimate: true }
  }

  /** Applies the regex to the candidate histogram: exact over few candidates, else scaled by a sampled ratio. Returns isEstimate. */
  private async regexHistogram(plan: Plan, counts: number[], start: number, bucketMs: number): Promise<boolean> {
    const exact = counts.reduce((a, b) => a + b, 0) <= this.limits.regexExactLimit
    const matched = new Array<number>(counts.length).fill(0)
    const s = await this.scan(plan, plan.range, exact ? Infinity : this.limits.sampleRows, (row) => {
      matched[Math.min(counts.length - 1, Math.max(0, Math.floor((row.t - start) / bucketMs)))]!++
    })
    const ratio = s.seen ? s.passed / s.seen : 0
    for (let i = 0; i < counts.length; i++) counts[i] = exact ? matched[i]! : counts[i]! * ratio
    return !exact
  }
}
