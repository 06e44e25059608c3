/**
 * Video: a G.1070-style quality score, what the encoder could hold within the available bandwidth,
 * and a freeze estimate. The score uses the ITU-T G.1070 video-quality equations (Vq = 1 +
 * Icoding·exp(−Ppl/DPplV), Icoding = IOfr·exp(−(ln Fr − ln Ofr)²/2DFr²)) with the bit rate expressed
 * as H.264-equivalent bits per pixel per second; which coefficients are G.1070's and which are
 * ours is listed at G1070_COEFFICIENTS and in README "Video". Freezes follow the W3C webrtc-stats
 * rule (an inter-frame delay > max(3·avg, avg + 150 ms) is a freeze).
 */
import { powInt } from './int-pow'

export type VideoCodecId = 'h264' | 'vp8' | 'vp9' | 'h265' | 'av1'

/** G.1070-form coefficients; x is H.264-equivalent bit/s per pixel. */
export const G1070_COEFFICIENTS = Object.freeze({
  // Ofr = v1 + v2·x: ours, calibrated so libwebrtc's target bit rates (x ≈ 2.4) want 30 fps and its minimums (x ≈ 0.6) 15 fps.
  v1: 10, v2: 8.33,
  // IOfr = v3 − v3/(1 + (x/v4)^v5): v3 3.759 and v5 1.161 from G.1070 Appendix I (MPEG-4 QVGA set, as
  // reproduced in the literature, unverified here); v4 0.735 ours (x = 2.4 → Vq 4.0 at 30 fps).
  v3: 3.759, v4: 0.735, v5: 1.161,
  // DFr = v6 + v7·x: v6 1.446 from the same set; v7 = its 3.881e-4 per kbit/s converted at QVGA (× 76.8).
  v6: 1.446, v7: 0.0298,
  // DPplV = v10 + v11·exp(−Fr/v8) + v12·exp(−x/v9): v8 2.116, v10 2.736, v11 15.28, v12 4.170 from the
  // same set; v9 = its 467.4 kbit/s converted at QVGA (÷ 76.8).
  v8: 2.116, v9: 6.09, v10: 2.736, v11: 15.28, v12: 4.17,
})

/**
 * Bit rate needed by H.264 over the same quality, as a multiplier (assumption from the usual
 * published ranges: VP9 / HEVC save 30–40 % over H.264, AV1 a further 20–30 %; VP8 ≈ H.264 as used
 * in WebRTC, constrained baseline).
 */
export const CODEC_EFFICIENCY: Readonly<Record<VideoCodecId, number>> = Object.freeze({ h264: 1, vp8: 1, vp9: 1.4, h265: 1.4, av1: 1.7 })

/** libwebrtc video/config/simulcast.cc kSimulcastFormats: kbit/s per resolution (max, target, min). */
export const RESOLUTION_LADDER: readonly { width: number; height: number; maxKbps: number; targetKbps: number; minKbps: number }[] = Object.freeze([
  { width: 1920, height: 1080, maxKbps: 5000, targetKbps: 4000, minKbps: 800 },
  { width: 1280, height: 720, maxKbps: 2500, targetKbps: 2500, minKbps: 600 },
  { width: 960, height: 540, maxKbps: 1200, targetKbps: 1200, minKbps: 350 },
  { width: 640, height: 360, maxKbps: 700, targetKbps: 500, minKbps: 150 },
  { width: 480, height: 270, maxKbps: 450, targetKbps: 350, minKbps: 150 },
  { width: 320, height: 180, maxKbps: 200, targetKbps: 150, minKbps: 30 },
])

/** Normalises a codec name (`VP8`, `video/H264`, `hevc`…) to an id; H.264 when unknown. */
export function videoCodecId(name: string | undefined): VideoCodecId {
  const k = (name ?? '').toLowerCase().replace(/^video\//, '').replace(/[^a-z0-9]/g, '')
  if (k === 'vp8' || k === 'vp9' || k === 'av1' || k === 'h264') return k
  if (k === 'h265' || k === 'hevc') return 'h265'
  if (k.startsWith('av1')) return 'av1'
  return 'h264'
}

/** G.1070-form video quality Vq (1…~4.8) for a bit rate, resolution, frame rate, codec and residual loss. */
export function videoQuality(v: { codec: VideoCodecId; bitrateKbps: number; width: number; height: number; fps: number; lossPct: number }): number {
  return videoQualityOf(v.codec, v.bitrateKbps, v.width, v.height, v.fps, v.lossPct)
}

/** `videoQuality` with positional arguments. */
export function videoQualityOf(codec: VideoCodecId, bitrateKbps: number, width: number, height: number, fps: number, lossPct: number): number {
  const t = videoCodingTerms(codec, bitrateKbps, width, height, fps)
  return 1 + t.iCoding * Math.exp(-Math.max(0, lossPct) / t.dPpl)
}

/** The loss-independent part of Vq: Icoding and the loss-robustness DPplV (Vq = 1 + Icoding·exp(−Ppl/DPplV)). */
export function videoCodingTerms(codec: VideoCodecId, bitrateKbps: number, width: number, height: number, fps: number): { iCoding: number; dPpl: number } {
  const c = G1070_COEFFICIENTS
  const px = Math.max(1, width * height)
  const x = Math.max(1e-6, (bitrateKbps * 1000 * CODEC_EFFICIENCY[codec]) / px)
  const fr = Math.min(30, Math.max(1, fps)) // G.1070's frame-rate range is 1–30 fps
  const ofr = Math.min(30, Math.max(1, c.v1 + c.v2 * x))
  const ioFr = Math.min(4, Math.max(0, c.v3 - c.v3 / (1 + Math.pow(x / c.v4, c.v5))))
  const dFr = c.v6 + c.v7 * x
  const lr = Math.log(fr) - Math.log(ofr)
  const iCoding = ioFr * Math.exp(-(lr * lr) / (2 * dFr * dFr))
  const dPpl = c.v10 + c.v11 * Math.exp(-fr / c.v8) + c.v12 * Math.exp(-x / c.v9)
  return { iCoding, dPpl }
}

/** Bit rates of the ladder interpolated by pixel count (libwebrtc interpolates the same way). */
export function ladderBitrates(width: number, height: number): { maxKbps: number; targetKbps: number; minKbps: number } {
  const px = width * height
  const L = RESOLUTION_LADDER
  if (px >= L[0]!.width * L[0]!.height) return L[0]!
  for (let i = 1; i < L.length; i++) {
    const lo = L[i]!
    const hi = L[i - 1]!
    const pLo = lo.width * lo.height
    if (px >= pLo) {
      const f = (px - pLo) / (hi.width * hi.height - pLo)
      return { maxKbps: mix(lo.maxKbps, hi.maxKbps, f), targetKbps: mix(lo.targetKbps, hi.targetKbps, f), minKbps: mix(lo.minKbps, hi.minKbps, f) }
    }
  }
  return L[L.length - 1]!
}

/** Linear interpolation from a to b. */
function mix(a: number, b: number, f: number): number {
  return a + (b - a) * f
}

/** What the encoder could hold. */
export interface HeldFormat {
  width: number
  height: number
  fps: number
  /** True when the bandwidth forced a lower resolution or frame rate than requested. */
  isLimited: boolean
}

/**
 * The resolution and frame rate an encoder could hold at a media bit rate: the requested size while
 * the rate is above its (interpolated, efficiency-scaled) minimum, else the largest smaller ladder
 * step whose minimum fits; below the step's target the frame rate drops proportionally, at most to
 * half (assumption in the spirit of libwebrtc's "balanced" degradation preference).
 */
export function heldFormat(mediaKbps: number, req: { width: number; height: number; fps: number }, codec: VideoCodecId): HeldFormat {
  const eff = CODEC_EFFICIENCY[codec]
  const aspect = req.height > 0 ? req.width / req.height : 16 / 9
  let width = req.width
  let height = req.height
  let rates = ladderBitrates(width, height)
  if (mediaKbps * eff < rates.minKbps) {
    const step = smallerStep(req.height, mediaKbps * eff)
    height = Math.min(req.height, step.height)
    width = Math.round(height * aspect)
    rates = ladderBitrates(width, height)
  }
  const share = (mediaKbps * eff) / rates.targetKbps
  const fps = share >= 1 ? req.fps : req.fps * Math.max(0.5, share)
  return { width, height, fps, isLimited: height < req.height || fps < req.fps }
}

/** The largest ladder step below `height` whose minimum fits `kbps`, else the smallest step (a loop, not `find`: the replay calls this per second). */
function smallerStep(height: number, kbps: number): (typeof RESOLUTION_LADDER)[number] {
  const L = RESOLUTION_LADDER
  for (let i = 0; i < L.length; i++) if (L[i]!.height < height && kbps >= L[i]!.minKbps) return L[i]!
  return L[L.length - 1]!
}

/** Keyframe size over the mean frame size (assumption: I-frames are typically 3–10× P-frames). */
export const DEFAULT_KEYFRAME_FACTOR = 5

/** The freeze estimate of one second. */
export interface FreezeEstimate {
  /** Share of the second spent frozen (%). */
  freezePct: number
  /** Extra delay of a frame waiting for a keyframe after an unrecovered loss (ms). */
  keyframeRecoveryMs: number
  /** Extra delay of a frame waiting for a retransmission (ms). */
  retransmissionStallMs: number
}

/**
 * Freezes from three kinds of damaged frames: unrecovered loss (the frame waits for a keyframe: RTT
 * for the PLI and the reply, plus (1 + keyframeFactor) frame intervals to encode and send it),
 * NACK-recovered loss (waits detection + RTT beyond the buffer) and late packets (wait the mean
 * excess over the buffer, which is J for the exponential delay law of delay.ts). Damaged frames
 * arrive as a Poisson process; the share of time covered is 1 − exp(−Σ rate·duration), and a wait
 * counts only when it passes the W3C freeze rule (extra delay > max(2·avg, 150 ms)).
 */
export function freezeEstimate(o: {
  residualLoss: number; recoveredByNack: number; fps: number; packetsPerFrame: number; rttMs: number
  detectMs: number; bufferMs: number; keyframeFactor: number; lateLoss?: number; jitterMs?: number
}): FreezeEstimate {
  const frameMs = 1000 / Math.max(1, o.fps)
  return {
    freezePct: freezePctOf(o.residualLoss, o.recoveredByNack, o.fps, o.packetsPerFrame, o.rttMs, o.detectMs, o.bufferMs, o.keyframeFactor, o.lateLoss ?? 0, o.jitterMs ?? 0),
    keyframeRecoveryMs: Math.max(0, o.rttMs) + (1 + o.keyframeFactor) * frameMs,
    retransmissionStallMs: Math.max(0, o.detectMs + o.rttMs - o.bufferMs),
  }
}

/** `freezeEstimate(...).freezePct` with positional arguments. */
export function freezePctOf(residualLoss: number, recoveredByNack: number, fps: number, packetsPerFrame: number, rttMs: number,
  detectMs: number, bufferMs: number, keyframeFactor: number, lateLoss: number, jitterMs: number): number {
  return freezePctFrom({ residualLoss, recoveredByNack, fps, packetsPerFrame, rttMs, detectMs, bufferMs, keyframeFactor, lateLoss, jitterMs })
}

/** The inputs of one freeze estimate (a reused object on the replay's hot path, see `freezePctFrom`). */
export interface FreezeInputs {
  residualLoss: number
  recoveredByNack: number
  fps: number
  packetsPerFrame: number
  rttMs: number
  detectMs: number
  bufferMs: number
  keyframeFactor: number
  lateLoss: number
  jitterMs: number
}

/**
 * `freezeEstimate(...).freezePct` from an inputs object: the replay's hot path fills one object per
 * second, since V8 boxes each double argument of a call it does not inline.
 */
export function freezePctFrom(f: FreezeInputs): number {
  const fps = Math.max(1, f.fps)
  const frameMs = 1000 / fps
  const threshold = Math.max(2 * frameMs, 150)
  const ppf = Math.max(1, f.packetsPerFrame)
  const rttMs = f.rttMs
  const keyframeRecoveryMs = Math.max(0, rttMs) + (1 + f.keyframeFactor) * frameMs
  const retransmissionStallMs = Math.max(0, f.detectMs + rttMs - f.bufferMs)
  let cover = 0
  if (keyframeRecoveryMs > threshold) cover += (damagedFramesPerS(f.residualLoss, ppf, fps) * (keyframeRecoveryMs + frameMs)) / 1000
  if (retransmissionStallMs > threshold) cover += (damagedFramesPerS(f.recoveredByNack, ppf, fps) * (retransmissionStallMs + frameMs)) / 1000
  if (f.jitterMs > threshold) cover += (damagedFramesPerS(f.lateLoss, ppf, fps) * (f.jitterMs + frameMs)) / 1000
  return cover === 0 ? 0 : 100 * (1 - Math.exp(-cover)) // no damaged frames: skip exp(0)
}

// Local alias: avoids the CommonJS import getter on the replay's hot path (see evaluate.ts).
const pow = powInt

/** Frames per second with at least one of `packetsPerFrame` packets hit by a loss fraction. */
function damagedFramesPerS(loss: number, packetsPerFrame: number, fps: number): number {
  return loss > 0 ? fps * (1 - pow(1 - Math.min(1, loss), packetsPerFrame)) : 0
}

/** RTP packets per video frame at ~1200-byte payloads (libwebrtc's default maximum packet size, assumption). */
export function packetsPerFrame(bitrateKbps: number, fps: number): number {
  return Math.max(1, Math.ceil((bitrateKbps * 1000) / Math.max(1, fps) / 8 / 1200))
}
