/**
 * ITU-T G.107 (06/2015) E-model, narrowband, computed in full: R = Ro − Is − Id − Ie,eff + A, and
 * the Annex B mapping of R to MOS. Units: dB, dBm0p, dB(A), ms and % as in G.107 Table 3. References
 * are to G.107 (06/2015): §7.2 Ro, §7.3 Is, §7.4 Id, §7.5 Ie,eff, Annex B (MOS); defaults from
 * Table 3. Pure arithmetic, no state.
 */

/** The E-model's input parameters (G.107 Table 3 names). */
export interface G107Params {
  /** Send loudness rating (dB). */ SLR: number
  /** Receive loudness rating (dB). */ RLR: number
  /** Sidetone masking rating (dB). */ STMR: number
  /** Listener sidetone rating (dB). */ LSTR: number
  /** D-value of telephone, send side. */ Ds: number
  /** D-value of telephone, receive side (enters only through LSTR = STMR + Dr). */ Dr: number
  /** Talker echo loudness rating (dB). */ TELR: number
  /** Weighted echo path loss (dB). */ WEPL: number
  /** Mean one-way delay of the echo path (ms). */ T: number
  /** Round-trip delay in a 4-wire loop (ms). */ Tr: number
  /** Absolute delay in echo-free connections, i.e. mouth-to-ear (ms). */ Ta: number
  /** Number of quantization distortion units. */ qdu: number
  /** Equipment impairment factor of the codec. */ Ie: number
  /** Packet-loss robustness factor of the codec. */ Bpl: number
  /** Random packet-loss probability (%). */ Ppl: number
  /** Burst ratio (1 = random loss). */ BurstR: number
  /** Circuit noise referred to the 0 dBr point (dBm0p). */ Nc: number
  /** Noise floor at the receive side (dBmp). */ Nfor: number
  /** Room noise at the send side (dB(A)). */ Ps: number
  /** Room noise at the receive side (dB(A)). */ Pr: number
  /** Advantage factor. */ A: number
  /** Delay sensitivity: minimum perceivable delay mT (ms), G.107 (06/2015) §7.4 (default class). */ mT: number
  /** Delay sensitivity sT, G.107 (06/2015) §7.4 (default class). */ sT: number
}

/** G.107 (06/2015) Table 3 default values; mT = 100 ms, sT = 1 is the "default" delay-sensitivity class, for which eq 7-27 reduces to the pre-2015 Idd. */
export const G107_DEFAULTS: Readonly<G107Params> = Object.freeze({
  SLR: 8, RLR: 2, STMR: 15, LSTR: 18, Ds: 3, Dr: 3, TELR: 65, WEPL: 110, T: 0, Tr: 0, Ta: 0, qdu: 1,
  Ie: 0, Bpl: 4.3, Ppl: 0, BurstR: 1, Nc: -70, Nfor: -64, Ps: 35, Pr: 35, A: 0, mT: 100, sT: 1,
})

/** Every intermediate term of one E-model computation (for display and tests). */
export interface EModelBreakdown {
  No: number; Ro: number
  Iolr: number; Ist: number; Iq: number; Is: number
  Idte: number; Idle: number; Idd: number; Id: number
  IeEff: number; R: number; mos: number
}

const log10 = Math.log10
const pow = Math.pow

/** Power addition of the noise sources, No (§7.2, eq 7-3, with Nos, Nor, Pre and Nfo). */
export function noisePower(p: G107Params): number {
  const OLR = p.SLR + p.RLR
  const Nos = p.Ps - p.SLR - p.Ds - 100 + 0.004 * (p.Ps - OLR - p.Ds - 14) ** 2
  const Pre = p.Pr + 10 * log10(1 + pow(10, (10 - p.LSTR) / 10))
  const Nor = p.RLR - 121 + Pre + 0.008 * (Pre - 35) ** 2
  const Nfo = p.Nfor + p.RLR
  return 10 * log10(pow(10, p.Nc / 10) + pow(10, Nos / 10) + pow(10, Nor / 10) + pow(10, Nfo / 10))
}

/** Sidetone impairment Ist with STMRo (§7.3). */
export function sidetoneImpairment(p: G107Params): number {
  const STMRo = -10 * log10(pow(10, -p.STMR / 10) + Math.exp(-p.T / 4) * pow(10, -p.TELR / 10))
  return 12 * pow(1 + ((STMRo - 13) / 6) ** 8, 1 / 8)
    - 28 * pow(1 + ((STMRo + 1) / 19.4) ** 35, 1 / 35)
    - 13 * pow(1 + ((STMRo - 3) / 33) ** 13, 1 / 13) + 29
}

/** Simultaneous impairments Is = Iolr + Ist + Iq (§7.3, eq 7-8), given No and Ro. */
export function simultaneousImpairments(p: G107Params, No: number, Ro: number): { Iolr: number; Ist: number; Iq: number } {
  const OLR = p.SLR + p.RLR
  const Xolr = OLR + 0.2 * (64 + No - p.RLR)
  const Iolr = 20 * (pow(1 + (Xolr / 8) ** 8, 1 / 8) - Xolr / 8)
  const Ist = sidetoneImpairment(p)
  const Q = 37 - 15 * log10(p.qdu)
  const G = 1.07 + 0.258 * Q + 0.0602 * Q * Q
  const Y = (Ro - 100) / 15 + 46 / 8.4 - G / 9
  const Z = 46 / 30 - G / 40
  const Iq = 15 * log10(1 + pow(10, Y) + pow(10, Z))
  return { Iolr, Ist, Iq }
}

/**
 * Delay impairment Idd for an absolute delay Ta (§7.4, eqs 7-27 and 7-28, with the 06/2015 delay
 * sensitivity parameters mT and sT): 0 up to mT; above, 25·{(1 + X^6sT)^(1/6sT) − 3·(1 + (X/3)^6sT)^(1/6sT) + 2} with
 * X = log2(Ta / mT).
 */
export function delayImpairmentIdd(Ta: number, mT = 100, sT = 1): number {
  if (!(Ta > mT)) return 0
  const X = Math.log2(Ta / mT)
  const e = 6 * sT
  return 25 * (pow(1 + pow(X, e), 1 / e) - 3 * pow(1 + pow(X / 3, e), 1 / e) + 2)
}

/** Talker-echo impairment Idte (§7.4, eqs 7-19 to 7-22, incl. TERVs for STMR < 9 and Idtes = √(Idte² + Ist²) for STMR > 20). */
export function talkerEchoImpairment(p: G107Params, No: number, Ist: number): number {
  if (p.T < 1) return p.STMR > 20 ? Ist : 0 // G.107: Idte = 0 for T < 1 ms (Idtes = √(0 + Ist²))
  let TERV = p.TELR - 40 * log10((1 + p.T / 10) / (1 + p.T / 150)) + 6 * Math.exp(-0.3 * p.T * p.T)
  if (p.STMR < 9) TERV += Ist / 2
  const Roe = -1.5 * (No - p.RLR)
  const Re = 80 + 2.5 * (TERV - 14)
  const d = Roe - Re
  const Idte = (d / 2 + Math.sqrt((d * d) / 4 + 100) - 1) * (1 - Math.exp(-p.T))
  return p.STMR > 20 ? Math.sqrt(Idte * Idte + Ist * Ist) : Idte
}

/** Listener-echo impairment Idle (§7.4, eqs 7-25 and 7-26). */
export function listenerEchoImpairment(p: G107Params, Ro: number): number {
  const Rle = 10.5 * (p.WEPL + 7) * pow(p.Tr + 1, -0.25)
  const d = Ro - Rle
  return d / 2 + Math.sqrt((d * d) / 4 + 169)
}

/**
 * Effective equipment impairment (§7.5, eq 7-29): Ie + (ceiling − Ie)·Ppl / (Ppl/BurstR + Bpl). The
 * ceiling is 95 in G.107; the wideband (129) and fullband variants pass their own. BurstR is
 * clamped to 1…8 (G.107 Table 3 permitted range as we read it; 1 = random loss).
 */
export function effectiveEquipmentImpairment(Ie: number, Ppl: number, Bpl: number, BurstR = 1, ceiling = 95): number {
  if (!(Ppl > 0)) return Ie
  const b = Math.min(8, Math.max(1, BurstR))
  return Ie + (ceiling - Ie) * (Ppl / (Ppl / b + Bpl))
}

/** G.107 Annex B eq B-4: MOS from R (1 below R = 0, 4.5 above R = 100; never below 1). */
export function mosFromR(R: number): number {
  if (!(R > 0)) return 1
  if (R >= 100) return 4.5
  return Math.max(1, 1 + 0.035 * R + R * (R - 60) * (100 - R) * 7e-6)
}

/** The full narrowband E-model for a parameter set (missing fields take G.107 Table 3 defaults). */
export function computeEModel(params: Partial<G107Params> = {}): EModelBreakdown {
  const p: G107Params = { ...G107_DEFAULTS, ...params }
  const No = noisePower(p)
  const Ro = 15 - 1.5 * (p.SLR + No)
  const { Iolr, Ist, Iq } = simultaneousImpairments(p, No, Ro)
  const Is = Iolr + Ist + Iq
  const Idte = talkerEchoImpairment(p, No, Ist)
  const Idle = listenerEchoImpairment(p, Ro)
  const Idd = delayImpairmentIdd(p.Ta, p.mT, p.sT)
  const Id = Idte + Idle + Idd
  const IeEff = effectiveEquipmentImpairment(p.Ie, p.Ppl, p.Bpl, p.BurstR)
  const R = Ro - Is - Id - IeEff + p.A
  return { No, Ro, Iolr, Ist, Iq, Is, Idte, Idle, Idd, Id, IeEff, R, mos: mosFromR(R) }
}

/**
 * R before the equipment impairment, as a function of the mouth-to-ear delay only:
 * Ro − Is − Idte − Idle − Idd (+ A) with T = Ta and Tr = 2·Ta (assumption: the talker-echo path
 * equals the mouth-to-ear delay, the usual convention for delay-only E-model curves, with TELR 65 dB
 * standing for working echo control). Other parameters from `params` or Table 3.
 */
export function delayOnlyR(Ta: number, params: Partial<G107Params> = {}): { R: number; Idte: number; Idle: number; Idd: number; RoMinusIs: number } {
  const p: G107Params = { ...G107_DEFAULTS, ...params, T: Ta, Tr: 2 * Ta, Ta, Ppl: 0, Ie: 0 }
  const b = computeEModel(p)
  return { R: b.R, Idte: b.Idte, Idle: b.Idle, Idd: b.Idd, RoMinusIs: b.Ro - b.Is }
}
