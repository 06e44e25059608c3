/**
 * Builds a CallView from parsed entries of one case and answers the lookups detectors share: a
 * stream's series, the value at a time, the events of a connection, and the sender ↔ receiver pairs
 * (the same SSRC sent by one participant and received by another). Clock offsets are applied here,
 * once; shifted time columns are computed lazily (most raw `stat.*` series are never read).
 */
import type { CallEvent, ParsedEntry, Scalar } from '../model/call'
import { upperBound } from './episodes'
import type { CallView, ViewConnection, ViewEntry, ViewSeries, ViewStream } from './types'

export interface EntryInput {
  participant: string
  parsed: ParsedEntry
  /** Added to every time of the entry to put it on the case clock. */
  clockOffsetMs: number
  /** The stored entry id; defaults to `e<index>`. */
  entryId?: string
}

/** A series whose time column is shifted on first read. */
class ShiftedSeries implements ViewSeries {
  private shifted: Float64Array | null = null
  constructor(private readonly raw: Float64Array, private readonly offset: number, readonly v: Float64Array, readonly unit: string) {}
  get t(): Float64Array {
    if (this.shifted === null) {
      const out = new Float64Array(this.raw.length)
      for (let i = 0; i < out.length; i++) out[i] = this.raw[i]! + this.offset
      this.shifted = out
    }
    return this.shifted
  }
}

function viewSeries(t: Float64Array, v: Float64Array, unit: string, offset: number): ViewSeries {
  return offset === 0 ? { t, v, unit } : new ShiftedSeries(t, offset, v, unit)
}

/** ParsedEntry[] (with participant and clock offset) -> CallView. */
export function callViewFromEntries(entries: EntryInput[]): CallView {
  const view: CallView = { entries: [], connections: [], streams: [], participants: [], start: 0, end: 0 }
  let lo = Infinity
  let hi = -Infinity
  entries.forEach((input, index) => {
    const { parsed, participant } = input
    const offset = Number.isFinite(input.clockOffsetMs) ? input.clockOffsetMs : 0
    const entryId = input.entryId ?? `e${index}`
    if (!view.participants.includes(participant)) view.participants.push(participant)
    const byStream = new Map<string, Map<string, ViewSeries>>()
    const byConn = new Map<string, Map<string, ViewSeries>>()
    const entrySeries = new Map<string, ViewSeries>()
    for (const s of parsed.series) {
      const n = s.t.length
      if (n > 0) {
        lo = Math.min(lo, s.t[0]! + offset)
        hi = Math.max(hi, s.t[n - 1]! + offset)
      }
      const target = s.streamKey ? getOrMake(byStream, s.streamKey) : s.connectionKey ? getOrMake(byConn, s.connectionKey) : entrySeries
      // The first series of a metric wins (a parser may emit one per source; the first is the canonical one).
      if (!target.has(s.metric)) target.set(s.metric, viewSeries(s.t, s.v, s.unit, offset))
    }
    const events: CallEvent[] = parsed.events.map((e) => (offset === 0 ? e : { ...e, t: e.t + offset }))
    events.sort((a, b) => a.t - b.t)
    for (const e of events) {
      if (!Number.isFinite(e.t)) continue
      lo = Math.min(lo, e.t)
      hi = Math.max(hi, e.t)
    }
    const entry: ViewEntry = { id: entryId, participant, kind: parsed.kind, format: parsed.format, meta: parsed.meta, events, series: entrySeries }
    view.entries.push(entry)
    const conns = new Map<string, ViewConnection>()
    const connOf = (key: string, label?: string, meta?: Record<string, Scalar>): ViewConnection => {
      let c = conns.get(key)
      if (!c) {
        c = { id: `${entryId}/${key}`, entryId, key, participant, meta: { ...pairMeta(parsed.meta, key), ...(meta ?? {}) }, series: byConn.get(key) ?? new Map(), streams: [] }
        if (label) c.label = label
        conns.set(key, c)
        view.connections.push(c)
      }
      return c
    }
    for (const c of parsed.connections) connOf(c.key, c.label, c.meta)
    for (const s of parsed.streams) {
      const vs: ViewStream = {
        id: `${entryId}/${s.key}`, entryId, key: s.key, participant: s.participant ?? participant,
        kind: s.kind, direction: s.direction, meta: s.meta ?? {}, series: byStream.get(s.key) ?? new Map(),
      }
      if (s.connectionKey) vs.connectionKey = s.connectionKey
      if (s.ssrc !== undefined) vs.ssrc = s.ssrc
      if (s.codec) vs.codec = s.codec
      if (s.layer) vs.layer = s.layer
      if (s.label) vs.label = s.label
      view.streams.push(vs)
      if (s.connectionKey) connOf(s.connectionKey).streams.push(vs)
    }
    // Connection-level series of connections the parser did not list (pcap conversations do list them).
    for (const key of byConn.keys()) connOf(key)
  })
  if (lo <= hi) {
    view.start = lo
    view.end = hi
  }
  return view
}

function getOrMake<K, V>(m: Map<K, Map<string, V>>, k: K): Map<string, V> {
  let x = m.get(k)
  if (!x) {
    x = new Map()
    m.set(k, x)
  }
  return x
}

/** `<key>.pair.localType` entry meta -> `pair.localType`. */
function pairMeta(meta: Record<string, Scalar>, key: string): Record<string, Scalar> {
  const prefix = `${key}.`
  const out: Record<string, Scalar> = {}
  for (const k in meta) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = meta[k]!
  return out
}

// ---------------------------------------------------------------------------------------------
// Lookups

/** Index of the last sample at or before `t` (-1 when none). */
export function indexAt(s: ViewSeries, t: number): number {
  return upperBound(s.t, t) - 1
}

/** Value at or just before `t` within `maxAgeMs` (NaN when none). */
export function valueAt(s: ViewSeries | undefined, t: number, maxAgeMs = 5000): number {
  if (!s) return NaN
  const i = indexAt(s, t)
  if (i < 0 || t - s.t[i]! > maxAgeMs) return NaN
  return s.v[i]!
}

/** The connection a stream belongs to. */
export function connectionOf(view: CallView, s: ViewStream): ViewConnection | undefined {
  if (!s.connectionKey) return undefined
  return view.connections.find((c) => c.entryId === s.entryId && c.key === s.connectionKey)
}

/** The connections an entry recorded, in view order. */
export function connectionsOf(view: CallView, entry: ViewEntry): ViewConnection[] {
  return view.connections.filter((c) => c.entryId === entry.id)
}

export function entryOf(view: CallView, entryId: string): ViewEntry | undefined {
  return view.entries.find((e) => e.id === entryId)
}

/** The RTT series that applies to a stream: its connection's (candidate pair), else its own (RTCP). */
export function rttSeriesFor(view: CallView, s: ViewStream): ViewSeries | undefined {
  return connectionOf(view, s)?.series.get('rtt_ms') ?? s.series.get('rtt_ms')
}

/** One media direction seen from both ends: a participant's send stream and another's recv stream of the same SSRC. */
export interface StreamPair { sender: ViewStream; receiver: ViewStream }

/** Every sender ↔ receiver pair across participants, matched by kind and SSRC. */
export function streamPairs(view: CallView): StreamPair[] {
  const senders = new Map<string, ViewStream[]>()
  for (const s of view.streams) {
    if (s.direction !== 'send' || s.ssrc === undefined) continue
    const k = `${s.kind}:${s.ssrc}`
    const list = senders.get(k)
    if (list) list.push(s)
    else senders.set(k, [s])
  }
  const out: StreamPair[] = []
  for (const r of view.streams) {
    if (r.direction !== 'recv' || r.ssrc === undefined) continue
    for (const s of senders.get(`${r.kind}:${r.ssrc}`) ?? []) if (s.participant !== r.participant) out.push({ sender: s, receiver: r })
  }
  return out
}

/** Receivers in the view of a send stream (empty when its receivers' dumps are not in the case). */
export function receiversOf(view: CallView, sender: ViewStream, pairs = streamPairs(view)): ViewStream[] {
  return pairs.filter((p) => p.sender === sender).map((p) => p.receiver)
}

/** Events of an entry of the given types, optionally limited to one connection. */
export function eventsOf(entry: ViewEntry, types: ReadonlySet<string> | readonly string[], connectionKey?: string): CallEvent[] {
  const set = types instanceof Set ? types : new Set(types as readonly string[])
  return entry.events.filter((e) => set.has(e.type) && (connectionKey === undefined || e.connectionKey === connectionKey))
}

/**
 * Reads `other` at the times of `base`, for increasing indices of `base` (a moving pointer, O(1)
 * amortised): the value of the last `other` sample at or before `base.t[i]` within `maxAgeMs`, else NaN.
 * Series from the same stats object share their time column and are read index for index.
 */
export function aligner(base: ViewSeries, other: ViewSeries | undefined, maxAgeMs = 2500): (i: number) => number {
  if (!other) return () => NaN
  const bt = base.t
  const ot = other.t
  const ov = other.v
  if (ot.length === bt.length && (ot === bt || (ot[0] === bt[0] && ot[ot.length - 1] === bt[bt.length - 1]))) return (i) => ov[i]!
  let j = -1
  let lastI = -1
  return (i) => {
    const t = bt[i]!
    if (i < lastI) j = -1
    lastI = i
    while (j + 1 < ot.length && ot[j + 1]! <= t) j++
    if (j < 0 || t - ot[j]! > maxAgeMs) return NaN
    return ov[j]!
  }
}

/**
 * Simulcast layers of one video sender: the send video streams of the same connection and mid as `s`,
 * or, without mids (older stats), of the same `a=ssrc-group:SIM` in the local description; just `[s]`
 * when it is alone. They share one encoder and one quality limitation reason, so per-sender findings
 * are reported once, on the first of them.
 */
export function layerSiblings(view: CallView, s: ViewStream): ViewStream[] {
  if (s.direction !== 'send' || s.kind !== 'video') return [s]
  const peers = view.streams.filter((o) => o.entryId === s.entryId && o.connectionKey === s.connectionKey && o.direction === 'send' && o.kind === 'video')
  const mid = s.meta.mid
  if (mid !== undefined) return peers.filter((o) => o.meta.mid === mid)
  if (s.ssrc === undefined) return [s]
  const group = simGroups(view, s.entryId, s.connectionKey ?? '').find((g) => g.includes(s.ssrc!))
  return group ? peers.filter((o) => o.ssrc !== undefined && group.includes(o.ssrc)) : [s]
}

/** True for the stream that speaks for its simulcast group (the first layer in view order, or a lone stream). */
export function isLayerLeader(view: CallView, s: ViewStream): boolean {
  return layerSiblings(view, s)[0] === s
}

/** `a=ssrc-group:SIM` groups of the last local description of a connection. */
function simGroups(view: CallView, entryId: string, connectionKey: string): number[][] {
  let sdp = ''
  for (const e of entryOf(view, entryId)?.events ?? []) if (e.type === 'sdp.local' && e.connectionKey === connectionKey && typeof e.data?.sdp === 'string') sdp = e.data.sdp
  return [...sdp.matchAll(/a=ssrc-group:SIM ([\d ]+)/g)].map((m) => m[1]!.trim().split(/\s+/).map(Number))
}
