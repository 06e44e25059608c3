import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../../../src-main/core/util/prng'
import {
  burstRFromMeanBurst, gilbertFromIndicators, gilbertFromLossAndBurstR, gilbertFromLossAndMeanBurst, gilbertFromRuns,
  runLengthHistogram, statsOf,
} from '../../../../src-main/core/whatif/loss-pattern'
import { gilbertSequence } from './helpers'

describe('Gilbert–Elliott loss pattern', () => {
  it('counts loss runs', () => {
    expect(runLengthHistogram([0, 1, 1, 0, 1, 0, 0, 1, 1, 1])).toEqual([0, 1, 1, 1])
    expect(runLengthHistogram([])).toEqual([0])
  })
  it('estimates p and q from an indicator sequence', () => {
    const s = gilbertFromIndicators([0, 0, 1, 1, 0, 0, 0, 1, 0, 0])
    // good→bad 2 of 6 good-state transitions, bad→good 2 of 3 bad-state transitions
    expect(s.p).toBeCloseTo(2 / 6, 9)
    expect(s.q).toBeCloseTo(2 / 3, 9)
    expect(gilbertFromIndicators([0, 0, 0]).lossRate).toBe(0)
  })
  it('recovers the parameters of a simulated bursty chain (G.107 BurstR = 1/(p+q))', () => {
    const seq = gilbertSequence(0.01, 0.25, 400_000, 7)
    const s = gilbertFromIndicators(seq)
    expect(s.p).toBeCloseTo(0.01, 3)
    expect(s.q).toBeCloseTo(0.25, 1)
    expect(s.burstR).toBeCloseTo(1 / 0.26, 0)
    const fromRuns = gilbertFromRuns(runLengthHistogram(seq), seq.length)
    expect(fromRuns.burstR).toBeCloseTo(s.burstR, 1)
  })
  it('gives BurstR ≈ 1 for random (Bernoulli) loss', () => {
    const rnd = seededRandom(3)
    const seq = Array.from({ length: 200_000 }, () => (rnd() < 0.05 ? 1 : 0))
    expect(gilbertFromIndicators(seq).burstR).toBeCloseTo(1, 1)
  })
  it('round-trips loss rate and burst ratio, and mean burst length', () => {
    const s = gilbertFromLossAndBurstR(0.04, 3)
    expect(s.lossRate).toBeCloseTo(0.04, 12)
    expect(s.burstR).toBeCloseTo(3, 12)
    expect(s.meanBurst).toBeCloseTo(3 / 0.96, 12)
    expect(gilbertFromLossAndBurstR(0.04, 0.2).burstR).toBe(1)
    expect(gilbertFromLossAndMeanBurst(0.04, 3 / 0.96).burstR).toBeCloseTo(3, 9)
    expect(burstRFromMeanBurst(0.1, 0.5)).toBe(1)
    expect(statsOf({ p: 0, q: 1 }).lossRate).toBe(0)
  })
})
