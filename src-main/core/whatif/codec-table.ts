/**
 * Audio codec table for the E-model: Ie / Bpl, rating band, bit rate and algorithmic delay per codec
 * mode. Rows from ITU-T G.113 (11/2007) Appendix I (Table I.1 for Ie, Table I.3 for Bpl) are marked
 * `basis: 'itu'`; every other number is `basis: 'assumed'` or `'secondary'` and says what it rests on
 * (README "Codec table" repeats this). Delays: codec frame + look-ahead from the codec's own spec.
 */
import type { Band } from './e-model-wideband'

/** Where a value comes from: an ITU-T table, a named secondary source, or our assumption. */
export type Basis = 'itu' | 'secondary' | 'assumed'

/** One codec mode as the E-model needs it. */
export interface CodecRow {
  /** Stable id, e.g. `g711-plc`, `g729a`, `opus`. */
  id: string
  /** Family for name matching and bit-rate selection, e.g. `g726`. */
  family: string
  label: string
  band: Band
  /** Codec payload bit rate (kbit/s); for Opus and AAC the default, the scenario may change it. */
  bitrateKbps: number
  frameMs: number
  lookaheadMs: number
  /** Usual RTP packet duration (ms). */
  packetMs: number
  Ie: number
  Bpl: number
  ieBasis: Basis
  bplBasis: Basis
  /** Citation for Ie and Bpl. */
  source: string
  /** True when Ie depends on the bit rate (Opus, see `ieAt`). */
  isBitrateDependent?: boolean
}

const G113 = 'ITU-T G.113 (11/2007) Appendix I'
const T11 = `${G113}, Table I.1`
const T13 = `${G113}, Table I.3`

function row(r: CodecRow): CodecRow {
  return r
}

/** The table. Frame/look-ahead sources: G.711, G.726, G.729 §2, G.723.1 §2, GSM 06.10/06.20/06.60, 3GPP TS 26.090/26.190, RFC 6716, RFC 3951, ISO/IEC 14496-3. */
export const CODEC_TABLE: readonly CodecRow[] = Object.freeze([
  row({ id: 'g711', family: 'g711', label: 'G.711, no PLC', band: 'nb', bitrateKbps: 64, frameMs: 0, lookaheadMs: 0, packetMs: 20, Ie: 0, Bpl: 4.3, ieBasis: 'itu', bplBasis: 'itu', source: `${T11} (Ie 0); ${T13} G.711 without PLC (Bpl 4.3, also the G.107 Table 3 default)` }),
  row({ id: 'g711-plc', family: 'g711', label: 'G.711 with Appendix I PLC', band: 'nb', bitrateKbps: 64, frameMs: 0, lookaheadMs: 0, packetMs: 20, Ie: 0, Bpl: 25.1, ieBasis: 'itu', bplBasis: 'itu', source: `${T11} (Ie 0); ${T13} G.711 with PLC per G.711 Appendix I (Bpl 25.1)` }),
  row({ id: 'g726-40', family: 'g726', label: 'G.726 40 kbit/s', band: 'nb', bitrateKbps: 40, frameMs: 0, lookaheadMs: 0, packetMs: 20, Ie: 2, Bpl: 4.3, ieBasis: 'itu', bplBasis: 'assumed', source: `${T11} (Ie 2); Bpl assumed 4.3 (no PLC in G.726, as G.711 without PLC)` }),
  row({ id: 'g726-32', family: 'g726', label: 'G.726 32 kbit/s', band: 'nb', bitrateKbps: 32, frameMs: 0, lookaheadMs: 0, packetMs: 20, Ie: 7, Bpl: 4.3, ieBasis: 'itu', bplBasis: 'assumed', source: `${T11} (Ie 7); Bpl assumed 4.3 (no PLC in G.726)` }),
  row({ id: 'g726-24', family: 'g726', label: 'G.726 24 kbit/s', band: 'nb', bitrateKbps: 24, frameMs: 0, lookaheadMs: 0, packetMs: 20, Ie: 25, Bpl: 4.3, ieBasis: 'itu', bplBasis: 'assumed', source: `${T11} (Ie 25); Bpl assumed 4.3 (no PLC in G.726)` }),
  row({ id: 'g726-16', family: 'g726', label: 'G.726 16 kbit/s', band: 'nb', bitrateKbps: 16, frameMs: 0, lookaheadMs: 0, packetMs: 20, Ie: 50, Bpl: 4.3, ieBasis: 'itu', bplBasis: 'assumed', source: `${T11} (Ie 50); Bpl assumed 4.3 (no PLC in G.726)` }),
  row({ id: 'g729', family: 'g729', label: 'G.729 8 kbit/s', band: 'nb', bitrateKbps: 8, frameMs: 10, lookaheadMs: 5, packetMs: 20, Ie: 10, Bpl: 19.0, ieBasis: 'itu', bplBasis: 'assumed', source: `${T11} (Ie 10); Bpl of the G.729A+VAD row of ${T13} (19.0), assumed to hold for G.729` }),
  row({ id: 'g729a', family: 'g729', label: 'G.729A + VAD 8 kbit/s', band: 'nb', bitrateKbps: 8, frameMs: 10, lookaheadMs: 5, packetMs: 20, Ie: 11, Bpl: 19.0, ieBasis: 'itu', bplBasis: 'itu', source: `${T11} (Ie 11); ${T13} G.729A+VAD, 2 frames per packet (Bpl 19.0)` }),
  row({ id: 'g723-63', family: 'g723', label: 'G.723.1 6.3 kbit/s', band: 'nb', bitrateKbps: 6.3, frameMs: 30, lookaheadMs: 7.5, packetMs: 30, Ie: 15, Bpl: 16.1, ieBasis: 'itu', bplBasis: 'itu', source: `${T11} (Ie 15); ${T13} G.723.1+VAD 6.3 kbit/s, 1 frame per packet (Bpl 16.1)` }),
  row({ id: 'g723-53', family: 'g723', label: 'G.723.1 5.3 kbit/s', band: 'nb', bitrateKbps: 5.3, frameMs: 30, lookaheadMs: 7.5, packetMs: 30, Ie: 19, Bpl: 16.1, ieBasis: 'itu', bplBasis: 'assumed', source: `${T11} (Ie 19); Bpl of the 6.3 kbit/s row (16.1) assumed` }),
  row({ id: 'gsm-fr', family: 'gsm', label: 'GSM 06.10 Full Rate 13 kbit/s', band: 'nb', bitrateKbps: 13, frameMs: 20, lookaheadMs: 0, packetMs: 20, Ie: 20, Bpl: 10.0, ieBasis: 'itu', bplBasis: 'assumed', source: `${T11} (Ie 20); Bpl assumed = GSM-EFR's 10.0 (same substitution-and-muting concealment family)` }),
  row({ id: 'gsm-hr', family: 'gsm', label: 'GSM 06.20 Half Rate 5.6 kbit/s', band: 'nb', bitrateKbps: 5.6, frameMs: 20, lookaheadMs: 4.4, packetMs: 20, Ie: 23, Bpl: 10.0, ieBasis: 'itu', bplBasis: 'assumed', source: `${T11} (Ie 23); Bpl assumed = GSM-EFR's 10.0` }),
  row({ id: 'gsm-efr', family: 'gsm', label: 'GSM 06.60 Enhanced Full Rate 12.2 kbit/s', band: 'nb', bitrateKbps: 12.2, frameMs: 20, lookaheadMs: 0, packetMs: 20, Ie: 5, Bpl: 10.0, ieBasis: 'itu', bplBasis: 'itu', source: `${T11} (Ie 5); ${T13} GSM-EFR, 1 frame per packet (Bpl 10.0)` }),
  row({ id: 'amr-122', family: 'amr', label: 'AMR-NB 12.2 kbit/s', band: 'nb', bitrateKbps: 12.2, frameMs: 20, lookaheadMs: 0, packetMs: 20, Ie: 5, Bpl: 10.0, ieBasis: 'secondary', bplBasis: 'secondary', source: `GSM-EFR row of ${G113}: the AMR 12.2 kbit/s mode is the GSM-EFR algorithm (3GPP TS 26.071)` }),
  row({ id: 'amr-wb-1265', family: 'amr-wb', label: 'AMR-WB (G.722.2) 12.65 kbit/s', band: 'wb', bitrateKbps: 12.65, frameMs: 20, lookaheadMs: 5, packetMs: 20, Ie: 11, Bpl: 10.0, ieBasis: 'secondary', bplBasis: 'assumed', source: 'Ie,WB 11: ITU-T G.113 Appendix IV (wideband Ie,WB) as recalled from secondary sources, not checked against the Recommendation text here; Bpl assumed 10.0 (AMR-family concealment, as GSM-EFR)' }),
  row({ id: 'opus', family: 'opus', label: 'Opus (fullband, assumption)', band: 'fb', bitrateKbps: 32, frameMs: 20, lookaheadMs: 6.5, packetMs: 20, Ie: 10.2, Bpl: 9.6, ieBasis: 'assumed', bplBasis: 'assumed', isBitrateDependent: true, source: 'No ITU-T table: Ie,FB 10.2 and Bpl 9.6 as webrtcmetrics (oanguenot/webrtcmetrics score.js) uses them with ITU-T G.107.2; bit-rate slope from peermetrics eMOS (Ie = 55 − 4.6·ln(bit/s)), anchored at 32 kbit/s; 26.5 ms algorithmic delay per RFC 6716 / opus-codec.org' }),
  row({ id: 'aac-ld', family: 'aac', label: 'AAC-LD (assumption)', band: 'fb', bitrateKbps: 64, frameMs: 10, lookaheadMs: 10, packetMs: 10, Ie: 10.2, Bpl: 4.3, ieBasis: 'assumed', bplBasis: 'assumed', source: 'No ITU-T table: Ie,FB assumed = the Opus value 10.2 (fullband transform codec at high rate); Bpl assumed 4.3 (G.107 value for no concealment: most AAC decoders mute or repeat); 20 ms algorithmic delay at 48 kHz, 480-sample frames (ISO/IEC 14496-3 AAC-LD)' }),
  row({ id: 'aac-eld', family: 'aac', label: 'AAC-ELD (assumption)', band: 'fb', bitrateKbps: 64, frameMs: 10, lookaheadMs: 5, packetMs: 10, Ie: 10.2, Bpl: 4.3, ieBasis: 'assumed', bplBasis: 'assumed', source: 'As AAC-LD; 15 ms algorithmic delay at 48 kHz (ISO/IEC 14496-3 AAC-ELD low-delay filter bank)' }),
  row({ id: 'aac-lc', family: 'aac', label: 'AAC-LC (assumption)', band: 'fb', bitrateKbps: 128, frameMs: 21.3, lookaheadMs: 21.3, packetMs: 21.3, Ie: 10.2, Bpl: 4.3, ieBasis: 'assumed', bplBasis: 'assumed', source: 'As AAC-LD; 1024-sample frames at 48 kHz, algorithmic delay assumed 2 frames (frame + MDCT overlap, block-switching look-ahead not counted)' }),
  row({ id: 'ilbc-20', family: 'ilbc', label: 'iLBC 15.2 kbit/s, 20 ms (assumption)', band: 'nb', bitrateKbps: 15.2, frameMs: 20, lookaheadMs: 5, packetMs: 20, Ie: 10, Bpl: 25.1, ieBasis: 'assumed', bplBasis: 'assumed', source: 'No ITU-T table: Ie assumed 10 (as G.729 in Table I.1, a narrowband CELP-class coder); Bpl assumed 25.1 (as G.711 with PLC: iLBC codes frames independently for loss robustness, RFC 3951 §1); 25 ms algorithmic delay per RFC 3951' }),
  row({ id: 'ilbc-30', family: 'ilbc', label: 'iLBC 13.33 kbit/s, 30 ms (assumption)', band: 'nb', bitrateKbps: 13.33, frameMs: 30, lookaheadMs: 10, packetMs: 30, Ie: 10, Bpl: 25.1, ieBasis: 'assumed', bplBasis: 'assumed', source: 'As iLBC 20 ms; 40 ms algorithmic delay per RFC 3951' }),
])

/** Aliases from SDP / getStats codec names and common spellings to a row id. */
const ALIASES: Record<string, string> = {
  pcmu: 'g711', pcma: 'g711', g711u: 'g711', g711a: 'g711', g711plc: 'g711-plc', g726: 'g726-32',
  g729ab: 'g729a', g723: 'g723-63', g7231: 'g723-63', gsm: 'gsm-fr', gsmfr: 'gsm-fr', gsmhr: 'gsm-hr',
  gsmefr: 'gsm-efr', amr: 'amr-122', amrnb: 'amr-122', amrwb: 'amr-wb-1265', g7222: 'amr-wb-1265',
  multiopus: 'opus', aac: 'aac-lc', mp4alatm: 'aac-lc', ilbc: 'ilbc-20',
}

const normalize = (s: string) => s.toLowerCase().replace(/^audio\//, '').replace(/[^a-z0-9]/g, '')

/**
 * Finds the row for a codec name (`opus`, `PCMU`, `audio/G729`, `g726`, `g726-24`…). For a family
 * name with a bit rate, the family row nearest to it is chosen (G.726, G.723.1, GSM, iLBC); for
 * G.711, `hasPlc` picks the row with or without concealment. Undefined when the codec is unknown.
 */
export function findCodec(name: string, opts: { hasPlc?: boolean; bitrateKbps?: number } = {}): CodecRow | undefined {
  const key = normalize(name)
  const exact = CODEC_TABLE.find((r) => normalize(r.id) === key)
  const aliased = exact ?? CODEC_TABLE.find((r) => r.id === ALIASES[key])
  if (!aliased) return undefined
  if (aliased.family === 'g711' && opts.hasPlc !== undefined) {
    return CODEC_TABLE.find((r) => r.id === (opts.hasPlc ? 'g711-plc' : 'g711'))
  }
  const br = opts.bitrateKbps
  if (exact || aliased.isBitrateDependent || br === undefined || !Number.isFinite(br)) return aliased
  const family = CODEC_TABLE.filter((r) => r.family === aliased.family)
  return family.reduce((best, r) => (Math.abs(r.bitrateKbps - br) < Math.abs(best.bitrateKbps - br) ? r : best), aliased)
}

/**
 * Ie at a bit rate. Fixed for every row except Opus, whose Ie follows the slope of peermetrics'
 * Ie = 55 − 4.6·ln(bit/s) (clamped 0…30 there) anchored so 32 kbit/s gives the row's Ie, scaled by
 * 1.48 onto the fullband R scale, and never below 0 (assumption, README "Opus").
 */
export function ieAt(row: CodecRow, bitrateKbps: number | undefined): number {
  return ieAtAnchored(row, bitrateKbps, ieAnchor(row))
}

/** The bit-rate-independent term of `ieAt` for a row (a replay computes it once per configuration). */
export function ieAnchor(row: CodecRow): number {
  return peermetricsIe(row.bitrateKbps)
}

/** `ieAt` with `ieAnchor(row)` given: one logarithm per call instead of two (the replay's hot path). */
export function ieAtAnchored(row: CodecRow, bitrateKbps: number | undefined, anchor: number): number {
  if (!row.isBitrateDependent || bitrateKbps === undefined || !(bitrateKbps > 0)) return row.Ie
  return Math.max(0, row.Ie + 1.48 * (peermetricsIe(bitrateKbps) - anchor))
}

/** peermetrics eMOS: Ie = clamp(55 − 4.6·ln(bit/s), 0, 30). */
function peermetricsIe(kbps: number): number {
  return Math.min(30, Math.max(0, 55 - 4.6 * Math.log(kbps * 1000)))
}

/** Codec algorithmic delay (frame + look-ahead) and extra packetization delay for a packet size. */
export function codecDelayMs(row: CodecRow, packetMs = row.packetMs): { codecMs: number; packetizationMs: number } {
  return { codecMs: row.frameMs + row.lookaheadMs, packetizationMs: Math.max(0, packetMs - row.frameMs) }
}
