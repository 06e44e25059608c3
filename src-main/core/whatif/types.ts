/**
 * What-if data types: the measured per-second input of one stream, configurations and scenarios
 * (plain JSON-safe data, so they cross the contract unchanged), and the projected output. Time is
 * epoch ms; every column of one input or output has one value per second; NaN marks a gap.
 */
import type { RecoveryConfig } from './loss-recovery'
import type { VideoCodecId } from './video-quality'

/** The value the bundle measured, second by second, instead of a constant. */
export type Measured = 'measured'

/** Measured per-second series of one stream, built from stored series (see replay-input.ts). */
export interface StreamReplayInput {
  kind: 'audio' | 'video'
  /** Epoch ms of second 0; second i covers [t0 + 1000·i, t0 + 1000·(i + 1)). */
  t0: number
  /** Number of seconds; every column has this length. */
  seconds: number
  /** Metric `loss_pct` (%). NaN seconds are gaps: nothing is projected for them. */
  lossPct: Float64Array
  /** Metric `rtt_ms`. */
  rttMs: Float64Array
  /** Metric `jitter_ms` (RFC 3550 inter-arrival jitter). */
  jitterMs: Float64Array
  /** Metric `bitrate` (payload kbit/s). */
  bitrateKbps: Float64Array
  /** G.107 burst ratio per second, when a packet trace or RTCP XR gives it. */
  burstR?: Float64Array
  /** Measured one-way network delay (ms); RTT/2 when absent. */
  oneWayMs?: Float64Array
  /** Metric `jb_delay_ms`. */
  jbDelayMs?: Float64Array
  /** Metric `available_outgoing_bitrate` (send) or `available_incoming_bitrate` (receive). */
  availableKbps?: Float64Array
  /** Metrics `fps`, `frame_width`, `frame_height` (video). */
  fps?: Float64Array
  frameWidth?: Float64Array
  frameHeight?: Float64Array
  /** Loss-run histogram over the call (entry k = runs of k packets) and the packets it covers. */
  lossRuns?: { histogram: number[]; totalPackets: number }
  /** Codec name as the bundle reports it (`opus`, `VP8`…). */
  codec?: string
}

/** Audio settings. */
export interface AudioConfig {
  /** A codec-table name (`opus`, `g711`, `g729a`, `amr-wb`…). */
  codec: string
  /** G.711 with Appendix I concealment. */
  hasPlc: boolean
  bitrateKbps: number | Measured
  /** RTP packet duration (ms). */
  packetMs: number
}

/** Video settings. */
export interface VideoConfig {
  codec: VideoCodecId
  bitrateKbps: number | Measured
  width: number | Measured
  height: number | Measured
  fps: number | Measured
  /** Keyframe size over the mean frame size. */
  keyframeFactor: number
}

/** How the receiver buffers: adaptive to the jitter, a fixed delay, or the measured `jb_delay_ms`. */
export type JitterBufferConfig =
  | { mode: 'adaptive'; targetLateLossPct: number; minMs: number; maxMs: number }
  | { mode: 'fixed'; delayMs: number }
  | { mode: 'measured' }

/** Edits to the measured network itself (1 / 0 = unchanged). */
export interface NetworkAdjust {
  lossScale: number
  lossAddPct: number
  rttScale: number
  rttAddMs: number
  jitterScale: number
  bandwidthScale: number
  /** Replaces the burst ratio (null = measured, else random). */
  burstR: number | null
  /** Replaces the one-way delay (null = measured, else RTT/2). */
  oneWayMs: number | null
}

/** A complete configuration (the baseline read from the bundle, or a scenario applied to it). */
export interface WhatIfConfig {
  audio: AudioConfig
  video: VideoConfig
  recovery: RecoveryConfig
  jitterBuffer: JitterBufferConfig
  /** Capture + playout latency (ms). */
  deviceLatencyMs: number
  network: NetworkAdjust
}

/** A partial configuration: objects merge field by field, the jitter buffer is replaced whole, null switches a recovery mechanism off. */
export interface ConfigPatch {
  audio?: Partial<AudioConfig>
  video?: Partial<VideoConfig>
  recovery?: Partial<RecoveryConfig>
  jitterBuffer?: JitterBufferConfig
  deviceLatencyMs?: number
  network?: Partial<NetworkAdjust>
}

/** A named edit of the baseline. */
export interface Scenario {
  id: string
  label: string
  patch: ConfigPatch
}

/** Per-second projection of one configuration over the call. */
export interface ProjectedSeries {
  scenarioId: string
  label: string
  t: Float64Array
  /** Audio: E-model MOS; video: G.1070-form Vq. */
  mos: Float64Array
  /** Audio: R on the narrowband scale; video: NaN. */
  rFactor: Float64Array
  mouthToEarMs: Float64Array
  /** Network loss left after recovery (%). */
  residualLossPct: Float64Array
  /** Packets discarded as late by the jitter buffer (%). */
  lateLossPct: Float64Array
  /** Share of the second frozen (%); 0 for audio. */
  freezePct: Float64Array
  /** Bandwidth on the wire incl. headers, redundancy and retransmissions (kbit/s). */
  bandwidthKbps: Float64Array
  /** Video: the height and frame rate held within the available bandwidth (NaN for audio). */
  heldHeight: Float64Array
  heldFps: Float64Array
}

/** One row of the comparison table. */
export interface ComparisonRow {
  scenarioId: string
  label: string
  isBaseline: boolean
  /** Seconds with a projection (gaps excluded). */
  seconds: number
  mosMean: number
  mosP5: number
  mosMin: number
  /** Share of seconds with MOS < 3.1 (G.107 Annex B: R < 60, "many users dissatisfied"). */
  pctSecondsBelow31: number
  mouthToEarMeanMs: number
  mouthToEarP95Ms: number
  freezeSeconds: number
  residualLossMeanPct: number
  lateLossMeanPct: number
  bandwidthMeanKbps: number
  bandwidthP95Kbps: number
  /** This row minus the baseline row (0 for the baseline). */
  delta: { mosMean: number; mosP5: number; mouthToEarMeanMs: number; freezeSeconds: number; bandwidthMeanKbps: number; residualLossMeanPct: number }
}

/** The result of a counterfactual replay. */
export interface ReplayResult {
  baseline: ProjectedSeries
  scenarios: ProjectedSeries[]
  table: ComparisonRow[]
}

/** A domain error (returned, never thrown). */
export interface WhatIfError {
  code: 'INVALID_INPUT' | 'UNKNOWN_CODEC'
  message: string
}

/** Result<T, WhatIfError>. */
export type WhatIfOutcome<T> = { ok: true; value: T } | { ok: false; error: WhatIfError }
