/**
 * The timeline view a case reopens with: visible range, chosen streams and metrics, split mode.
 * Kept in the route's query (`from`, `to` in epoch ms; `s` stream ids; `m` metric ids; `split=1`),
 * so a link or a reload shows the same view, and remembered per case (localStorage) so the case
 * reopens where it was left. Absent fields mean "the default".
 */
import { readPref, writePref } from './prefs'

export interface ViewState {
  range: { start: number; end: number } | null
  streams: number[] | null
  metrics: string[] | null
  isSplit: boolean
}

export type RouteQuery = Record<string, string | null | (string | null)[] | undefined>

const first = (v: RouteQuery[string]): string | undefined => (Array.isArray(v) ? (v[0] ?? undefined) : (v ?? undefined))

const ids = (s: string | undefined) => (s ? s.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0) : null)

/** Reads a view from a route query; anything malformed is ignored (the default is used). */
export function viewFromQuery(q: RouteQuery): ViewState {
  const from = Number(first(q.from))
  const to = Number(first(q.to))
  const m = first(q.m)
  return {
    range: first(q.from) !== undefined && first(q.to) !== undefined && Number.isFinite(from) && Number.isFinite(to) && to > from ? { start: from, end: to } : null,
    streams: ids(first(q.s)),
    metrics: m ? m.split(',').filter((x) => /^[\w.\-:]{1,200}$/.test(x)) : null,
    isSplit: first(q.split) === '1',
  }
}

/** The query for a view (times rounded to the millisecond; defaults left out). */
export function viewToQuery(v: ViewState): Record<string, string> {
  const q: Record<string, string> = {}
  if (v.range) {
    q.from = String(Math.floor(v.range.start))
    q.to = String(Math.ceil(v.range.end))
  }
  if (v.streams?.length) q.s = v.streams.join(',')
  if (v.metrics) q.m = v.metrics.join(',')
  if (v.isSplit) q.split = '1'
  return q
}

/** True when the query holds any view field. */
export function hasView(q: RouteQuery): boolean {
  return ['from', 'to', 's', 'm', 'split'].some((k) => q[k] !== undefined)
}

const key = (caseId: string) => `rtcwb.view.${caseId}`

export function saveView(caseId: string, q: Record<string, string>): void {
  writePref(key(caseId), JSON.stringify(q))
}

export function savedView(caseId: string): Record<string, string> | null {
  try {
    const raw = readPref(key(caseId))
    const parsed = raw ? (JSON.parse(raw) as unknown) : null
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : null
  } catch {
    return null
  }
}
