/**
 * Call scores per stream and participant. Self-contained and replaceable (the full ITU-T G.107
 * E-model lives in core/whatif):
 *  - audio: a SIMPLIFIED E-model, the one webrtc-issue-detector and Twilio use: effective latency =
 *    RTT + 2 × jitter + 10 ms; R = 93.2 − effLat/40 (effLat < 160) else 93.2 − (effLat − 120)/10;
 *    R −= 2.5 × loss %; MOS = 1 + 0.035 R + 7e-6 R (R − 60)(100 − R), clamped to 1..4.5. Per-interval
 *    loss (never cumulative: Homer's pitfall); DTX intervals (too few packets) count as lossless.
 *  - video: a heuristic 1..5: 5 − 4 × frozen share − (24 − fps)/24 (if under 24 fps) −
 *    0.5 × log2(720 / height) (if under 720p, at most 1.5) − loss %/20 (at most 0.5).
 * Per stream: mean, 10th percentile (the bad moments) and the per-sample series; per participant: the
 * mean of what they received, and of what others received from them.
 */
import { quantile } from '../util/quantiles'
import type { CallView, ViewSeries, ViewStream } from './types'
import { aligner, receiversOf, rttSeriesFor, streamPairs } from './view'

export const AUDIO_MODEL = 'simplified-e-model/v1'
export const VIDEO_MODEL = 'video-heuristic/v1'

export type Band = 'excellent' | 'good' | 'fair' | 'poor' | 'bad'

export interface StreamScore {
  streamId: string
  entryId: string
  streamKey: string
  participant: string
  /** The participant who sent the media, when known (the stream's own participant for send streams). */
  from?: string
  kind: 'audio' | 'video'
  direction: 'send' | 'recv'
  model: string
  mean: number
  /** 10th percentile of the per-sample score: how bad the bad moments were. */
  low: number
  band: Band
  samples: number
  series: { t: Float64Array; v: Float64Array }
}

export interface ParticipantScore {
  participant: string
  /** What this participant heard and saw (their received streams). */
  audioMos?: number
  videoScore?: number
  /** What others heard and saw of this participant (receivers in the case, else the sender's RTCP view). */
  sentAudioMos?: number
  sentVideoScore?: number
  overall?: number
  band?: Band
}

export interface CallScores { models: { audio: string; video: string }; streams: StreamScore[]; participants: ParticipantScore[] }

/** Simplified E-model MOS from RTT (ms), jitter (ms) and loss (%). */
export function simplifiedMos(rttMs: number, jitterMs: number, lossPct: number): number {
  const eff = Math.max(0, rttMs) + 2 * Math.max(0, jitterMs) + 10
  let r = eff < 160 ? 93.2 - eff / 40 : 93.2 - (eff - 120) / 10
  r -= 2.5 * Math.max(0, lossPct)
  r = Math.min(100, Math.max(0, r))
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r)
  return Math.min(4.5, Math.max(1, mos))
}

/** Heuristic video score 1..5 from frozen share (0..1), fps, height (px) and loss (%). */
export function videoScore(frozenShare: number, fps: number, height: number, lossPct: number): number {
  let s = 5
  if (Number.isFinite(frozenShare)) s -= 4 * Math.min(1, Math.max(0, frozenShare))
  if (Number.isFinite(fps) && fps < 24) s -= Math.min(1, (24 - Math.max(0, fps)) / 24)
  if (height > 0 && height < 720) s -= Math.min(1.5, 0.5 * Math.log2(720 / height))
  if (Number.isFinite(lossPct)) s -= Math.min(0.5, Math.max(0, lossPct) / 20)
  return Math.min(5, Math.max(1, s))
}

/** MOS-style bands (webrtc-issue-detector: bad ≤ 2.1, poor ≤ 2.6, fair ≤ 3.1, good ≤ 3.8, else excellent). */
export function bandOf(mos: number): Band {
  return mos <= 2.1 ? 'bad' : mos <= 2.6 ? 'poor' : mos <= 3.1 ? 'fair' : mos <= 3.8 ? 'good' : 'excellent'
}

function finish(s: ViewStream, model: string, t: Float64Array, v: Float64Array, from?: string): StreamScore | null {
  let sum = 0
  let n = 0
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]!)) {
    sum += v[i]!
    n++
  }
  if (n === 0) return null
  const mean = sum / n
  const out: StreamScore = {
    streamId: s.id, entryId: s.entryId, streamKey: s.key, participant: s.participant, kind: s.kind, direction: s.direction,
    model, mean: Math.round(mean * 100) / 100, low: Math.round(quantile(v, 0.1) * 100) / 100, band: bandOf(mean), samples: n, series: { t, v },
  }
  if (from) out.from = from
  return out
}

function audioScore(view: CallView, s: ViewStream, from?: string): StreamScore | null {
  const loss = s.series.get('loss_pct')
  const jit = s.series.get('jitter_ms')
  const base: ViewSeries | undefined = loss ?? jit
  if (!base) return null
  const jAt = aligner(base, jit)
  const rAt = aligner(base, rttSeriesFor(view, s), 5000)
  const pAt = aligner(base, s.series.get('packets_per_s'))
  const v = new Float64Array(base.t.length)
  for (let i = 0; i < v.length; i++) {
    const l = loss ? loss.v[i]! : NaN
    const j = jAt(i)
    if (!Number.isFinite(l) && !Number.isFinite(j)) {
      v[i] = NaN
      continue
    }
    const dtx = pAt(i) < 5
    const rtt = rAt(i)
    v[i] = simplifiedMos(Number.isFinite(rtt) ? rtt : 0, Number.isFinite(j) ? j : 0, dtx || !Number.isFinite(l) ? 0 : l)
  }
  return finish(s, AUDIO_MODEL, base.t, v, from)
}

function videoScoreOf(s: ViewStream, from?: string): StreamScore | null {
  const fps = s.series.get('fps')
  const freeze = s.series.get('freeze_pct')
  const base = fps ?? freeze
  if (!base) return null
  const fAt = aligner(base, freeze)
  const hAt = aligner(base, s.series.get('frame_height'))
  const lAt = aligner(base, s.series.get('loss_pct'))
  const fpsAt = aligner(base, fps)
  const v = new Float64Array(base.t.length)
  for (let i = 0; i < v.length; i++) {
    const f = fpsAt(i)
    const z = fAt(i)
    v[i] = !Number.isFinite(f) && !Number.isFinite(z) ? NaN : videoScore(Number.isFinite(z) ? z / 100 : 0, f, hAt(i), lAt(i))
  }
  return finish(s, VIDEO_MODEL, base.t, v, from)
}

function meanOf(xs: number[]): number | undefined {
  const f = xs.filter(Number.isFinite)
  return f.length ? Math.round((f.reduce((a, b) => a + b, 0) / f.length) * 100) / 100 : undefined
}

/** Scores of every received stream (and of sent streams whose receivers are not in the case). */
export function scoreCall(view: CallView): CallScores {
  const pairs = streamPairs(view)
  const streams: StreamScore[] = []
  for (const s of view.streams) {
    if (s.direction === 'send' && receiversOf(view, s, pairs).length > 0) continue
    const from = s.direction === 'send' ? s.participant : pairs.find((p) => p.receiver === s)?.sender.participant
    const sc = s.kind === 'audio' ? audioScore(view, s, from) : s.direction === 'recv' ? videoScoreOf(s, from) : null
    if (sc) streams.push(sc)
  }
  const participants: ParticipantScore[] = view.participants.map((participant) => {
    const got = streams.filter((x) => x.participant === participant && x.direction === 'recv')
    const sent = streams.filter((x) => x.from === participant && !(x.direction === 'recv' && x.participant === participant))
    const p: ParticipantScore = { participant }
    const a = meanOf(got.filter((x) => x.kind === 'audio').map((x) => x.mean))
    const v = meanOf(got.filter((x) => x.kind === 'video').map((x) => x.mean))
    const sa = meanOf(sent.filter((x) => x.kind === 'audio').map((x) => x.mean))
    const sv = meanOf(sent.filter((x) => x.kind === 'video').map((x) => x.mean))
    if (a !== undefined) p.audioMos = a
    if (v !== undefined) p.videoScore = v
    if (sa !== undefined) p.sentAudioMos = sa
    if (sv !== undefined) p.sentVideoScore = sv
    const overall = meanOf([a ?? NaN, v ?? NaN])
    if (overall !== undefined) {
      p.overall = overall
      p.band = bandOf(overall)
    }
    return p
  })
  return { models: { audio: AUDIO_MODEL, video: VIDEO_MODEL }, streams, participants }
}
