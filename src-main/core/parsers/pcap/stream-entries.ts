/**
 * Final assembly of the RTP streams into the ParsedEntry: each confirmed stream is finished, classified
 * (kind, codec, clock rate), given a direction, and becomes a StreamInfo, a summary, its 1-s series
 * (bitrate, packets, loss, jitter at the assumed clock) and its RTP gap events. Times are epoch ms.
 */
import type { ParsedEntry, SeriesData, Severity, StreamInfo } from '../../model/call'
import { hex32 } from './bytes'
import type { Conv, StreamRec } from './conversation'
import { direction, type CaptureHosts } from './direction'
import { classifyStream, hypothesisIndex, payloadTypeName } from './rtp-clock'
import type { StreamBuckets } from './rtp-stream'
import { streamFigures } from './summary'

/** The finished streams grouped by conversation, and each one's clock rate and jitter hypothesis index. */
export interface FinishedStreams {
  byConv: Map<Conv, StreamRec[]>
  finished: Map<StreamRec, { clockRate: number; h: number }>
}

/**
 * Finishes every stream (in order) and pushes its StreamInfo, summary, series and gap events into
 * `entry`; a timestamp clock far from the assumed rate is reported through `diag`.
 */
export function addStreams(entry: ParsedEntry, streams: readonly StreamRec[], host: CaptureHosts,
  diag: (severity: Severity, message: string) => void): FinishedStreams {
  const byConv = new Map<Conv, StreamRec[]>()
  const finished = new Map<StreamRec, { clockRate: number; h: number }>()
  for (const rec of streams) {
    const s = rec.s
    const buckets = s.finish()
    const cls = classifyStream({
      mainPt: s.mainPt, packets: s.packets, markers: s.markers, pairs: s.pairs, sameTimestampPairs: s.sameTimestampPairs,
      payloadBytes: s.payloadBytes, rateEstimate: s.rateEstimate,
    })
    const h = hypothesisIndex(cls.clockRate)
    finished.set(rec, { clockRate: cls.clockRate, h })
    const f = rec.flow
    const est = s.rateEstimate
    if (Number.isFinite(est) && Math.abs(est / cls.clockRate - 1) > 0.25) {
      diag('warning', `stream 0x${hex32(s.ssrc)} (${f.src} → ${f.dst}): RTP timestamps advance at about ${Math.round(est)} Hz, not the ${cls.clockRate} Hz assumed; its jitter figures are not meaningful`)
    }
    const dir = direction(f.srcIp, f.dstIp, host)
    const conv = f.state.conv
    const info: StreamInfo = {
      key: rec.key, connectionKey: conv.key, kind: cls.kind, direction: dir.direction, ssrc: s.ssrc,
      label: `${payloadTypeName(s.mainPt)} 0x${hex32(s.ssrc).toUpperCase()} ${f.src} → ${f.dst}`,
      meta: { src: f.src, dst: f.dst, transport: rec.via, directionRule: dir.rule, payloadType: s.mainPt },
    }
    if (cls.codec) info.codec = cls.codec
    entry.streams.push(info)
    entry.summaries.push({ streamKey: rec.key, figures: streamFigures(s, h, cls, f.src, f.dst, rec.via) })
    pushStreamSeries(entry.series, rec.key, conv.key, buckets, h)
    pushGapEvents(entry, rec)
    const list = byConv.get(conv)
    if (list) list.push(rec)
    else byConv.set(conv, [rec])
  }
  return { byConv, finished }
}

/** One `rtp.gap` warning per silence of the stream (already detected by RtpStream). */
function pushGapEvents(entry: ParsedEntry, rec: StreamRec): void {
  const s = rec.s
  const f = rec.flow
  const conv = f.state.conv
  for (const g of s.gaps) {
    entry.events.push({
      t: g.epochMs, type: 'rtp.gap', severity: 'warning', streamKey: rec.key, connectionKey: conv.key,
      message: `RTP gap of ${(g.gapMs / 1000).toFixed(1)} s in 0x${hex32(s.ssrc)} (${f.src} → ${f.dst}), seq ${g.seqBefore} → ${g.seqAfter}`,
      data: { gapMs: round3(g.gapMs), seqBefore: g.seqBefore, seqAfter: g.seqAfter, ssrc: `0x${hex32(s.ssrc)}` },
    })
  }
}

function pushStreamSeries(out: SeriesData[], streamKey: string, connectionKey: string, b: StreamBuckets, h: number): void {
  const n = b.t.length
  if (n === 0) return
  const bitrate = new Float64Array(n)
  const pps = new Float64Array(n)
  const loss = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    bitrate[i] = (b.bytes[i]! * 8) / 1000
    pps[i] = b.packets[i]!
    const exp = b.expected[i]!
    loss[i] = exp > 0 ? (Math.max(0, exp - b.packets[i]!) * 100) / exp : Number.isNaN(exp) ? NaN : b.packets[i]! > 0 ? 0 : NaN
  }
  const base = { streamKey, connectionKey }
  out.push({ ...base, metric: 'bitrate', unit: 'kbps', t: b.t, v: bitrate })
  out.push({ ...base, metric: 'packets_per_s', unit: 'pps', t: b.t.slice(), v: pps })
  out.push({ ...base, metric: 'loss_pct', unit: '%', t: b.t.slice(), v: loss })
  out.push({ ...base, metric: 'jitter_ms', unit: 'ms', t: b.t.slice(), v: b.jitter[h]! })
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000
}
