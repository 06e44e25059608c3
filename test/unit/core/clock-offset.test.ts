/** The clock-offset estimator on counters with a known offset, delay, loss-free sequence and an outage. */
import { describe, expect, it } from 'vitest'
import { estimateClockOffset } from '../../../src-main/core/timeline/clock-offset'

/** A sender sending 50 packets/s from t0; the receiver's clock is `skew` ahead, one-way delay `owd`. */
function counters(opts: { skewMs: number; owdMs: number; seconds: number; outage?: [number, number] }) {
  const sendT: number[] = []
  const sendV: number[] = []
  const recvT: number[] = []
  const recvV: number[] = []
  for (let s = 0; s <= opts.seconds; s++) {
    sendT.push(s * 1000 + 300)
    sendV.push(50 * (s + 0.3))
    // Receiver polls at its own phase; what it has seen is what was sent owd earlier (true time).
    const trueT = s * 1000 + 710
    const seen = opts.outage && trueT >= opts.outage[0] && trueT < opts.outage[1] ? recvV.at(-1) ?? 0 : 50 * ((trueT - opts.owdMs) / 1000)
    recvT.push(trueT + opts.skewMs)
    recvV.push(seen)
  }
  return { sent: { t: sendT, v: sendV }, received: { t: recvT, v: recvV } }
}

describe('estimateClockOffset', () => {
  it('recovers the skew once half the RTT is taken off', () => {
    const { sent, received } = counters({ skewMs: 640, owdMs: 35, seconds: 120 })
    const e = estimateClockOffset(sent, received, 70)!
    expect(e.offsetMs).toBeCloseTo(-640, 6)
    expect(e.samples).toBeGreaterThan(100)
    expect(e.spreadMs).toBeLessThan(1)
  })

  it('is not thrown off by an outage (flat counters are skipped, the median holds)', () => {
    const { sent, received } = counters({ skewMs: -1500, owdMs: 20, seconds: 120, outage: [40_000, 55_000] })
    expect(estimateClockOffset(sent, received, 40)!.offsetMs).toBeCloseTo(1500, 0)
  })

  it('returns null without enough overlapping samples', () => {
    expect(estimateClockOffset({ t: [0, 1000], v: [0, 50] }, { t: [5000, 6000], v: [10, 20] }, null)).toBeNull()
  })
})
