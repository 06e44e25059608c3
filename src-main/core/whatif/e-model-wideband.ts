/**
 * The E-model on the three rating scales, one call shape for the replay engine:
 *  - nb: ITU-T G.107 (R up to 93.2 at defaults, equipment ceiling 95);
 *  - wb: ITU-T G.107.1 wideband E-model (Ro,WB = 129, Ie,eff,WB ceiling 129; R_WB / 1.29 onto the
 *    narrowband scale for the MOS mapping, G.107.1 Annex A);
 *  - fb: fullband as webrtcmetrics uses ITU-T G.107.2 for Opus (Ro,FB = 148, equipment factor 132,
 *    Idd × 1.48, R_FB / 1.48) — a labelled assumption, see README.
 * The delay part is tabulated once per parameter set (2 ms steps) so a replay evaluates it by lookup.
 */
import { G107_DEFAULTS, type G107Params, delayOnlyR, effectiveEquipmentImpairment, mosFromR } from './e-model'

/** Rating scale: narrowband (G.107), wideband (G.107.1), fullband (G.107.2-style). */
export type Band = 'nb' | 'wb' | 'fb'

/** Per-band constants (sources in README "E-model scales"). */
export interface BandScale {
  /** R at ideal conditions on the band's own scale. */
  ro: number
  /** The ceiling Ie,eff tends to at total loss (eq 7-29's 95 on the narrowband scale). */
  equipmentCeiling: number
  /** Divide the band's R by this to put it on the narrowband scale (MOS mapping). */
  expansion: number
}

/** The three scales (sources in the comments and README "E-model scales"). */
export const BAND_SCALES: Readonly<Record<Band, BandScale>> = Object.freeze({
  // G.107 eq 7-29 (95); R scale as G.107.
  nb: { ro: 93.2, equipmentCeiling: 95, expansion: 1 },
  // G.107.1: Ro,WB = 129, Ie,eff,WB = Ie,WB + (129 − Ie,WB)·Ppl/(Ppl/BurstR + Bpl); R_WB/1.29 for MOS.
  wb: { ro: 129, equipmentCeiling: 129, expansion: 1.29 },
  // webrtcmetrics' reading of G.107.2 (anchors-mission.md §2.2): RoFB 148, equipment factor 132, /1.48.
  fb: { ro: 148, equipmentCeiling: 132, expansion: 1.48 },
})

/** The inputs of one rating. */
export interface RatingInput {
  band: Band
  /** Mouth-to-ear delay Ta (ms); the echo path T = Ta and Tr = 2·Ta (assumption, see e-model.ts delayOnlyR). */
  delayMs: number
  Ie: number
  Bpl: number
  /** Packet loss seen by the decoder (%), network residual plus late loss. */
  Ppl: number
  BurstR: number
  A?: number
}

/** A rating: R on the band's own scale, R on the narrowband scale, and MOS. */
export interface Rating {
  band: Band
  rNative: number
  r: number
  mos: number
  IeEff: number
  /** The delay-only impairment subtracted (Idte + Idle + Idd, on the band's scale). */
  Id: number
}

/**
 * Delay-only R on a band's scale: nb = Ro − Is − Idte − Idle − Idd (G.107); wb and fb take the
 * narrowband Idte + Idle + Idd scaled by the band's expansion factor from Ro,XB (G.107.1 Idd,WB =
 * 1.29·Idd as implemented publicly; the echo terms scaled the same way is our assumption, and
 * Is,WB = Is,FB = 0 at default terminal and noise values).
 */
export function delayOnlyRating(band: Band, delayMs: number, params: Partial<G107Params> = {}): { R: number; Id: number } {
  const d = delayOnlyR(delayMs, params)
  const Id = d.Idte + d.Idle + d.Idd
  if (band === 'nb') return { R: d.R, Id }
  const s = BAND_SCALES[band]
  return { R: s.ro - s.expansion * Id, Id: s.expansion * Id }
}

/** One rating computed from scratch (used by the CLI and tests; the replay uses a DelayTable). */
export function rate(input: RatingInput, params: Partial<G107Params> = {}): Rating {
  const s = BAND_SCALES[input.band]
  const d = delayOnlyRating(input.band, input.delayMs, params)
  const IeEff = effectiveEquipmentImpairment(input.Ie, input.Ppl, input.Bpl, input.BurstR, s.equipmentCeiling)
  const rNative = d.R - IeEff + (input.A ?? params.A ?? 0)
  const r = rNative / s.expansion
  return { band: input.band, rNative, r, mos: mosFromR(r), IeEff, Id: d.Id }
}

/** Delay-only R tabulated every `stepMs` for one band and parameter set. */
export interface DelayTable {
  band: Band
  /** `BAND_SCALES[band]`, held here so the per-second rating skips a keyed lookup. */
  scale: BandScale
  stepMs: number
  values: Float64Array
}

/** Largest tabulated delay; beyond it the last value is held (R is already far below 0 there). */
export const DELAY_TABLE_MAX_MS = 3000

/**
 * Table step (ms). Linear interpolation between 2 ms steps is within 0.003 R of the direct computation
 * above 4 ms (0.08 R below, where Idte's factor 1 − e^(−T) is steep; no mouth-to-ear delay is that short).
 */
export const DELAY_TABLE_STEP_MS = 2

/**
 * Builds the table (1501 full E-model evaluations). A wideband or fullband table can be derived
 * from the narrowband one of the same parameters (`fromNb`), since both use the same Id terms.
 */
export function buildDelayTable(band: Band, params: Partial<G107Params> = {}, fromNb?: DelayTable): DelayTable {
  const step = DELAY_TABLE_STEP_MS
  const n = DELAY_TABLE_MAX_MS / step + 1
  const values = new Float64Array(n)
  if (band !== 'nb') {
    const nb = fromNb ?? buildDelayTable('nb', params)
    // The nb table holds (Ro − Is) − Id + A; the band's delay-only R is ro − k·Id (A is added at rating time).
    const base = delayOnlyR(0, params).RoMinusIs + (params.A ?? 0)
    const s = BAND_SCALES[band]
    for (let i = 0; i < n; i++) values[i] = s.ro - s.expansion * (base - nb.values[i]!)
    return { band, scale: s, stepMs: step, values }
  }
  for (let i = 0; i < n; i++) values[i] = delayOnlyRating('nb', i * step, params).R
  return { band, scale: BAND_SCALES.nb, stepMs: step, values }
}

/** Delay-only R for a delay, linearly interpolated from the table. */
export function lookupDelayR(table: DelayTable, delayMs: number): number {
  const v = table.values
  const x = delayMs / table.stepMs
  if (!(x > 0)) return v[0]!
  if (x >= v.length - 1) return v[v.length - 1]!
  const i = Math.floor(x)
  const f = x - i
  return v[i]! + (v[i + 1]! - v[i]!) * f
}

// Local alias: avoids the CommonJS import getter on the replay's hot path (see evaluate.ts).
const ieEff = effectiveEquipmentImpairment

/** R on the narrowband scale with the delay part taken from a table (the replay's hot path; MOS = mosFromR(r)). */
export function rFromTable(table: DelayTable, delayMs: number, Ie: number, Bpl: number, Ppl: number, BurstR: number, A = 0): number {
  const s = table.scale
  const IeEff = ieEff(Ie, Ppl, Bpl, BurstR, s.equipmentCeiling)
  return (lookupDelayR(table, delayMs) - IeEff + A) / s.expansion
}

/** A cache of delay tables keyed by band and the echo/terminal parameters. */
export class DelayTableCache {
  readonly #tables = new Map<string, DelayTable>()

  /** The table for a band and parameter set, built on first use (wideband and fullband from the narrowband one). */
  get(band: Band, params: Partial<G107Params> = {}): DelayTable {
    const key = `${band}|${JSON.stringify({ ...G107_DEFAULTS, ...params })}`
    let t = this.#tables.get(key)
    if (!t) {
      if (this.#tables.size >= 64) this.#tables.clear() // bound memory (12 kB a table)
      t = buildDelayTable(band, params, band === 'nb' ? undefined : this.get('nb', params))
      this.#tables.set(key, t)
    }
    return t
  }
}

/**
 * The cache replays and sweeps share. A table is a pure function of band and parameters and costs
 * 1501 full E-model evaluations (several ms, as much as a tenth of a replay), so it is built once
 * per process rather than once per replay; the tables are never modified after they are built.
 */
export const SHARED_DELAY_TABLES = new DelayTableCache()
