/**
 * Estimates the clock offset between two sources that saw the same RTP stream: the sender's
 * cumulative packetsSent and the receiver's packetsReceived + packetsLost (the highest sequence
 * seen, so loss does not bias it). For each receiver sample, the sender time at which the sender
 * had sent that many packets is found by inverse interpolation (counters are monotone); the
 * receiver-minus-sender time difference is clock offset plus one-way delay, so half the RTT is
 * taken off. The median over samples resists outages and counter resets.
 */
import { median } from '../util/quantiles'

export interface CounterSeries { t: ArrayLike<number>; v: ArrayLike<number> }

export interface OffsetEstimate {
  /** Add to the receiver source's times to put them on the sender's clock. */
  offsetMs: number
  samples: number
  /** Interquartile range of the per-sample estimates: how much to trust it. */
  spreadMs: number
}

const MIN_SAMPLES = 5

/** Time at which a monotone counter reached `value` (linear between samples), or null when outside. */
function timeAtValue(s: CounterSeries, value: number): number | null {
  let lo = 0
  let hi = s.v.length - 1
  if (hi < 1 || !(value >= s.v[0]!) || !(value <= s.v[hi]!)) return null
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (s.v[mid]! < value) lo = mid
    else hi = mid
  }
  const v0 = s.v[lo]!
  const v1 = s.v[hi]!
  const t0 = s.t[lo]!
  const t1 = s.t[hi]!
  return v1 === v0 ? t0 : t0 + ((value - v0) / (v1 - v0)) * (t1 - t0)
}

export function estimateClockOffset(sent: CounterSeries, received: CounterSeries, rttMs: number | null): OffsetEstimate | null {
  const diffs: number[] = []
  for (let i = 0; i < received.t.length; i++) {
    const value = received.v[i]!
    if (!Number.isFinite(value) || value <= 0) continue
    // Flat stretches (no packets flowing) say nothing about timing.
    if (i > 0 && received.v[i - 1] === value) continue
    const ts = timeAtValue(sent, value)
    if (ts !== null) diffs.push(received.t[i]! - ts)
  }
  if (diffs.length < MIN_SAMPLES) return null
  diffs.sort((a, b) => a - b)
  const q = (p: number) => diffs[Math.min(diffs.length - 1, Math.floor(p * diffs.length))]!
  const oneWay = rttMs !== null && Number.isFinite(rttMs) ? rttMs / 2 : 0
  return { offsetMs: -(q(0.5) - oneWay), samples: diffs.length, spreadMs: q(0.75) - q(0.25) }
}

/** What one entry's estimated offset rests on. */
export interface EntryOffset {
  /** Offset relative to the reference entry's clock (0 for the reference itself). */
  offsetMs: number
  isReference: boolean
  /** The stream both entries saw, and the estimate's quality; null for the reference. */
  basis: { ssrc: number; samples: number; spreadMs: number; viaEntry: number } | null
}

/** The series metrics the estimate reads (a store may load only these; `find` below accepts no other). */
export const CLOCK_OFFSET_METRICS = [
  'stat.outbound-rtp.packetsSent', 'stat.outbound-rtp.retransmittedPacketsSent', 'stat.inbound-rtp.packetsReceived', 'stat.inbound-rtp.packetsLost', 'rtt_ms',
] as const

interface CountingEntry {
  streams: readonly { key: string; direction: 'send' | 'recv'; ssrc?: number }[]
  series: readonly { metric: string; streamKey?: string; t: ArrayLike<number>; v: ArrayLike<number> }[]
}

/**
 * Offsets of several entries describing one call, chained breadth-first from the reference (the first
 * entry with streams) across sender/receiver pairs of the same SSRC, best-evidenced pair first.
 * An entry no pair reaches gets null.
 */
export function estimateEntryOffsets(entries: readonly CountingEntry[]): (EntryOffset | null)[] {
  const find = (e: CountingEntry, key: string, metric: (typeof CLOCK_OFFSET_METRICS)[number]) => e.series.find((s) => s.streamKey === key && s.metric === metric)
  const pairs: { sender: number; receiver: number; ssrc: number; est: OffsetEstimate }[] = []
  entries.forEach((a, ai) => {
    for (const send of a.streams) {
      const ssrc = send.ssrc
      if (send.direction !== 'send' || ssrc === undefined) continue
      entries.forEach((b, bi) => {
        if (bi === ai) return
        for (const recv of b.streams) {
          if (recv.direction !== 'recv' || recv.ssrc !== ssrc) continue
          const sent = find(a, send.key, 'stat.outbound-rtp.packetsSent')
          const got = find(b, recv.key, 'stat.inbound-rtp.packetsReceived')
          if (!sent || !got) continue
          // Retransmissions count in packetsSent but add no sequence numbers; losses do at the receiver.
          const rtx = find(a, send.key, 'stat.outbound-rtp.retransmittedPacketsSent')
          const lost = find(b, recv.key, 'stat.inbound-rtp.packetsLost')
          const minus = (x: ArrayLike<number>, y: ArrayLike<number> | undefined, sign: number) =>
            Array.from(x, (v, i) => v + (y && y.length === x.length && Number.isFinite(y[i]!) ? sign * y[i]! : 0))
          const rtt = find(a, send.key, 'rtt_ms')
          const est = estimateClockOffset({ t: sent.t, v: minus(sent.v, rtx?.v, -1) }, { t: got.t, v: minus(got.v, lost?.v, 1) }, rtt ? medianOf(rtt.v) : null)
          if (est) pairs.push({ sender: ai, receiver: bi, ssrc, est })
        }
      })
    }
  })
  pairs.sort((p, q) => q.est.samples - p.est.samples || p.est.spreadMs - q.est.spreadMs)
  const out: (EntryOffset | null)[] = entries.map(() => null)
  const reference = entries.findIndex((e) => e.streams.length > 0)
  if (reference < 0) return out
  out[reference] = { offsetMs: 0, isReference: true, basis: null }
  const queue = [reference]
  while (queue.length) {
    const at = queue.shift()!
    for (const p of pairs) {
      const [other, sign] = p.sender === at ? [p.receiver, 1] : p.receiver === at ? [p.sender, -1] : [-1, 0]
      if (other < 0 || out[other]) continue
      out[other] = { offsetMs: out[at]!.offsetMs + sign * p.est.offsetMs, isReference: false, basis: { ssrc: p.ssrc, samples: p.est.samples, spreadMs: p.est.spreadMs, viaEntry: at } }
      queue.push(other)
    }
  }
  return out
}

function medianOf(v: ArrayLike<number>): number | null {
  const m = median(v)
  return Number.isFinite(m) ? m : null
}
