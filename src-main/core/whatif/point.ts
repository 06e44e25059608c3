/**
 * One E-model rating from plain parameters (codec, loss, burst ratio, mouth-to-ear delay, bit rate),
 * with every input used and every intermediate term, for `rtcwb whatif` and the UI's calculator.
 * Narrowband codecs run the full G.107 computation; wideband/fullband rows use the band scales of
 * e-model-wideband.ts. Echo path T = Ta and Tr = 2·Ta (assumption, see e-model.ts delayOnlyR).
 */
import { type CodecRow, CODEC_TABLE, findCodec, ieAt } from './codec-table'
import { G107_DEFAULTS, type G107Params, computeEModel, delayOnlyR, mosFromR } from './e-model'
import { BAND_SCALES, type Band, rate } from './e-model-wideband'
import type { WhatIfOutcome } from './types'

/** One parameter point to rate. */
export interface PointInput {
  codec: string
  /** G.711: with Appendix I concealment. */
  hasPlc?: boolean
  /** Packet loss (%). */
  lossPct: number
  /** G.107 burst ratio (1 = random). */
  burstR?: number
  /** Mouth-to-ear delay Ta (ms). */
  delayMs: number
  bitrateKbps?: number
}

/** The rating and everything it used. */
export interface PointRating {
  codec: Pick<CodecRow, 'id' | 'label' | 'band' | 'bitrateKbps' | 'Ie' | 'Bpl' | 'ieBasis' | 'bplBasis' | 'source'>
  band: Band
  inputs: { lossPct: number; burstR: number; Ta: number; T: number; Tr: number; Ie: number; Bpl: number; bitrateKbps: number | null }
  /** G.107 parameters used (Table 3 defaults except the ones above). */
  g107: G107Params
  /** The band's scale (R at ideal conditions, equipment ceiling, expansion to the narrowband scale). */
  scale: { ro: number; equipmentCeiling: number; expansion: number }
  /** R on the band's own scale (93.2 / 129 / 148 at ideal conditions). */
  rNative: number
  /** R on the narrowband scale (what MOS is computed from). */
  r: number
  mos: number
  terms: { Ro: number; Is: number; Idte: number; Idle: number; Idd: number; Id: number; IeEff: number }
}

/** Rates one parameter point; an unknown codec or an out-of-range value is an error, not a throw. */
export function ratePoint(input: PointInput): WhatIfOutcome<PointRating> {
  const bad = (message: string): WhatIfOutcome<PointRating> => ({ ok: false, error: { code: 'INVALID_INPUT', message } })
  if (!(input.lossPct >= 0 && input.lossPct <= 100)) return bad('loss must be 0…100 %')
  if (!(input.delayMs >= 0 && input.delayMs <= 10_000)) return bad('delay must be 0…10000 ms')
  const burstR = input.burstR ?? 1
  if (!(burstR >= 1)) return bad('burst ratio must be ≥ 1 (1 = random loss)')
  if (input.bitrateKbps !== undefined && !(input.bitrateKbps > 0)) return bad('bit rate must be > 0 kbit/s')
  const opts: { hasPlc?: boolean; bitrateKbps?: number } = {}
  if (input.hasPlc !== undefined) opts.hasPlc = input.hasPlc
  if (input.bitrateKbps !== undefined) opts.bitrateKbps = input.bitrateKbps
  const row = findCodec(input.codec, opts)
  if (!row) {
    return { ok: false, error: { code: 'UNKNOWN_CODEC', message: `unknown codec ${input.codec}; known: ${CODEC_TABLE.map((r) => r.id).join(', ')}` } }
  }
  const Ta = input.delayMs
  const Ie = ieAt(row, input.bitrateKbps)
  const g107: G107Params = { ...G107_DEFAULTS, Ta, T: Ta, Tr: 2 * Ta, Ie, Bpl: row.Bpl, Ppl: input.lossPct, BurstR: burstR }
  const scale = BAND_SCALES[row.band]
  const codec = { id: row.id, label: row.label, band: row.band, bitrateKbps: row.bitrateKbps, Ie: row.Ie, Bpl: row.Bpl, ieBasis: row.ieBasis, bplBasis: row.bplBasis, source: row.source }
  const inputs = { lossPct: input.lossPct, burstR, Ta, T: Ta, Tr: 2 * Ta, Ie, Bpl: row.Bpl, bitrateKbps: input.bitrateKbps ?? null }
  if (row.band === 'nb') {
    const b = computeEModel(g107)
    return {
      ok: true,
      value: { codec, band: row.band, inputs, g107, scale: { ...scale }, rNative: b.R, r: b.R, mos: b.mos, terms: { Ro: b.Ro, Is: b.Is, Idte: b.Idte, Idle: b.Idle, Idd: b.Idd, Id: b.Id, IeEff: b.IeEff } },
    }
  }
  const rt = rate({ band: row.band, delayMs: Ta, Ie, Bpl: row.Bpl, Ppl: input.lossPct, BurstR: burstR })
  const d = delayOnlyR(Ta)
  const k = scale.expansion
  return {
    ok: true,
    value: {
      codec, band: row.band, inputs, g107, scale: { ...scale }, rNative: rt.rNative, r: rt.r, mos: mosFromR(rt.r),
      terms: { Ro: scale.ro, Is: 0, Idte: k * d.Idte, Idle: k * d.Idle, Idd: k * d.Idd, Id: rt.Id, IeEff: rt.IeEff },
    },
  }
}
