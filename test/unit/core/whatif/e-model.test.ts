import { describe, expect, it } from 'vitest'
import {
  G107_DEFAULTS, computeEModel, delayImpairmentIdd, effectiveEquipmentImpairment, mosFromR,
} from '../../../../src-main/core/whatif/e-model'

/** G.107 eq 7-28 written out independently of the implementation. */
function iddClosedForm(ta: number): number {
  if (ta <= 100) return 0
  const x = Math.log(ta / 100) / Math.log(2)
  return 25 * ((1 + x ** 6) ** (1 / 6) - 3 * (1 + (x / 3) ** 6) ** (1 / 6) + 2)
}

describe('G.107 E-model at the Table 3 defaults', () => {
  const b = computeEModel()
  it('gives R = 93.2 and MOS 4.41', () => {
    expect(b.R).toBeCloseTo(93.2, 1)
    expect(Math.abs(b.R - 93.2)).toBeLessThan(0.1)
    expect(b.mos).toBeCloseTo(4.41, 2)
  })
  it('has the well-known intermediate terms (Ro 94.77 as Twilio\'s r0 = 94.768, Is 1.41)', () => {
    expect(b.No).toBeCloseTo(-61.18, 2)
    expect(b.Ro).toBeCloseTo(94.768, 2)
    expect(b.Is).toBeCloseTo(1.41, 2)
    expect(b.Idte).toBe(0)
    expect(b.Idd).toBe(0)
    expect(b.IeEff).toBe(0)
  })
  it('covers the sidetone branches (TERVs for STMR < 9, Idtes for STMR > 20) with finite results', () => {
    for (const STMR of [5, 10, 25]) {
      const r = computeEModel({ STMR, LSTR: STMR + 3, T: 100, Ta: 100, Tr: 200 })
      expect(Number.isFinite(r.R)).toBe(true)
    }
  })
})

describe('MOS mapping (G.107 Annex B eq B-4)', () => {
  // The published values (G.109 category limits) are the formula rounded; at R = 80 the formula
  // gives 4.024, published as 4.03, hence the 0.01 tolerance.
  it.each([[90, 4.34], [80, 4.03], [70, 3.6], [60, 3.1], [50, 2.58]])('R = %d → MOS %d', (r, mos) => {
    expect(Math.abs(mosFromR(r) - mos)).toBeLessThanOrEqual(0.0101)
    expect(mosFromR(r)).toBeCloseTo(1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6, 10)
  })
  it('is 1 at or below R = 0 and 4.5 at or above R = 100, never below 1', () => {
    expect(mosFromR(-5)).toBe(1)
    expect(mosFromR(0)).toBe(1)
    expect(mosFromR(100)).toBe(4.5)
    expect(mosFromR(130)).toBe(4.5)
    expect(mosFromR(3)).toBeGreaterThanOrEqual(1)
  })
})

describe('delay impairment Idd (eqs 7-27, 7-28)', () => {
  it.each([[150, 0.164], [200, 3.044], [300, 14.761], [400, 24.070]])('Ta = %d ms → Idd %d', (ta, idd) => {
    expect(delayImpairmentIdd(ta)).toBeCloseTo(iddClosedForm(ta), 10)
    expect(delayImpairmentIdd(ta)).toBeCloseTo(idd, 2)
  })
  it('is 0 up to mT = 100 ms and grows after it', () => {
    expect(delayImpairmentIdd(0)).toBe(0)
    expect(delayImpairmentIdd(100)).toBe(0)
    let prev = 0
    for (let ta = 110; ta <= 1000; ta += 10) {
      const v = delayImpairmentIdd(ta)
      expect(v).toBeGreaterThan(prev)
      prev = v
    }
  })
  it('enters R: the full model at Ta = 400 ms loses Idd plus the echo terms', () => {
    const r = computeEModel({ Ta: 400 })
    expect(r.R).toBeCloseTo(computeEModel().R - iddClosedForm(400), 6)
  })
})

describe('G.711 with PLC (Bpl 25.1) against without PLC (Bpl 4.3), random loss', () => {
  // Closed form of eq 7-29 with Ie = 0, BurstR = 1: Ie,eff = 95·P/(P + Bpl).
  const closed = (p: number, bpl: number) => (95 * p) / (p + bpl)
  const expected: [number, number, number][] = [
    // loss %, Ie,eff with PLC, Ie,eff without PLC
    [1, 3.640, 17.925], [2, 7.011, 30.159], [5, 15.781, 51.075], [10, 27.066, 66.434],
  ]
  it.each(expected)('at %d %% loss', (loss, withPlc, withoutPlc) => {
    const plc = computeEModel({ Ie: 0, Bpl: 25.1, Ppl: loss })
    const noPlc = computeEModel({ Ie: 0, Bpl: 4.3, Ppl: loss })
    expect(plc.IeEff).toBeCloseTo(closed(loss, 25.1), 10)
    expect(plc.IeEff).toBeCloseTo(withPlc, 2)
    expect(noPlc.IeEff).toBeCloseTo(withoutPlc, 2)
    expect(plc.R).toBeCloseTo(computeEModel().R - withPlc, 2)
    expect(plc.mos).toBeGreaterThan(noPlc.mos)
  })
  it('has the published low-loss slopes: about 4 R per % with PLC, about 25 without ("Controlling Voice Quality", Internet Traffic Engineering, Fig. 5)', () => {
    const slope = (bpl: number) => computeEModel({ Bpl: bpl, Ppl: 0.1 }).IeEff / 0.1
    expect(slope(25.1)).toBeGreaterThan(3.5)
    expect(slope(25.1)).toBeLessThan(4)
    expect(slope(4.3)).toBeGreaterThan(20)
    expect(slope(4.3)).toBeLessThan(25)
  })
})

describe('effective equipment impairment', () => {
  it('grows with the burst ratio and clamps it to G.107 Table 3 range 1…8', () => {
    const at = (b: number) => effectiveEquipmentImpairment(11, 3, 19, b)
    expect(at(2)).toBeGreaterThan(at(1))
    expect(at(0.5)).toBe(at(1))
    expect(at(20)).toBe(at(8))
  })
  it('uses the defaults when called without loss', () => {
    expect(effectiveEquipmentImpairment(G107_DEFAULTS.Ie, 0, G107_DEFAULTS.Bpl)).toBe(0)
  })
})
