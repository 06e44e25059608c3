/**
 * Estimates the clock offset between two sources that saw the same RTP stream: the sender's
 * cumulative packetsSent and the receiver's packetsReceived + packetsLost (the highest sequence
 * seen, so loss does not bias it). For each receiver sample, the sender time at which the sender
 * had sent that many packets is found by inverse interpolation (counters are monotone); the
 * receiver-minus-sender time difference is clock offset plus one-way delay, so half the RTT is
 * taken off. The median over samples resists outages and counter resets.
 */

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
