import { describe, expect, it } from 'vitest'
import { percentile } from '../../../../src-main/core/util/quantiles'
import {
  adaptiveBufferMs, jitterBufferTradeoff, lateLossFraction, mouthToEar, oneWayDelayMs,
} from '../../../../src-main/core/whatif/delay'
import { gen } from './helpers'

describe('mouth-to-ear budget', () => {
  it('sums codec, packetization, network, buffer and device delay', () => {
    const d = mouthToEar({ codecMs: 26.5, packetizationMs: 0, networkMs: 50, jitterBufferMs: 60, deviceMs: 40 })
    expect(d.totalMs).toBeCloseTo(176.5, 9)
  })
  it('takes the measured one-way delay, else RTT / 2', () => {
    expect(oneWayDelayMs(120)).toBe(60)
    expect(oneWayDelayMs(120, 45)).toBe(45)
    expect(oneWayDelayMs(120, NaN)).toBe(60)
    expect(oneWayDelayMs(NaN)).toBe(0)
  })
})

describe('jitter buffer trade-off', () => {
  it('late loss is exp(−b/J), 0 without jitter', () => {
    expect(lateLossFraction(30, 10)).toBeCloseTo(Math.exp(-3), 12)
    expect(lateLossFraction(30, 0)).toBe(0)
  })
  it('the adaptive buffer hits its late-loss target inside its bounds', () => {
    const b = adaptiveBufferMs(10, 0.005, 20, 1000)
    expect(lateLossFraction(b, 10)).toBeCloseTo(0.005, 9)
    expect(adaptiveBufferMs(1, 0.005, 20, 1000)).toBe(20)
    expect(adaptiveBufferMs(500, 0.005, 20, 1000)).toBe(1000)
  })
  it('over a measured jitter distribution, late loss never rises with the buffer', () => {
    const g = gen(5)
    const jitter = Float64Array.from({ length: 600 }, () => (g.bool() ? NaN : g.float(0, 80)))
    const curve = jitterBufferTradeoff(jitter, [0, 10, 20, 40, 80, 160, 320])
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i]!.lateLossPct).toBeLessThanOrEqual(curve[i - 1]!.lateLossPct)
      expect(curve[i]!.secondsAbove1Pct).toBeLessThanOrEqual(curve[i - 1]!.secondsAbove1Pct)
    }
  })
})

describe('percentile', () => {
  it('matches a sort-based reference and skips NaN', () => {
    const g = gen(9)
    for (let trial = 0; trial < 50; trial++) {
      const xs = Array.from({ length: g.int(1, 300) }, () => (g.int(0, 9) === 0 ? NaN : Math.round(g.float(-50, 50))))
      const finite = xs.filter(Number.isFinite).sort((a, b) => a - b)
      for (const p of [0, 5, 50, 95, 100]) {
        if (finite.length === 0) {
          expect(percentile(xs, p)).toBeNaN()
          continue
        }
        const pos = (p / 100) * (finite.length - 1)
        const lo = Math.floor(pos)
        const ref = finite[lo]! + ((finite[Math.min(lo + 1, finite.length - 1)]! - finite[lo]!) * (pos - lo))
        expect(percentile(xs, p)).toBeCloseTo(ref, 9)
      }
    }
  })
})
