import { describe, expect, it } from 'vitest'
import {
  NO_RECOVERY, RecoveryCache, type RecoveryConfig, type RecoveryContext, blockCodeResidual, blockLossPmf, fecBlock,
  nackAttempts, recover,
} from '../../../../src-main/core/whatif/loss-recovery'
import { gilbertFromLossAndBurstR } from '../../../../src-main/core/whatif/loss-pattern'
import { gilbertSequence } from './helpers'

const ctx = (over: Partial<RecoveryContext> = {}): RecoveryContext => ({
  rttMs: 100, budgetMs: 60, packetIntervalMs: 20, blockPackets: 10, cache: new RecoveryCache(), ...over,
})
const cfg = (over: Partial<RecoveryConfig>): RecoveryConfig => ({ ...NO_RECOVERY, ...over })

/** Simulated residual of "recovered if any of the next d packets arrived". */
function simulateDistance(seq: Uint8Array, d: number): number {
  let lost = 0
  for (let i = 0; i + d < seq.length; i++) {
    if (!seq[i]) continue
    let recovered = false
    for (let j = 1; j <= d; j++) if (!seq[i + j]) recovered = true
    if (!recovered) lost++
  }
  return lost / (seq.length - d)
}

describe('loss recovery against simulated loss run lengths', () => {
  const loss = 0.05
  const burstR = 2.5
  const g = gilbertFromLossAndBurstR(loss, burstR)
  const seq = gilbertSequence(g.p, g.q, 500_000, 11)

  it('Opus in-band FEC leaves π(1 − q): a run of k loses k − 1', () => {
    const r = recover(loss, burstR, cfg({ opusFec: true }), ctx())
    expect(r.residual).toBeCloseTo(loss * (1 - g.q), 12)
    expect(r.residual).toBeCloseTo(simulateDistance(seq, 1), 2)
  })
  it('RED with distance d leaves π(1 − q)^d', () => {
    for (const d of [1, 2, 3]) {
      const r = recover(loss, burstR, cfg({ red: { distance: d } }), ctx())
      expect(r.residual).toBeCloseTo(loss * (1 - g.q) ** d, 12)
      expect(Math.abs(r.residual - simulateDistance(seq, d))).toBeLessThan(0.003)
      expect(r.payloadFactor).toBe(1 + d)
    }
  })
  it('the block DP is a distribution with mean n·π, and parity 0 leaves π', () => {
    const pmf = blockLossPmf(g.p, g.q, 12)
    expect(pmf.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    expect(pmf.reduce((a, b, k) => a + b * k, 0)).toBeCloseTo(12 * loss, 10)
    expect(blockCodeResidual(g.p, g.q, 10, 0)).toBeCloseTo(loss, 10)
  })
  it('ULPFEC: ideal block recovery matches a block simulation; FlexFEC (interleaved) does better on bursts', () => {
    const { media, parity } = fecBlock(0.2, 10)
    expect([media, parity]).toEqual([10, 2])
    let lostMedia = 0
    let blocks = 0
    for (let i = 0; i + media + parity <= seq.length; i += media + parity) {
      let k = 0
      for (let j = 0; j < media + parity; j++) k += seq[i + j]!
      if (k > parity) for (let j = 0; j < media + parity; j++) lostMedia += seq[i + j]! * (media / (media + parity))
      blocks++
    }
    const simulated = lostMedia / (blocks * media)
    const ulp = recover(loss, burstR, cfg({ fec: { scheme: 'ulpfec', ratio: 0.2 } }), ctx())
    expect(Math.abs(ulp.residual - simulated)).toBeLessThan(0.004)
    const flex = recover(loss, burstR, cfg({ fec: { scheme: 'flexfec', ratio: 0.2 } }), ctx())
    expect(flex.residual).toBeLessThan(ulp.residual)
    expect(ulp.packetFactor).toBeCloseTo(1.2, 9)
  })
  it('NACK retries only when detection + RTT fits the budget', () => {
    expect(nackAttempts(60, 100, 20, 10)).toBe(0)
    expect(nackAttempts(250, 100, 20, 10)).toBe(2)
    expect(nackAttempts(Infinity, 300, 20, 10)).toBe(10)
    const tight = recover(loss, burstR, cfg({ nack: { maxRetries: 10 } }), ctx({ budgetMs: 60 }))
    expect(tight.residual).toBeCloseTo(loss, 12)
    const roomy = recover(loss, burstR, cfg({ nack: { maxRetries: 10 } }), ctx({ budgetMs: 400 }))
    expect(roomy.nackAttempts).toBeGreaterThan(0)
    expect(roomy.residual).toBeCloseTo(loss * loss ** roomy.nackAttempts, 12)
    expect(roomy.payloadFactor).toBeGreaterThan(1)
  })
  it('no loss, nothing to recover; overhead still counted', () => {
    const r = recover(0, 1, cfg({ red: { distance: 2 }, fec: { scheme: 'flexfec', ratio: 0.5 } }), ctx())
    expect(r.residual).toBe(0)
    expect(r.payloadFactor).toBeCloseTo(3.5, 9)
    expect(r.extraHeaderBytes).toBeGreaterThan(0)
  })
})
