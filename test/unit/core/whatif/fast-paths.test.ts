/**
 * The replay's speed-ups against the direct computations they stand in for: whole-exponent powers,
 * the percentile selection, the recovery memo, and the replay's shared per-second network
 * and buffer columns (replay output = `evaluateSecond` second by second, with fresh state).
 */
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../../../src-main/core/util/prng'
import { PercentileScratch, percentile } from '../../../../src-main/core/util/quantiles'
import { benchScenarios, syntheticInput } from '../../../../src-main/core/whatif/bench'
import { applyPatch, baselineConfig, resolveConfig } from '../../../../src-main/core/whatif/config'
import { DelayTableCache } from '../../../../src-main/core/whatif/e-model-wideband'
import { EvalScratch, type NetSecond, evaluateSecond, newSecondOut } from '../../../../src-main/core/whatif/evaluate'
import { powInt } from '../../../../src-main/core/whatif/int-pow'
import { RecoveryCache, blockCodeResidual, recover } from '../../../../src-main/core/whatif/loss-recovery'
import { replay } from '../../../../src-main/core/whatif/replay'
import type { ProjectedSeries, StreamReplayInput, WhatIfConfig } from '../../../../src-main/core/whatif/types'

const close = (a: number, b: number, rel = 1e-9) => Object.is(a, b) || Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b))

describe('powInt', () => {
  it('equals Math.pow within 1e-13 relative for whole exponents 0…64 over bases 0…1', () => {
    for (let n = 0; n <= 64; n++) {
      for (let i = 0; i <= 200; i++) {
        const x = i / 200
        const a = Math.pow(x, n)
        const b = powInt(x, n)
        expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-13 * Math.abs(a) + 1e-300)
      }
    }
  })
  it('falls back to Math.pow for fractional, negative and non-finite exponents', () => {
    for (const n of [2.5, -1, -3, NaN, Infinity]) expect(Object.is(powInt(0.3, n), Math.pow(0.3, n))).toBe(true)
  })
})

/** The definition: sort the finite values, interpolate between the two order statistics around p. */
function sortedPercentile(xs: ArrayLike<number>, p: number): number {
  const a = Array.from(xs).filter(Number.isFinite).sort((x, y) => x - y)
  if (a.length === 0) return NaN
  const pos = (p / 100) * (a.length - 1)
  const lo = Math.floor(pos)
  return lo + 1 >= a.length || pos === lo ? a[lo]! : a[lo]! + (a[lo + 1]! - a[lo]!) * (pos - lo)
}

describe('percentile (Floyd–Rivest selection)', () => {
  it('equals the sorted definition exactly, with gaps, ties, sizes around its sampling threshold and a reused buffer', () => {
    const rnd = seededRandom(11)
    const scratch = new PercentileScratch()
    for (let t = 0; t < 400; t++) {
      const n = [1, 2, 7, 601, 602, 3600][t % 6]!
      const xs = new Float64Array(n)
      for (let i = 0; i < n; i++) xs[i] = t % 4 === 0 ? Math.floor(rnd() * 3) : rnd() < 0.05 ? NaN : t % 4 === 1 ? i : rnd() * 100
      for (const p of [0, 5, 50, 95, 100, 12.5]) {
        expect(Object.is(percentile(xs, p, scratch), sortedPercentile(xs, p))).toBe(true)
        expect(Object.is(percentile(xs, p), sortedPercentile(xs, p))).toBe(true)
      }
    }
    expect(percentile(new Float64Array([NaN, NaN]), 50, scratch)).toBeNaN()
  })
})

describe('recovery memo', () => {
  it('gives the direct block-code result at the quantised point, across block shapes sharing one cache', () => {
    const cache = new RecoveryCache()
    for (const pi of [0.01, 0.05, 0.2]) {
      for (const burstR of [1, 2.5]) {
        for (const ratio of [0.1, 0.3, 1]) {
          for (const scheme of ['ulpfec', 'flexfec'] as const) {
            const ctx = { rttMs: 100, budgetMs: 60, packetIntervalMs: 20, blockPackets: 12, cache }
            const cfg = { opusFec: false, red: null, fec: { scheme, ratio }, nack: null }
            const got = recover(pi, burstR, cfg, ctx).residual
            const again = recover(pi, burstR, cfg, ctx).residual // memo hit
            // The memo's point: loss and burst ratio rounded in log steps of 1/200 and 1/50.
            const media = Math.min(48, Math.max(12, Math.ceil(1 / Math.max(ratio, 1 / 48))))
            const parity = Math.max(1, Math.round(ratio * media))
            const l = Math.exp(Math.round(Math.log(pi) * 200) / 200)
            const b = scheme === 'flexfec' ? 1 : Math.exp(Math.round(Math.log(burstR) * 50) / 50)
            const direct = pi * Math.min(1, blockCodeResidual(l / b, (1 - l) / b, media, parity) / l)
            expect(close(got, direct, 1e-12)).toBe(true)
            expect(again).toBe(got)
          }
        }
      }
    }
  })
})

/** Replays second by second with `evaluateSecond` and fresh state: no shared columns, no memo across scenarios. */
function direct(input: StreamReplayInput, config: WhatIfConfig, s: ProjectedSeries): void {
  const rc = resolveConfig(config, input.kind, new DelayTableCache())
  if (!rc.ok) throw new Error(rc.error.message)
  const scratch = new EvalScratch()
  const out = newSecondOut()
  for (let i = 0; i < input.seconds; i += 7) {
    if (!Number.isFinite(input.lossPct[i]!)) {
      expect(s.mos[i]).toBeNaN()
      continue
    }
    const net: NetSecond = {
      lossPct: input.lossPct[i]!, burstR: input.burstR![i]!, rttMs: input.rttMs[i]!, oneWayMs: NaN, jitterMs: input.jitterMs[i]!,
      jbDelayMs: input.jbDelayMs![i]!, availableKbps: input.availableKbps![i]!, bitrateKbps: input.bitrateKbps[i]!,
      fps: input.fps?.[i] ?? 30, width: input.frameWidth?.[i] ?? 1280, height: input.frameHeight?.[i] ?? 720,
    }
    evaluateSecond(rc.value, net, scratch, out)
    const got = [s.mos[i]!, s.rFactor[i]!, s.mouthToEarMs[i]!, s.residualLossPct[i]!, s.lateLossPct[i]!, s.freezePct[i]!, s.bandwidthKbps[i]!, s.heldHeight[i]!, s.heldFps[i]!]
    const want = [out.mos, out.r, out.mouthToEarMs, out.residualLossPct, out.lateLossPct, out.freezePct, out.bandwidthKbps, out.heldHeight, out.heldFps]
    for (let k = 0; k < got.length; k++) expect(close(got[k]!, want[k]!), `second ${i}, field ${k}: ${got[k]} vs ${want[k]}`).toBe(true)
  }
}

describe('replay against the direct per-second evaluation', () => {
  for (const kind of ['audio', 'video'] as const) {
    it(`${kind}: every scenario's columns equal evaluateSecond (shared network and buffer columns and the memo are exact)`, () => {
      const input = syntheticInput(kind, 900, 5)
      const base = baselineConfig(input)
      const scenarios = benchScenarios(kind, 24)
      const r = replay(input, base, scenarios)
      expect(r.ok).toBe(true)
      if (!r.ok) return
      direct(input, base, r.value.baseline)
      scenarios.forEach((s, k) => direct(input, applyPatch(base, s.patch), r.value.scenarios[k]!))
    })
  }
})
