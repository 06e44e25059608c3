/**
 * Building blocks of a finding: bounded metric evidence (at most MAX_POINTS points of the window,
 * peaks and troughs kept), event and log-line references, and the formatting used in explanations
 * (call-relative times `m:ss`, numbers, durations) in English and Chinese.
 */
import type { CallEvent } from '../model/call'
import { lowerBound } from '../timeline/search'
import { upperBound } from './episodes'
import type { CallView, EventRef, Evidence, LogLineRef, MetricEvidence, MetricPoint, ViewConnection, ViewSeries, ViewStream } from './types'

const MAX_POINTS = 40

export function emptyEvidence(): Evidence {
  return { metrics: [], events: [], logLines: [], figures: {} }
}

/** Owner of a series: a stream, a connection, or an entry-level series of a participant. */
export type SeriesOwner = ViewStream | ViewConnection | { entryId: string; participant: string }

/** Evidence of `metric` of `owner` in [from, to] (null when the owner has no such series or no values). */
export function metricEvidence(owner: SeriesOwner, metric: string, from: number, to: number, threshold?: number, series?: ViewSeries): MetricEvidence | null {
  const s = series ?? ('series' in owner ? owner.series.get(metric) : undefined)
  if (!s) return null
  const lo = lowerBound(s.t, from)
  const hi = upperBound(s.t, to)
  const idx: number[] = []
  let min = Infinity
  let max = -Infinity
  let sum = 0
  for (let i = lo; i < hi; i++) {
    const v = s.v[i]!
    if (!Number.isFinite(v)) continue
    idx.push(i)
    sum += v
    if (v < min) min = v
    if (v > max) max = v
  }
  if (idx.length === 0) return null
  const points: MetricPoint[] = []
  if (idx.length <= MAX_POINTS) for (const i of idx) points.push({ t: s.t[i]!, v: round(s.v[i]!) })
  else {
    // Keep the extreme of each bucket, alternating max and min so spikes and dips both survive.
    const per = idx.length / MAX_POINTS
    for (let b = 0; b < MAX_POINTS; b++) {
      const a = Math.floor(b * per)
      const z = Math.floor((b + 1) * per)
      let pick = idx[a]!
      for (let k = a; k < z; k++) {
        const i = idx[k]!
        if (b % 2 === 0 ? s.v[i]! > s.v[pick]! : s.v[i]! < s.v[pick]!) pick = i
      }
      points.push({ t: s.t[pick]!, v: round(s.v[pick]!) })
    }
  }
  const out: MetricEvidence = {
    metric, unit: s.unit, entryId: owner.entryId, participant: owner.participant, points,
    stats: { min: round(min), max: round(max), mean: round(sum / idx.length), n: idx.length },
  }
  if ('direction' in owner) {
    out.streamKey = owner.key
    if (owner.connectionKey) out.connectionKey = owner.connectionKey
  } else if ('streams' in owner) out.connectionKey = owner.key
  if (threshold !== undefined) out.threshold = threshold
  return out
}

/** Pushes each non-null metric evidence. */
export function addMetrics(ev: Evidence, ...items: (MetricEvidence | null)[]): void {
  for (const m of items) if (m) ev.metrics.push(m)
}

export function eventRef(entryId: string, e: CallEvent): EventRef {
  const r: EventRef = { entryId, t: e.t, type: e.type, message: e.message }
  if (e.line !== undefined) r.line = e.line
  if (e.connectionKey) r.connectionKey = e.connectionKey
  if (e.streamKey) r.streamKey = e.streamKey
  return r
}

/** Adds event refs (at most `max`), and a log-line ref for each event that came from a line. */
export function addEvents(ev: Evidence, entryId: string, events: readonly CallEvent[], max = 20): void {
  for (const e of events.slice(0, max)) {
    ev.events.push(eventRef(entryId, e))
    if (e.line !== undefined) ev.logLines.push({ entryId, line: e.line } satisfies LogLineRef)
  }
}

function round(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v * 10) / 10 : Math.round(v * 1000) / 1000
}

// ---------------------------------------------------------------------------------------------
// Formatting for explanations

/** Call-relative time `m:ss` (or `h:mm:ss`). */
export function clock(view: CallView, t: number): string {
  const s = Math.max(0, Math.round((t - view.start) / 1000))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** "from 2:00 to 3:10" / "2:00 至 3:10". */
export function span(view: CallView, start: number, end: number): { en: string; zh: string } {
  return { en: `from ${clock(view, start)} to ${clock(view, end)}`, zh: `${clock(view, start)} 至 ${clock(view, end)}` }
}

/** Duration in words: `45 s`, `3.5 min`. */
export function dur(ms: number): string {
  const s = ms / 1000
  if (s < 90) return `${s < 10 ? Math.round(s * 10) / 10 : Math.round(s)} s`
  return `${Math.round((s / 60) * 10) / 10} min`
}

/** A number with at most `digits` decimals. */
export function num(v: number, digits = 1): string {
  if (!Number.isFinite(v)) return '?'
  const f = 10 ** digits
  return String(Math.round(v * f) / f)
}

export function kindText(kind: 'audio' | 'video'): { en: string; zh: string } {
  return kind === 'audio' ? { en: 'audio', zh: '音频' } : { en: 'video', zh: '视频' }
}

/** "Bob's incoming video" / "Bob 接收的视频". */
export function streamText(s: ViewStream): { en: string; zh: string } {
  const k = kindText(s.kind)
  return s.direction === 'recv'
    ? { en: `${s.participant}'s incoming ${k.en}`, zh: `${s.participant} 接收的${k.zh}` }
    : { en: `${s.participant}'s outgoing ${k.en}`, zh: `${s.participant} 发送的${k.zh}` }
}
