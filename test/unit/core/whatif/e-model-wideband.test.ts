import { describe, expect, it } from 'vitest'
import { computeEModel } from '../../../../src-main/core/whatif/e-model'
import {
  BAND_SCALES, DelayTableCache, buildDelayTable, delayOnlyRating, lookupDelayR, rFromTable, rate,
} from '../../../../src-main/core/whatif/e-model-wideband'

describe('rating scales', () => {
  it('narrowband equals the full G.107 computation', () => {
    const r = rate({ band: 'nb', delayMs: 180, Ie: 11, Bpl: 19, Ppl: 2, BurstR: 1.5 })
    const full = computeEModel({ Ta: 180, T: 180, Tr: 360, Ie: 11, Bpl: 19, Ppl: 2, BurstR: 1.5 })
    expect(r.r).toBeCloseTo(full.R, 9)
    expect(r.mos).toBeCloseTo(full.mos, 9)
  })
  it('wideband (G.107.1) starts at Ro,WB = 129 and maps R_WB / 1.29 to MOS', () => {
    const r = rate({ band: 'wb', delayMs: 0, Ie: 0, Bpl: 10, Ppl: 0, BurstR: 1 })
    expect(r.rNative).toBeGreaterThan(128.5)
    expect(r.rNative).toBeLessThanOrEqual(129)
    expect(r.r).toBeCloseTo(r.rNative / 1.29, 9)
    expect(r.mos).toBeGreaterThan(4.49)
  })
  it('wideband Ie,eff tends to the 129 ceiling, narrowband to 95', () => {
    expect(rate({ band: 'wb', delayMs: 0, Ie: 11, Bpl: 10, Ppl: 100_000, BurstR: 1 }).IeEff).toBeCloseTo(129, 0)
    expect(rate({ band: 'nb', delayMs: 0, Ie: 11, Bpl: 10, Ppl: 100_000, BurstR: 1 }).IeEff).toBeCloseTo(95, 0)
  })
  it('fullband Opus assumption: (148 − 10.2 − Id)/1.48 ≈ 93 at no loss, no delay', () => {
    const r = rate({ band: 'fb', delayMs: 0, Ie: 10.2, Bpl: 9.6, Ppl: 0, BurstR: 1 })
    expect(BAND_SCALES.fb.ro).toBe(148)
    expect(r.r).toBeCloseTo((148 - 10.2 - 1.48 * 0.149) / 1.48, 2)
  })
  it('delay costs the same on every scale once normalised', () => {
    const nb = delayOnlyRating('nb', 300).Id
    expect(delayOnlyRating('wb', 300).Id / 1.29).toBeCloseTo(nb, 9)
    expect(delayOnlyRating('fb', 300).Id / 1.48).toBeCloseTo(nb, 9)
  })
})

describe('delay tables', () => {
  it('match the direct computation within 0.003 R above 4 ms, exactly on the 2 ms grid', () => {
    for (const band of ['nb', 'wb', 'fb'] as const) {
      const t = buildDelayTable(band)
      for (const ms of [0, 150, 400, 1000]) expect(lookupDelayR(t, ms)).toBeCloseTo(delayOnlyRating(band, ms).R, 6)
      for (let ms = 4; ms < 1200; ms += 7.3) expect(Math.abs(lookupDelayR(t, ms) - delayOnlyRating(band, ms).R)).toBeLessThan(0.003)
    }
    const t = buildDelayTable('nb')
    const mid = lookupDelayR(t, 250.5)
    expect(mid).toBeLessThanOrEqual(lookupDelayR(t, 250))
    expect(mid).toBeGreaterThanOrEqual(lookupDelayR(t, 251))
    expect(lookupDelayR(t, 10_000)).toBe(t.values[t.values.length - 1])
  })
  it('are cached per band and parameters, and rFromTable agrees with rate()', () => {
    const cache = new DelayTableCache()
    expect(cache.get('wb')).toBe(cache.get('wb'))
    expect(cache.get('nb', { TELR: 50 })).not.toBe(cache.get('nb'))
    const r = rFromTable(cache.get('fb'), 220, 10.2, 9.6, 3, 2)
    expect(r).toBeCloseTo(rate({ band: 'fb', delayMs: 220, Ie: 10.2, Bpl: 9.6, Ppl: 3, BurstR: 2 }).r, 6)
  })
})
