/**
 * Builds a replay input from stored series (the call model's SeriesData, metric ids from
 * metrics.ts) for one stream: each metric is binned to 1 s (mean of the samples in the second)
 * and short gaps are held from the previous second. Series of the stream win over series of its
 * connection, which win over entry-wide ones.
 */
import type { SeriesData } from '../model/call'
import type { StreamReplayInput, WhatIfOutcome } from './types'

/** Metric ids (metrics.ts) read for each input column. */
export const REPLAY_METRICS = Object.freeze({
  lossPct: 'loss_pct',
  rttMs: 'rtt_ms',
  jitterMs: 'jitter_ms',
  bitrateKbps: 'bitrate',
  jbDelayMs: 'jb_delay_ms',
  fps: 'fps',
  frameWidth: 'frame_width',
  frameHeight: 'frame_height',
  availableSendKbps: 'available_outgoing_bitrate',
  availableRecvKbps: 'available_incoming_bitrate',
})

/** Which stream to read and how. */
export interface ReplayInputOptions {
  kind: 'audio' | 'video'
  /** send: available bandwidth is `available_outgoing_bitrate`; recv: `available_incoming_bitrate`. */
  direction: 'send' | 'recv'
  streamKey?: string
  connectionKey?: string
  codec?: string
  /** Time range (epoch ms); defaults to the span of the stream's loss series. */
  startMs?: number
  endMs?: number
  /** Seconds a value is held over a gap (default 3). */
  holdSeconds?: number
  lossRuns?: StreamReplayInput['lossRuns']
}

/** The series a stream would read for a metric (stream > connection > entry-wide), if any. */
export function pickSeries(series: readonly SeriesData[], metric: string, opts: Pick<ReplayInputOptions, 'streamKey' | 'connectionKey'>): SeriesData | undefined {
  const same = series.filter((s) => s.metric === metric && s.t.length > 0)
  return (opts.streamKey !== undefined ? same.find((s) => s.streamKey === opts.streamKey) : undefined)
    ?? (opts.connectionKey !== undefined ? same.find((s) => s.streamKey === undefined && s.connectionKey === opts.connectionKey) : undefined)
    ?? same.find((s) => s.streamKey === undefined && s.connectionKey === undefined)
}

/** Bins a series to `seconds` 1-s bins from t0 (mean of finite samples), then holds values over gaps up to `hold` bins. */
export function binPerSecond(s: SeriesData | undefined, t0: number, seconds: number, hold: number): Float64Array {
  const out = new Float64Array(seconds).fill(NaN)
  if (!s) return out
  const sum = new Float64Array(seconds)
  const n = new Uint32Array(seconds)
  for (let i = 0; i < s.t.length; i++) {
    const v = s.v[i]!
    if (!Number.isFinite(v)) continue
    const bin = Math.floor((s.t[i]! - t0) / 1000)
    if (bin < 0 || bin >= seconds) continue
    sum[bin] = sum[bin]! + v
    n[bin] = n[bin]! + 1
  }
  let last = NaN
  let age = Infinity
  for (let b = 0; b < seconds; b++) {
    if (n[b]! > 0) {
      out[b] = sum[b]! / n[b]!
      last = out[b]!
      age = 0
    } else if (++age <= hold) out[b] = last
  }
  return out
}

/** The replay input for one stream, or INVALID_INPUT when it has no loss series or no time range. */
export function replayInputFromSeries(series: readonly SeriesData[], opts: ReplayInputOptions): WhatIfOutcome<StreamReplayInput> {
  const loss = pickSeries(series, REPLAY_METRICS.lossPct, opts)
  if (!loss) return { ok: false, error: { code: 'INVALID_INPUT', message: 'the stream has no loss_pct series to replay' } }
  const start = opts.startMs ?? loss.t[0]!
  const end = opts.endMs ?? loss.t[loss.t.length - 1]!
  if (!(end >= start)) return { ok: false, error: { code: 'INVALID_INPUT', message: 'empty time range' } }
  const t0 = Math.floor(start / 1000) * 1000
  const seconds = Math.floor((end - t0) / 1000) + 1
  const hold = opts.holdSeconds ?? 3
  const col = (metric: string) => binPerSecond(pickSeries(series, metric, opts), t0, seconds, hold)
  const optional = (metric: string) => {
    const s = pickSeries(series, metric, opts)
    return s ? binPerSecond(s, t0, seconds, hold) : undefined
  }
  const input: StreamReplayInput = {
    kind: opts.kind, t0, seconds,
    lossPct: binPerSecond(loss, t0, seconds, hold),
    rttMs: col(REPLAY_METRICS.rttMs),
    jitterMs: col(REPLAY_METRICS.jitterMs),
    bitrateKbps: col(REPLAY_METRICS.bitrateKbps),
  }
  const jb = optional(REPLAY_METRICS.jbDelayMs)
  if (jb) input.jbDelayMs = jb
  const avail = optional(opts.direction === 'send' ? REPLAY_METRICS.availableSendKbps : REPLAY_METRICS.availableRecvKbps)
  if (avail) input.availableKbps = avail
  if (opts.kind === 'video') {
    const fps = optional(REPLAY_METRICS.fps)
    const w = optional(REPLAY_METRICS.frameWidth)
    const h = optional(REPLAY_METRICS.frameHeight)
    if (fps) input.fps = fps
    if (w) input.frameWidth = w
    if (h) input.frameHeight = h
  }
  if (opts.codec !== undefined) input.codec = opts.codec
  if (opts.lossRuns) input.lossRuns = opts.lossRuns
  return { ok: true, value: input }
}
