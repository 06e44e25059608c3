/**
 * One second of one configuration: network edits applied to the measured values, loss recovery,
 * jitter buffer, mouth-to-ear delay, then the E-model (audio) or the G.1070-form score, bandwidth
 * fit and freeze estimate (video). Shared by the replay and the sweep; writes into reused objects
 * (EvalScratch, SecondOut) so a 100-scenario × 1-hour replay allocates almost nothing per second.
 */
import { type BufferPlan, PACKET_OVERHEAD_BYTES, type ResolvedConfig } from './config'
import { ieAtAnchored } from './codec-table'
import { adaptiveBufferFromLog, lateLossFraction } from './delay'
import { mosFromR } from './e-model'
import { rFromTable } from './e-model-wideband'
import { RecoveryCache, type RecoveryInput, type RecoveryOutcome, recoverInput } from './loss-recovery'
import { type FreezeInputs, freezePctFrom, heldFormat, packetsPerFrame, videoCodingTerms } from './video-quality'

/** Measured values of one second. Loss must be finite; NaN elsewhere means "not measured". */
export interface NetSecond {
  lossPct: number
  burstR: number
  rttMs: number
  oneWayMs: number
  jitterMs: number
  jbDelayMs: number
  /** NaN = not constrained. */
  availableKbps: number
  bitrateKbps: number
  fps: number
  width: number
  height: number
}

/** Outputs of one second. */
export interface SecondOut {
  mos: number
  r: number
  mouthToEarMs: number
  residualLossPct: number
  lateLossPct: number
  freezePct: number
  bandwidthKbps: number
  heldHeight: number
  heldFps: number
}

/** A fresh output object. */
export function newSecondOut(): SecondOut {
  return { mos: NaN, r: NaN, mouthToEarMs: NaN, residualLossPct: NaN, lateLossPct: NaN, freezePct: NaN, bandwidthKbps: NaN, heldHeight: NaN, heldFps: NaN }
}

/**
 * One second's network values after the configuration's edits, with its buffer delay and late loss
 * (loss and late loss as fractions). `evaluateSecond` (or the replay, from shared columns) writes
 * them and the audio or video part reads them: numbers passed in fields, not arguments, because V8 boxes (allocates) each double argument
 * of a call it does not inline, and both parts are too large to inline.
 */
export interface AdjustedSecond {
  loss: number
  burstR: number
  rttMs: number
  oneWayMs: number
  jitterMs: number
  bufferMs: number
  late: number
}

/** Reused working state of one replay or sweep: the recovery memo, scratch objects, and the last video coding terms. */
export class EvalScratch {
  readonly cache = new RecoveryCache()
  // Every numeric field starts as NaN, not a small integer: a field that starts as an integer and later
  // holds a fraction changes its object's hidden class, and each new replay's scratch then invalidated
  // the optimised code of the per-second functions (seen with node --trace-deopt).
  readonly ctx: RecoveryInput = { rttMs: NaN, budgetMs: NaN, packetIntervalMs: NaN, blockPackets: NaN, cache: this.cache, lossRate: NaN, burstR: NaN }
  /** The replay's per-second input and output objects (allocated here, outside its hot loop: see replay.ts `project`). */
  readonly net: NetSecond = { lossPct: NaN, burstR: NaN, rttMs: NaN, oneWayMs: NaN, jitterMs: NaN, jbDelayMs: NaN, availableKbps: NaN, bitrateKbps: NaN, fps: NaN, width: NaN, height: NaN }
  readonly out: SecondOut = newSecondOut()
  readonly sec: AdjustedSecond = { loss: NaN, burstR: NaN, rttMs: NaN, oneWayMs: NaN, jitterMs: NaN, bufferMs: NaN, late: NaN }
  readonly freeze: FreezeInputs = {
    residualLoss: NaN, recoveredByNack: NaN, fps: NaN, packetsPerFrame: NaN, rttMs: NaN, detectMs: NaN, bufferMs: NaN, keyframeFactor: NaN, lateLoss: NaN, jitterMs: NaN,
  }
  readonly rec: RecoveryOutcome = { afterFec: NaN, residual: NaN, byNack: NaN, nackAttempts: NaN, payloadFactor: NaN, packetFactor: NaN, extraHeaderBytes: NaN }
  /** Inputs and value of the last videoCodingTerms call: constant over most seconds. */
  #codec = ''
  #kbps = NaN
  #width = NaN
  #height = NaN
  #fps = NaN
  #terms = { iCoding: 0, dPpl: 1 }
  /** Inputs and value of the last packetsPerFrame call. */
  #ppfKbps = NaN
  #ppfFps = NaN
  #ppf = NaN

  /** `packetsPerFrame`, recomputed only when its inputs change (constant per scenario with a configured rate and frame rate). */
  packetsPerFrame(kbps: number, fps: number): number {
    if (kbps !== this.#ppfKbps || fps !== this.#ppfFps) {
      this.#ppfKbps = kbps
      this.#ppfFps = fps
      this.#ppf = ppfOf(kbps, fps)
    }
    return this.#ppf
  }

  /** The video coding terms for these inputs, recomputed only when they change. */
  codingTerms(codec: ResolvedConfig['videoCodec'], kbps: number, width: number, height: number, fps: number): { iCoding: number; dPpl: number } {
    if (codec !== this.#codec || kbps !== this.#kbps || width !== this.#width || height !== this.#height || fps !== this.#fps) {
      this.#codec = codec
      this.#kbps = kbps
      this.#width = width
      this.#height = height
      this.#fps = fps
      this.#terms = codingTerms(codec, kbps, width, height, fps)
    }
    return this.#terms
  }
}

// Why local aliases: under the CommonJS transform tsx (and the bench harness) use, every call through
// an imported binding goes through a getter; the per-second loop calls these ~10⁶ times.
const adaptive = adaptiveBufferFromLog
const lateLoss = lateLossFraction
const mos = mosFromR
const rating = rFromTable
const ieOf = ieAtAnchored
// The same holds for an imported constant read per second.
const HEADER_BYTES = PACKET_OVERHEAD_BYTES
const recovery = recoverInput
const freeze = freezePctFrom
const codingTerms = videoCodingTerms
const ppfOf = packetsPerFrame

function bufferMs(b: BufferPlan, jitterMs: number, measuredMs: number): number {
  if (b.isFixed) return b.fixedMs
  if (b.useMeasured && Number.isFinite(measuredMs)) return Math.max(0, measuredMs)
  return adaptive(jitterMs, b.targetLog, b.minMs, b.maxMs)
}

/** The measured jitter after the configuration's scaling (ms, ≥ 0; not measured counts as 0). */
export function adjustedJitterMs(rc: ResolvedConfig, jitterMs: number): number {
  return Math.max(0, (Number.isFinite(jitterMs) ? jitterMs : 0) * rc.config.network.jitterScale)
}

/** The jitter-buffer delay (ms) of one second, from the adjusted jitter and the measured `jb_delay_ms`. */
export function bufferDelayMs(rc: ResolvedConfig, adjustedJitter: number, jbDelayMs: number): number {
  return bufferMs(rc.buffer, adjustedJitter, jbDelayMs)
}

/** Evaluates one second of a resolved configuration into `out`. */
export function evaluateSecond(rc: ResolvedConfig, net: NetSecond, scratch: EvalScratch, out: SecondOut): void {
  const sec = scratch.sec
  adjustSecond(rc, net, sec)
  sec.bufferMs = bufferMs(rc.buffer, sec.jitterMs, net.jbDelayMs)
  sec.late = lateLoss(sec.bufferMs, sec.jitterMs)
  evaluateAdjusted(rc, net, scratch, out)
}

/** Applies the configuration's network edits to one measured second: loss, burst ratio, RTT, one-way delay and jitter of `sec`. */
export function adjustSecond(rc: ResolvedConfig, net: NetSecond, sec: AdjustedSecond): void {
  const adj = rc.config.network
  sec.loss = Math.min(99.9, Math.max(0, net.lossPct * adj.lossScale + adj.lossAddPct)) / 100
  const rtt = Math.max(0, (Number.isFinite(net.rttMs) ? net.rttMs : 0) * adj.rttScale + adj.rttAddMs)
  sec.rttMs = rtt
  sec.oneWayMs = adj.oneWayMs ?? (Number.isFinite(net.oneWayMs) ? Math.max(0, net.oneWayMs * adj.rttScale + adj.rttAddMs / 2) : rtt / 2)
  sec.jitterMs = adjustedJitterMs(rc, net.jitterMs)
  sec.burstR = Math.max(1, adj.burstR ?? (net.burstR >= 1 ? net.burstR : 1))
}

/**
 * `evaluateSecond` with `scratch.sec` already filled (`adjustSecond`, then the buffer delay and late
 * loss); from `net` it reads only the bit rate, available bandwidth and video format. The adjusted
 * values depend only on the measured second and the network edits, the buffer and late loss only on
 * them and the jitter buffer, so a replay computes them once per distinct edit and buffer and shares
 * the columns between configurations.
 */
export function evaluateAdjusted(rc: ResolvedConfig, net: NetSecond, scratch: EvalScratch, out: SecondOut): void {
  if (rc.kind === 'audio') evaluateAudio(rc, net, scratch, out)
  else evaluateVideo(rc, net, scratch, out)
}

function evaluateAudio(rc: ResolvedConfig, net: NetSecond, scratch: EvalScratch, out: SecondOut): void {
  const { loss, burstR, oneWayMs: oneWay, bufferMs: buffer, late } = scratch.sec
  const codec = rc.codec!
  const a = rc.config.audio
  const configured = a.bitrateKbps
  const bitrate = configured === 'measured' ? (net.bitrateKbps > 0 ? net.bitrateKbps : codec.bitrateKbps) : configured
  const ie = configured === 'measured' ? ieOf(codec, bitrate, rc.ieAnchor) : rc.ieFixed
  const ctx = scratch.ctx
  ctx.lossRate = loss
  ctx.burstR = burstR
  ctx.rttMs = scratch.sec.rttMs
  ctx.budgetMs = buffer
  ctx.packetIntervalMs = 1000 / rc.packetsPerSecond
  ctx.blockPackets = 10 // audio FEC block: 10 packets (assumption; WebRTC rarely uses parity FEC for audio)
  const rec = recovery(rc.recovery, ctx, scratch.rec)
  const r = rec.residual
  const ppl = 100 * (1 - (1 - r) * (1 - late))
  // Late loss is random (BurstR 1); the network residual keeps the measured burst ratio.
  const effBurst = r + late > 0 ? (r * burstR + late) / (r + late) : 1
  const delay = rc.codecMs + rc.packetizationMs + oneWay + buffer + rc.config.deviceLatencyMs
  const R = rating(rc.table!, delay, ie, codec.Bpl, ppl, effBurst)
  out.mos = mos(R)
  out.r = R
  out.mouthToEarMs = delay
  out.residualLossPct = 100 * r
  out.lateLossPct = 100 * late
  out.freezePct = 0
  const headerBytes = rec.packetFactor * HEADER_BYTES + rec.extraHeaderBytes
  out.bandwidthKbps = bitrate * rec.payloadFactor + (rc.packetsPerSecond * headerBytes * 8) / 1000
  out.heldHeight = NaN
  out.heldFps = NaN
}

function evaluateVideo(rc: ResolvedConfig, net: NetSecond, scratch: EvalScratch, out: SecondOut): void {
  const { loss, burstR, rttMs: rtt, oneWayMs: oneWay, jitterMs: jitter, bufferMs: buffer, late } = scratch.sec
  const v = rc.config.video
  let width = v.width === 'measured' ? net.width : v.width
  let height = v.height === 'measured' ? net.height : v.height
  let fps = Math.max(1, v.fps === 'measured' ? net.fps : v.fps)
  const target = v.bitrateKbps === 'measured' ? net.bitrateKbps : v.bitrateKbps
  const ppf = scratch.packetsPerFrame(target, fps)
  const requestedFps = fps
  const interval = 1000 / (ppf * fps)
  const ctx = scratch.ctx
  ctx.lossRate = loss
  ctx.burstR = burstR
  ctx.rttMs = rtt
  ctx.budgetMs = Infinity // frames wait for retransmissions; the wait is counted as a stall below
  ctx.packetIntervalMs = interval
  ctx.blockPackets = ppf
  const rec = recovery(rc.recovery, ctx, scratch.rec)
  // Wire kbit/s per media kbit/s at ~1200-byte packets.
  const wirePerMedia = rec.payloadFactor + (rec.packetFactor * HEADER_BYTES + rec.extraHeaderBytes) / 1200
  // The rate the stream was measured sending (with plain headers) demonstrably fitted, whatever the
  // BWE estimate said (it covers every stream of the connection): the cap is never below it.
  const measuredWire = net.bitrateKbps > 0 ? net.bitrateKbps * (1 + HEADER_BYTES / 1200) : 0
  const available = Number.isFinite(net.availableKbps) ? Math.max(net.availableKbps, measuredWire) * rc.config.network.bandwidthScale : Infinity
  let media = target
  if (target * wirePerMedia > available) {
    media = available / wirePerMedia
    const held = heldFormat(media, { width, height, fps }, rc.videoCodec)
    width = held.width
    height = held.height
    fps = held.fps
  }
  const q = (1 - loss) / burstR // Gilbert q (loss-pattern.ts): mean run 1/q packets
  const f = scratch.freeze
  f.residualLoss = rec.residual
  f.recoveredByNack = rec.byNack
  f.fps = fps
  f.packetsPerFrame = media === target && fps === requestedFps ? ppf : ppfOf(media, fps)
  f.rttMs = rtt
  f.detectMs = interval / Math.max(q, 1e-3)
  f.bufferMs = buffer
  f.keyframeFactor = v.keyframeFactor
  f.lateLoss = late
  f.jitterMs = jitter
  out.freezePct = freeze(f)
  const terms = scratch.codingTerms(rc.videoCodec, media, width, height, fps)
  // videoQualityOf, split for reuse; no loss left: exp(0) = 1.
  out.mos = rec.residual === 0 ? 1 + terms.iCoding : 1 + terms.iCoding * Math.exp((-100 * rec.residual) / terms.dPpl)
  out.r = NaN
  // Capture and encode take about one frame interval (assumption); decode and render are in the device latency.
  out.mouthToEarMs = rc.config.deviceLatencyMs + 1000 / fps + oneWay + buffer
  out.residualLossPct = 100 * rec.residual
  out.lateLossPct = 100 * late
  out.bandwidthKbps = media * wirePerMedia
  out.heldHeight = height
  out.heldFps = fps
}
