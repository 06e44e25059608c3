/**
 * Configurations: the defaults, the baseline read from a stream's measured input, patches
 * (scenarios) applied to a baseline, and the resolved form the per-second evaluation uses (codec
 * row, delay table, fixed delays). Defaults that are assumptions say so here and in README.
 */
import { codecDelayMs, findCodec, ieAnchor, ieAt, type CodecRow } from './codec-table'
import { DEFAULT_DEVICE_LATENCY_MS, adaptiveTargetLog } from './delay'
import type { DelayTable, DelayTableCache } from './e-model-wideband'
import type { RecoveryConfig } from './loss-recovery'
import type { ConfigPatch, JitterBufferConfig, NetworkAdjust, StreamReplayInput, WhatIfConfig, WhatIfOutcome } from './types'
import { DEFAULT_KEYFRAME_FACTOR, type VideoCodecId, videoCodecId } from './video-quality'

/** IPv4 20 (RFC 791) + UDP 8 (RFC 768) + RTP 12 (RFC 3550) + SRTP auth tag 10 (RFC 3711, HMAC-SHA1-80) bytes; header extensions not counted. */
export const PACKET_OVERHEAD_BYTES = 50

/** Network left as measured. */
export const NO_NETWORK_CHANGE: Readonly<NetworkAdjust> = Object.freeze({
  lossScale: 1, lossAddPct: 0, rttScale: 1, rttAddMs: 0, jitterScale: 1, bandwidthScale: 1, burstR: null, oneWayMs: null,
})

/**
 * Adaptive buffer aiming at 0.5 % late loss, 20–1000 ms (assumptions: NetEq-like buffers sit near a
 * high quantile of the arrival delay and smooth the rest by time-stretching, which the E-model cannot
 * see; one 20 ms packet minimum). 0.5 % gives b ≈ 5.3·J.
 */
export const DEFAULT_ADAPTIVE_BUFFER: Readonly<{ mode: 'adaptive'; targetLateLossPct: number; minMs: number; maxMs: number }> = Object.freeze({
  mode: 'adaptive', targetLateLossPct: 0.5, minMs: 20, maxMs: 1000,
})

/** libwebrtc nack_requester kMaxNackRetries. */
export const DEFAULT_NACK_RETRIES = 10

/**
 * The configuration as the bundle shows it: the stream's codec (Opus when unknown or not in the
 * table), measured bit rate / resolution / frame rate, WebRTC defaults for recovery (Opus in-band
 * FEC on for audio, NACK on for video, no RED or parity FEC), the measured jitter-buffer delay when
 * the bundle has it (else adaptive), and 40 ms device latency (assumption).
 */
export function baselineConfig(input: Pick<StreamReplayInput, 'kind' | 'codec' | 'jbDelayMs'>): WhatIfConfig {
  const isAudio = input.kind === 'audio'
  const audioCodec = isAudio && input.codec && findCodec(input.codec) ? input.codec : 'opus'
  const recovery: RecoveryConfig = isAudio
    ? { opusFec: true, red: null, fec: null, nack: null }
    : { opusFec: false, red: null, fec: null, nack: { maxRetries: DEFAULT_NACK_RETRIES } }
  const hasJb = input.jbDelayMs !== undefined && input.jbDelayMs.some((v) => Number.isFinite(v))
  return {
    audio: { codec: audioCodec, hasPlc: true, bitrateKbps: 'measured', packetMs: findCodec(audioCodec)?.packetMs ?? 20 },
    video: { codec: videoCodecId(isAudio ? undefined : input.codec), bitrateKbps: 'measured', width: 'measured', height: 'measured', fps: 'measured', keyframeFactor: DEFAULT_KEYFRAME_FACTOR },
    recovery,
    jitterBuffer: hasJb ? { mode: 'measured' } : { ...DEFAULT_ADAPTIVE_BUFFER },
    deviceLatencyMs: DEFAULT_DEVICE_LATENCY_MS,
    network: { ...NO_NETWORK_CHANGE },
  }
}

function mergeNullable<T extends object>(base: T | null, patch: Partial<T> | null | undefined): T | null {
  if (patch === undefined) return base
  if (patch === null) return null
  return { ...(base ?? {}), ...patch } as T
}

/** A new configuration: the base with the patch applied (the base is not modified). */
export function applyPatch(base: WhatIfConfig, patch: ConfigPatch): WhatIfConfig {
  const r = patch.recovery
  return {
    audio: { ...base.audio, ...patch.audio },
    video: { ...base.video, ...patch.video },
    recovery: {
      opusFec: r?.opusFec ?? base.recovery.opusFec,
      red: mergeNullable(base.recovery.red, r?.red),
      fec: mergeNullable(base.recovery.fec, r?.fec),
      nack: mergeNullable(base.recovery.nack, r?.nack),
    },
    jitterBuffer: patch.jitterBuffer ? { ...patch.jitterBuffer } : { ...base.jitterBuffer },
    deviceLatencyMs: patch.deviceLatencyMs ?? base.deviceLatencyMs,
    network: { ...base.network, ...patch.network },
  }
}

/**
 * The jitter buffer reduced to numbers, so the per-second evaluation neither branches on the mode
 * object nor takes a logarithm: a fixed delay, the measured `jb_delay_ms`, or adaptive (`targetLog`
 * = ln of the late-loss target; also the fallback of `measured` when a second has no measurement).
 */
export interface BufferPlan {
  isFixed: boolean
  fixedMs: number
  useMeasured: boolean
  targetLog: number
  minMs: number
  maxMs: number
}

/** Configurations with equal keys make the same network edits (`adjustSecond` in evaluate.ts). */
export function networkKey(rc: ResolvedConfig): string {
  const n = rc.config.network
  return `${n.lossScale}|${n.lossAddPct}|${n.rttScale}|${n.rttAddMs}|${n.jitterScale}|${n.burstR}|${n.oneWayMs}`
}

/** Configurations with equal keys have equal per-second buffer delays and late loss (same plan, same jitter scale). */
export function bufferKey(rc: ResolvedConfig): string {
  const b = rc.buffer
  return `${rc.config.network.jitterScale}|${b.isFixed}|${b.fixedMs}|${b.useMeasured}|${b.targetLog}|${b.minMs}|${b.maxMs}`
}

function bufferPlan(jb: JitterBufferConfig): BufferPlan {
  // 'measured' without a measurement falls back to the default adaptive buffer.
  const a = jb.mode === 'adaptive' ? jb : DEFAULT_ADAPTIVE_BUFFER
  return {
    isFixed: jb.mode === 'fixed', fixedMs: jb.mode === 'fixed' ? jb.delayMs : NaN, useMeasured: jb.mode === 'measured',
    targetLog: adaptiveTargetLog(a.targetLateLossPct / 100), minMs: a.minMs, maxMs: a.maxMs,
  }
}

/** A configuration prepared for per-second evaluation. */
export interface ResolvedConfig {
  kind: 'audio' | 'video'
  config: WhatIfConfig
  /** Recovery with mechanisms that cannot apply removed (Opus FEC on a non-Opus codec; Opus FEC and RED redundancy for video, where RED only wraps ULPFEC). */
  recovery: RecoveryConfig
  /** Audio only (undefined for video). */
  codec?: CodecRow
  table?: DelayTable
  codecMs: number
  packetizationMs: number
  /** Audio packets per second. */
  packetsPerSecond: number
  videoCodec: VideoCodecId
  buffer: BufferPlan
  /** Audio: Ie at the configured bit rate (NaN when it is measured), and `ieAnchor(codec)` for the measured case. */
  ieFixed: number
  ieAnchor: number
}

function invalid(message: string): WhatIfOutcome<never> {
  return { ok: false, error: { code: 'INVALID_INPUT', message } }
}

/** Checks a configuration and prepares it; errors are returned, never thrown. */
export function resolveConfig(config: WhatIfConfig, kind: 'audio' | 'video', tables: DelayTableCache): WhatIfOutcome<ResolvedConfig> {
  const { recovery, jitterBuffer: jb } = config
  if (recovery.red && !(recovery.red.distance >= 0 && recovery.red.distance <= 10)) return invalid('RED distance must be 0…10')
  if (recovery.fec && !(recovery.fec.ratio >= 0 && recovery.fec.ratio <= 1)) return invalid('FEC ratio must be 0…1')
  if (recovery.nack && !(recovery.nack.maxRetries >= 0)) return invalid('NACK retries must be ≥ 0')
  if (jb.mode === 'fixed' && !(jb.delayMs >= 0)) return invalid('fixed jitter buffer delay must be ≥ 0 ms')
  if (jb.mode === 'adaptive' && !(jb.minMs >= 0 && jb.maxMs >= jb.minMs && jb.targetLateLossPct > 0)) return invalid('adaptive jitter buffer needs 0 ≤ min ≤ max and a target > 0 %')
  if (!(config.deviceLatencyMs >= 0)) return invalid('device latency must be ≥ 0 ms')
  if (kind === 'video') {
    const frameMs = config.video.fps === 'measured' ? 33.3 : 1000 / Math.max(1, config.video.fps)
    return {
      ok: true,
      value: {
        kind, config, recovery: { ...recovery, opusFec: false, red: null }, codecMs: frameMs, packetizationMs: 0, packetsPerSecond: 0,
        videoCodec: config.video.codec, buffer: bufferPlan(jb), ieFixed: NaN, ieAnchor: NaN,
      },
    }
  }
  const br = config.audio.bitrateKbps === 'measured' ? undefined : config.audio.bitrateKbps
  const codec = findCodec(config.audio.codec, { hasPlc: config.audio.hasPlc, bitrateKbps: br })
  if (!codec) return { ok: false, error: { code: 'UNKNOWN_CODEC', message: `codec ${config.audio.codec} is not in the what-if codec table` } }
  if (!(config.audio.packetMs > 0)) return invalid('packet duration must be > 0 ms')
  // Opus codes one frame per packet up to 20 ms (RFC 6716 frame sizes 2.5–60 ms); other codecs keep their frame.
  const frameMs = codec.family === 'opus' ? Math.min(codec.frameMs, config.audio.packetMs) : codec.frameMs
  const packetMs = Math.max(config.audio.packetMs, frameMs)
  const d = codecDelayMs({ ...codec, frameMs }, packetMs)
  return {
    ok: true,
    value: {
      kind, config, codec, table: tables.get(codec.band),
      recovery: { ...recovery, opusFec: recovery.opusFec && codec.family === 'opus' },
      codecMs: d.codecMs, packetizationMs: d.packetizationMs, packetsPerSecond: 1000 / packetMs, videoCodec: config.video.codec,
      buffer: bufferPlan(jb), ieFixed: br === undefined ? NaN : ieAt(codec, br), ieAnchor: ieAnchor(codec),
    },
  }
}
