/**
 * One second of one configuration: network edits applied to the measured values, loss recovery,
 * jitter buffer, mouth-to-ear delay, then the E-model (audio) or the G.1070-form score, bandwidth
 * fit and freeze estimate (video). Shared by the replay and the sweep; writes into reused objects
 * (EvalScratch, SecondOut) so a 100-scenario × 1-hour replay allocates almost nothing per second.
 */
import { DEFAULT_ADAPTIVE_BUFFER, PACKET_OVERHEAD_BYTES, type ResolvedConfig } from './config'
import { ieAt } from './codec-table'
import { adaptiveBufferMs, lateLossFraction } from './delay'
import { mosFromR } from './e-model'
import { rFromTable } from './e-model-wideband'
import { RecoveryCache, type RecoveryContext, type RecoveryOutcome, newRecoveryOutcome, recover } from './loss-recovery'
import type { JitterBufferConfig } from './types'
import { freezePctOf, heldFormat, packetsPerFrame, videoCodingTerms } from './video-quality'

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

/** Reused working state of one replay or sweep: the recovery memo, scratch objects, and the last video coding terms. */
export class EvalScratch {
  readonly cache = new RecoveryCache()
  readonly ctx: RecoveryContext = { rttMs: 0, budgetMs: 0, packetIntervalMs: 20, blockPackets: 10, cache: this.cache }
  readonly rec: RecoveryOutcome = newRecoveryOutcome()
  /** Inputs and value of the last videoCodingTerms call: constant over most seconds. */
  #codec = ''
  #kbps = NaN
  #width = NaN
  #height = NaN
  #fps = NaN
  #terms = { iCoding: 0, dPpl: 1 }

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
const adaptive = adaptiveBufferMs
const lateLoss = lateLossFraction
const mos = mosFromR
const rating = rFromTable
const ieOf = ieAt
const recovery = recover
const freeze = freezePctOf
const codingTerms = videoCodingTerms
const ppfOf = packetsPerFrame

function bufferMs(jb: JitterBufferConfig, jitterMs: number, measuredMs: number): number {
  if (jb.mode === 'fixed') return jb.delayMs
  if (jb.mode === 'measured' && Number.isFinite(measuredMs)) return Math.max(0, measuredMs)
  // 'measured' without a measurement falls back to the default adaptive buffer (config.ts).
  const a = jb.mode === 'adaptive' ? jb : DEFAULT_ADAPTIVE_BUFFER
  return adaptive(jitterMs, a.targetLateLossPct / 100, a.minMs, a.maxMs)
}

/** Evaluates one second of a resolved configuration into `out`. */
export function evaluateSecond(rc: ResolvedConfig, net: NetSecond, scratch: EvalScratch, out: SecondOut): void {
  const adj = rc.config.network
  const loss = Math.min(99.9, Math.max(0, net.lossPct * adj.lossScale + adj.lossAddPct)) / 100
  const rtt = Math.max(0, (Number.isFinite(net.rttMs) ? net.rttMs : 0) * adj.rttScale + adj.rttAddMs)
  const oneWay = adj.oneWayMs ?? (Number.isFinite(net.oneWayMs) ? Math.max(0, net.oneWayMs * adj.rttScale + adj.rttAddMs / 2) : rtt / 2)
  const jitter = Math.max(0, (Number.isFinite(net.jitterMs) ? net.jitterMs : 0) * adj.jitterScale)
  const burstR = Math.max(1, adj.burstR ?? (net.burstR >= 1 ? net.burstR : 1))
  const buffer = bufferMs(rc.config.jitterBuffer, jitter, net.jbDelayMs)
  const late = lateLoss(buffer, jitter)
  if (rc.kind === 'audio') evaluateAudio(rc, loss, burstR, rtt, oneWay, buffer, late, net, scratch, out)
  else evaluateVideo(rc, loss, burstR, rtt, oneWay, buffer, late, jitter, net, scratch, out)
}

function evaluateAudio(rc: ResolvedConfig, loss: number, burstR: number, rtt: number, oneWay: number, buffer: number, late: number, net: NetSecond, scratch: EvalScratch, out: SecondOut): void {
  const codec = rc.codec!
  const a = rc.config.audio
  const bitrate = a.bitrateKbps === 'measured' ? (net.bitrateKbps > 0 ? net.bitrateKbps : codec.bitrateKbps) : a.bitrateKbps
  const ctx = scratch.ctx
  ctx.rttMs = rtt
  ctx.budgetMs = buffer
  ctx.packetIntervalMs = 1000 / rc.packetsPerSecond
  ctx.blockPackets = 10 // audio FEC block: 10 packets (assumption; WebRTC rarely uses parity FEC for audio)
  const rec = recovery(loss, burstR, rc.recovery, ctx, scratch.rec)
  const r = rec.residual
  const ppl = 100 * (1 - (1 - r) * (1 - late))
  // Late loss is random (BurstR 1); the network residual keeps the measured burst ratio.
  const effBurst = r + late > 0 ? (r * burstR + late) / (r + late) : 1
  const delay = rc.codecMs + rc.packetizationMs + oneWay + buffer + rc.config.deviceLatencyMs
  const R = rating(rc.table!, delay, ieOf(codec, bitrate), codec.Bpl, ppl, effBurst)
  out.mos = mos(R)
  out.r = R
  out.mouthToEarMs = delay
  out.residualLossPct = 100 * r
  out.lateLossPct = 100 * late
  out.freezePct = 0
  const headerBytes = rec.packetFactor * PACKET_OVERHEAD_BYTES + rec.extraHeaderBytes
  out.bandwidthKbps = bitrate * rec.payloadFactor + (rc.packetsPerSecond * headerBytes * 8) / 1000
  out.heldHeight = NaN
  out.heldFps = NaN
}

function evaluateVideo(rc: ResolvedConfig, loss: number, burstR: number, rtt: number, oneWay: number, buffer: number, late: number, jitter: number, net: NetSecond, scratch: EvalScratch, out: SecondOut): void {
  const v = rc.config.video
  let width = v.width === 'measured' ? net.width : v.width
  let height = v.height === 'measured' ? net.height : v.height
  let fps = Math.max(1, v.fps === 'measured' ? net.fps : v.fps)
  const target = v.bitrateKbps === 'measured' ? net.bitrateKbps : v.bitrateKbps
  const ppf = ppfOf(target, fps)
  const interval = 1000 / (ppf * fps)
  const ctx = scratch.ctx
  ctx.rttMs = rtt
  ctx.budgetMs = Infinity // frames wait for retransmissions; the wait is counted as a stall below
  ctx.packetIntervalMs = interval
  ctx.blockPackets = ppf
  const rec = recovery(loss, burstR, rc.recovery, ctx, scratch.rec)
  // Wire kbit/s per media kbit/s at ~1200-byte packets.
  const wirePerMedia = rec.payloadFactor + (rec.packetFactor * PACKET_OVERHEAD_BYTES + rec.extraHeaderBytes) / 1200
  // The rate the stream was measured sending (with plain headers) demonstrably fitted, whatever the
  // BWE estimate said (it covers every stream of the connection): the cap is never below it.
  const measuredWire = net.bitrateKbps > 0 ? net.bitrateKbps * (1 + PACKET_OVERHEAD_BYTES / 1200) : 0
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
  out.freezePct = freeze(rec.residual, rec.byNack, fps, ppfOf(media, fps), rtt, interval / Math.max(q, 1e-3), buffer, v.keyframeFactor, late, jitter)
  const terms = scratch.codingTerms(rc.videoCodec, media, width, height, fps)
  out.mos = 1 + terms.iCoding * Math.exp((-100 * rec.residual) / terms.dPpl) // videoQualityOf, split for reuse
  out.r = NaN
  // Capture and encode take about one frame interval (assumption); decode and render are in the device latency.
  out.mouthToEarMs = rc.config.deviceLatencyMs + 1000 / fps + oneWay + buffer
  out.residualLossPct = 100 * rec.residual
  out.lateLossPct = 100 * late
  out.bandwidthKbps = media * wirePerMedia
  out.heldHeight = height
  out.heldFps = fps
}
