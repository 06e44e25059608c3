/**
 * Compact builder of synthetic calls for tests and the benchmark: participants, connections, streams
 * and per-second series described as plain data, turned into ParsedEntry objects and then into a
 * CallView by the same converter real imports use. Series values are indexed by sample (time =
 * start + i × period) unless explicit times are given.
 */
import type { CallEvent, Direction, MediaKind, ParsedEntry, Scalar } from '../model/call'
import { emptyEntry } from '../model/call'
import type { CallView } from './types'
import { callViewFromEntries } from './view'

export interface SynthSeries { metric: string; v: ArrayLike<number>; unit?: string; t?: ArrayLike<number> }

export interface SynthStream {
  key: string
  kind: MediaKind
  direction: Direction
  ssrc?: number
  codec?: string
  layer?: string
  meta?: Record<string, Scalar>
  series: SynthSeries[]
}

export interface SynthConnection { key: string; meta?: Record<string, Scalar>; series?: SynthSeries[]; streams: SynthStream[] }

export interface SynthEntry {
  participant: string
  id?: string
  /** Entry meta (e.g. `<conn>.pair.localType`). */
  meta?: Record<string, Scalar>
  connections: SynthConnection[]
  events?: CallEvent[]
  series?: SynthSeries[]
  clockOffsetMs?: number
}

export interface SynthOptions { start: number; periodMs: number }

function times(n: number, o: SynthOptions): Float64Array {
  const t = new Float64Array(n)
  for (let i = 0; i < n; i++) t[i] = o.start + i * o.periodMs
  return t
}

function toSeries(s: SynthSeries, o: SynthOptions, owner: { streamKey?: string; connectionKey?: string }): ParsedEntry['series'][number] {
  const v = s.v instanceof Float64Array ? s.v : Float64Array.from(s.v)
  const t = s.t ? Float64Array.from(s.t) : times(v.length, o)
  return { metric: s.metric, unit: s.unit ?? '', t, v, ...owner }
}

/** Synthetic entries -> CallView (through `callViewFromEntries`, like real imports). */
export function synthView(entries: SynthEntry[], o: SynthOptions): CallView {
  return callViewFromEntries(entries.map((e, i) => {
    const parsed = emptyEntry('webrtc-internals', 'synthetic')
    parsed.meta = { ...(e.meta ?? {}) }
    for (const c of e.connections) {
      parsed.connections.push({ key: c.key, participant: e.participant, ...(c.meta ? { meta: c.meta } : {}) })
      for (const s of c.series ?? []) parsed.series.push(toSeries(s, o, { connectionKey: c.key }))
      for (const s of c.streams) {
        parsed.streams.push({
          key: s.key, connectionKey: c.key, participant: e.participant, kind: s.kind, direction: s.direction,
          ...(s.ssrc !== undefined ? { ssrc: s.ssrc } : {}), ...(s.codec ? { codec: s.codec } : {}), ...(s.layer ? { layer: s.layer } : {}), ...(s.meta ? { meta: s.meta } : {}),
        })
        for (const x of s.series) parsed.series.push(toSeries(x, o, { streamKey: s.key }))
      }
    }
    for (const s of e.series ?? []) parsed.series.push(toSeries(s, o, {}))
    parsed.events = [...(e.events ?? [])].sort((a, b) => a.t - b.t)
    return { participant: e.participant, parsed, clockOffsetMs: e.clockOffsetMs ?? 0, entryId: e.id ?? `e${i}` }
  }))
}

/** n samples of f(i). */
export function fill(n: number, f: (i: number) => number): Float64Array {
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = f(i)
  return out
}

/** Cumulative counter from a per-second rate (first sample = 0). */
export function cumulative(ratePerS: ArrayLike<number>, periodMs = 1000): Float64Array {
  const out = new Float64Array(ratePerS.length)
  for (let i = 1; i < out.length; i++) out[i] = out[i - 1]! + Math.max(0, ratePerS[i]! || 0) * (periodMs / 1000)
  return out
}
