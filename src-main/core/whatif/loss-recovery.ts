/**
 * Residual loss after loss recovery, from the loss pattern (Gilbert chain with the measured burst
 * ratio) and, for retransmission, the RTT against the playout budget. All losses are fractions 0…1.
 *  - Opus in-band FEC: packet n carries frame n−1, so a lost packet is recovered when the next one
 *    arrives: residual = π(1−q) (a run of k loses k−1).
 *  - RED (RFC 2198) with distance d: recovered when any of the next d packets arrives: π(1−q)^d.
 *  - ULPFEC (RFC 5109) / FlexFEC (RFC 8627): m parity packets per block of B media packets recover
 *    the block when at most m of its B+m packets are lost (ideal-code upper bound, assumption);
 *    FlexFEC's 2-D interleaving is modelled as turning the burst into random loss (assumption).
 *  - NACK/RTX (RFC 4585/4588): n = ⌊(budget − detection)/RTT⌋ attempts, each lost with rate π.
 */

import { powInt } from './int-pow'

// Local alias: avoids the CommonJS import getter on the replay's hot path (see evaluate.ts).
const pow = powInt

export type FecScheme = 'ulpfec' | 'flexfec'

/** Loss-recovery settings of one configuration (plain data). */
export interface RecoveryConfig {
  /** Opus in-band FEC (LBRR), on by default in WebRTC's Opus SDP (`useinbandfec=1`). */
  opusFec: boolean
  /** RFC 2198 redundancy carrying the previous `distance` frames, or null. */
  red: { distance: number } | null
  /** Parity FEC with `ratio` FEC packets per media packet, or null. */
  fec: { scheme: FecScheme; ratio: number } | null
  /** Retransmission, or null. `maxRetries`: libwebrtc nack_requester kMaxNackRetries is 10. */
  nack: { maxRetries: number } | null
}

/** What a recovery evaluation needs besides the loss pattern. */
export interface RecoveryContext {
  rttMs: number
  /** How late a retransmission may arrive and still be played (ms); Infinity = frames wait. */
  budgetMs: number
  /** Interval between media packets (ms). */
  packetIntervalMs: number
  /** Media packets per FEC block (the packets of one video frame; 10 for audio). */
  blockPackets: number
  cache: RecoveryCache
}

/**
 * A context that also carries the loss pattern: the replay's reused scratch. The per-second path
 * passes numbers in fields, not arguments, because V8 boxes each double argument of a call it does
 * not inline (this one is too large to inline).
 */
export interface RecoveryInput extends RecoveryContext {
  /** Loss rate π (0…1). */
  lossRate: number
  burstR: number
}

/** The result of one recovery evaluation. */
export interface RecoveryOutcome {
  /** Loss after FEC / RED / Opus FEC, before retransmission. */
  afterFec: number
  /** Loss after everything. */
  residual: number
  /** Fraction of media packets recovered by retransmission. */
  byNack: number
  nackAttempts: number
  /** Payload bytes sent per media payload byte (redundancy, parity and retransmissions included). */
  payloadFactor: number
  /** Packets sent per media packet. */
  packetFactor: number
  /** Extra header bytes per media packet (RED block headers, FEC headers). */
  extraHeaderBytes: number
}

/** No recovery at all. */
export const NO_RECOVERY: RecoveryConfig = Object.freeze({ opusFec: false, red: null, fec: null, nack: null })

/**
 * Memo of block-code results plus scratch buffers (one per replay or sweep, never module-wide). The
 * memo is two-level: one map per block shape (media, parity, scheme), keyed inside by the quantised
 * loss and burst ratio. Both keys stay small integers, so V8 hashes them without boxing a double.
 */
export class RecoveryCache {
  /** One map per block-shape slot (see `parityUnrecovered`), created on first use. */
  readonly #byShape: (Map<number, number> | undefined)[] = []
  #size = 0
  /** DP scratch (grown on demand). */
  scratch: Float64Array[] = [new Float64Array(128), new Float64Array(128), new Float64Array(128), new Float64Array(128)]

  /** The memoised value for a block shape slot and a point key, undefined on a miss. */
  get(shape: number, key: number): number | undefined {
    return this.#byShape[shape]?.get(key)
  }

  /** Stores a value (every map is dropped past 100 000 keys in all to bound memory). */
  set(shape: number, key: number, value: number): void {
    if (this.#size > 100_000) {
      this.#byShape.length = 0
      this.#size = 0
    }
    let m = this.#byShape[shape]
    if (!m) this.#byShape[shape] = m = new Map()
    m.set(key, value)
    this.#size++
  }
}

/**
 * Distribution of the number of lost packets in a block of n consecutive packets of a Gilbert chain
 * started in its stationary state (dynamic programming over state × count).
 */
export function blockLossPmf(p: number, q: number, n: number, cache = new RecoveryCache()): Float64Array {
  runBlockDp(p, q, n, cache)
  const g = cache.scratch[0]!
  const b = cache.scratch[1]!
  const pmf = new Float64Array(n + 1)
  for (let k = 0; k <= n; k++) pmf[k] = g[k]! + b[k]!
  return pmf
}

/**
 * The DP itself; leaves P(k lost, ends good) and P(k lost, ends bad) in `cache.scratch[0]` and
 * `[1]`. Step i writes every cell the next step reads, so no clearing
 * between steps is needed (the sums are the same, term for term, as accumulating into zeros).
 */
function runBlockDp(p: number, q: number, n: number, cache: RecoveryCache): void {
  if (cache.scratch[0]!.length < n + 2) cache.scratch = [0, 1, 2, 3].map(() => new Float64Array(2 * n + 2))
  const s = cache.scratch
  let g = s[0]!
  let b = s[1]!
  let ng = s[2]!
  let nb = s[3]!
  const pi = p + q > 0 ? p / (p + q) : 0
  const stayGood = 1 - p
  const stayBad = 1 - q
  g.fill(0, 0, n + 2)
  b.fill(0, 0, n + 2)
  g[0] = 1 - pi
  b[1] = pi
  for (let i = 1; i < n; i++) {
    // ng[0..i] and nb[1..i+1] are written below; nb[0] and ng[i+1] stay zero.
    nb[0] = 0
    ng[i + 1] = 0
    for (let k = 0; k <= i; k++) {
      const gk = g[k]!
      const bk = b[k]!
      ng[k] = gk * stayGood + bk * q
      nb[k + 1] = gk * p + bk * stayBad
    }
    const tg = g
    g = ng
    ng = tg
    const tb = b
    b = nb
    nb = tb
  }
  s[0] = g
  s[1] = b
  s[2] = ng
  s[3] = nb
}

/** Media loss left by an ideal block code: Σ_{k>m} P(k lost of B+m)·k/(B+m). */
export function blockCodeResidual(p: number, q: number, media: number, parity: number, cache = new RecoveryCache()): number {
  const n = media + parity
  runBlockDp(p, q, n, cache)
  const g = cache.scratch[0]!
  const b = cache.scratch[1]!
  let r = 0
  for (let k = parity + 1; k <= n; k++) r += (g[k]! + b[k]!) * k
  return r / n
}

/** FEC block shape for a ratio: B = max(media per frame, ⌈1/ratio⌉) capped at 48 (libwebrtc kMaxMediaPackets), m = max(1, round(ratio·B)). */
export function fecBlock(ratio: number, mediaPackets: number): { media: number; parity: number } {
  const media = fecMedia(ratio, mediaPackets)
  return { media, parity: Math.max(1, Math.round(ratio * media)) }
}

function fecMedia(ratio: number, mediaPackets: number): number {
  return Math.min(48, Math.max(1, Math.round(mediaPackets), Math.ceil(1 / Math.max(ratio, 1 / 48))))
}

/** Retransmission attempts that arrive within the budget. */
export function nackAttempts(budgetMs: number, rttMs: number, detectMs: number, maxRetries: number): number {
  if (!(maxRetries > 0)) return 0
  if (budgetMs === Infinity) return maxRetries
  const n = Math.floor((budgetMs - detectMs) / Math.max(1, rttMs))
  return Math.max(0, Math.min(maxRetries, n))
}

/**
 * Share of lost media packets a block code leaves unrecovered (residual / loss), memoised on the
 * loss rate quantised in 0.5 % relative steps and the burst ratio in 2 % relative steps (computed at
 * the quantised point).
 */
function parityUnrecovered(input: RecoveryInput, scheme: FecScheme, media: number, parity: number): number {
  // Read from the input object rather than passed as arguments: see RecoveryInput.
  const pi = clampLoss(input.lossRate)
  const burstR = input.burstR
  const cache = input.cache
  // FlexFEC with column (interleaved) parity spreads a burst over rows: modelled as random loss.
  const isFlex = scheme === 'flexfec'
  const lossQ = Math.round(Math.log(pi) * 200)
  const burstQ = isFlex ? 0 : Math.round(Math.log(Math.min(8, Math.max(1, burstR))) * 50)
  // media and parity are ≤ 48 (fecMedia, ratio ≤ 1) and burstQ ≤ 104 < 128, so both keys are unique.
  const shape = (media * 64 + parity) * 2 + (isFlex ? 1 : 0)
  const key = (lossQ + 6000) * 128 + burstQ
  const hit = cache.get(shape, key)
  if (hit !== undefined) return hit
  const l = Math.min(0.999, Math.exp(lossQ / 200))
  const b = Math.exp(burstQ / 50)
  const v = blockCodeResidual(l / b, (1 - l) / b, media, parity, cache) / l
  cache.set(shape, key, v)
  return v
}

/** Loss rates are taken within 0…0.999. */
function clampLoss(pi: number): number {
  return Math.min(0.999, Math.max(0, pi))
}

/** A fresh outcome object (the replay reuses one). */
export function newRecoveryOutcome(): RecoveryOutcome {
  return { afterFec: 0, residual: 0, byNack: 0, nackAttempts: 0, payloadFactor: 1, packetFactor: 1, extraHeaderBytes: 0 }
}

/** Redundancy and parity overhead of a configuration, written into `out` (before retransmissions). */
function setOverhead(out: RecoveryOutcome, redDistance: number, scheme: FecScheme | undefined, media: number, parity: number): void {
  out.payloadFactor = 1 + redDistance
  out.packetFactor = 1
  // RFC 2198: 4-byte header per redundant block, 1 for the primary.
  out.extraHeaderBytes = redDistance > 0 ? 4 * redDistance + 1 : 0
  if (parity > 0) {
    out.payloadFactor += parity / media
    out.packetFactor += parity / media
    // ULPFEC rides in RED (1 byte per packet) with a 10+4-byte FEC header (RFC 5109); FlexFEC ≥ 20 bytes (RFC 8627).
    out.extraHeaderBytes += scheme === 'ulpfec' ? 1 + (14 * parity) / media : (20 * parity) / media
  }
}

/**
 * Residual loss and overhead for a loss rate π (0…1) with a burst ratio, under a recovery config,
 * written into `out` (also returned). FEC-type mechanisms combine as independent chances of
 * recovery (assumption); NACK acts last.
 */
export function recover(pi: number, burstR: number, cfg: RecoveryConfig, ctx: RecoveryContext, out: RecoveryOutcome = newRecoveryOutcome()): RecoveryOutcome {
  return recoverInput(cfg, { ...ctx, lossRate: pi, burstR }, out)
}

/** `recover` with the loss rate and burst ratio in `input` (the replay's hot path). */
export function recoverInput(cfg: RecoveryConfig, input: RecoveryInput, out: RecoveryOutcome): RecoveryOutcome {
  const ctx = input
  const burstR = input.burstR
  const loss = clampLoss(input.lossRate)
  const fec = cfg.fec
  const redDistance = cfg.red && cfg.red.distance > 0 ? cfg.red.distance : 0
  const media = fec && fec.ratio > 0 ? fecMedia(fec.ratio, ctx.blockPackets) : 0
  const parity = fec && media > 0 ? Math.max(1, Math.round(fec.ratio * media)) : 0
  setOverhead(out, redDistance, fec?.scheme, media, parity)
  out.afterFec = 0
  out.residual = 0
  out.byNack = 0
  out.nackAttempts = 0
  if (loss === 0) return out
  const q = (1 - loss) / (burstR > 1 ? burstR : 1) // Gilbert q at this loss rate and burst ratio (loss-pattern.ts)
  const distance = Math.max(redDistance, cfg.opusFec ? 1 : 0)
  let notRecovered = distance === 0 ? 1 : distance === 1 ? 1 - q : pow(1 - q, distance)
  if (fec && parity > 0) notRecovered *= Math.min(1, parityUnrecovered(input, fec.scheme, media, parity))
  const afterFec = loss * Math.min(1, notRecovered)
  out.afterFec = afterFec
  out.residual = afterFec
  if (cfg.nack && afterFec > 0) {
    const attempts = nackAttempts(ctx.budgetMs, ctx.rttMs, ctx.packetIntervalMs / Math.max(q, 1e-3), cfg.nack.maxRetries)
    if (attempts > 0) {
      const stillLost = pow(loss, attempts)
      const retransmitted = (afterFec * (1 - stillLost)) / (1 - loss)
      out.residual = afterFec * stillLost
      out.byNack = afterFec - out.residual
      out.nackAttempts = attempts
      out.payloadFactor += retransmitted
      out.packetFactor += retransmitted
    }
  }
  return out
}
