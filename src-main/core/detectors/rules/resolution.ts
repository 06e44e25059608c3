/**
 * Resolution drops: a video stream's frame height well below the height it had established (held for
 * several samples), for several samples. Not a drop: a simulcast layer's own adaptation (send streams
 * carrying a rid or sharing a mid), or an SFU switching a receiver between simulcast/SVC layers (a
 * `layer.change` event on the stream; a sender in the case that sends several layers or a
 * multi-spatial-layer SVC mode; without the sender, a connection that negotiated simulcast/SVC).
 * A received drop already visible at its sender is reported once, at the sender.
 */
import { defineDetector, hysteresisOf, hysteresisParams, param } from '../define'
import { detectEpisodes, windowStats } from '../episodes'
import { addEvents, addMetrics, emptyEvidence, metricEvidence, num, span, streamText } from '../evidence'
import type { CallView, FindingDraft, ViewStream } from '../types'
import { entryOf, streamPairs } from '../view'
import { limitationIn } from './frame-rate'

const params = {
  ...hysteresisParams({ raiseCount: 3, raiseWindow: 5, clearCount: 3, minDurationMs: 5000, mergeGapMs: 10_000 }),
  dropRatio: param(0.75, 0.01, 1, 'ratio', 'A sample crosses when the height is at most this fraction of the established height.', '分辨率高度不超过稳定高度的此比例时，判为超限。'),
  holdSamples: param(5, 1, 600, 'samples', 'A height becomes established after being held this many consecutive samples.', '某一高度连续保持达到此采样数后，视为稳定高度。'),
  errorRatio: param(0.34, 0.01, 1, 'ratio', 'A drop to at most this fraction (e.g. 720p to 240p) is an error.', '降至不超过此比例（如 720p 降到 240p）时，判为错误级。'),
}

type P = Record<keyof typeof params, number>
interface Drop { from: number; to: number; established: number; low: number }

function drops(s: ViewStream, p: P): Drop[] {
  const h = s.series.get('frame_height')
  if (!h) return []
  const { t, v } = h
  const est = new Float64Array(t.length)
  let established = 0
  let run = 0
  let prev = NaN
  for (let i = 0; i < t.length; i++) {
    const x = v[i]!
    est[i] = established
    if (!(x > 0)) continue
    run = x === prev ? run + 1 : 1
    prev = x
    if (run >= p.holdSamples && x > established) established = x
  }
  const cross = (i: number) => {
    const x = v[i]!
    if (!(x > 0) || est[i]! <= 0) return undefined
    return x <= est[i]! * p.dropRatio
  }
  return detectEpisodes(t, t.length, cross, hysteresisOf(p)).map((e) => ({ from: e.start, to: e.end, established: est[e.first]!, low: windowStats(h, e.start, e.end).min }))
}

/** A send stream that is one simulcast layer: it has a rid, or shares its transceiver (mid) with other video send streams. */
function isSendLayer(view: CallView, s: ViewStream): boolean {
  if (s.layer) return true
  const mid = s.meta.mid
  return mid !== undefined && view.streams.some((o) => o !== s && o.entryId === s.entryId && o.connectionKey === s.connectionKey && o.direction === 'send' && o.kind === 'video' && o.meta.mid === mid)
}

/** The connection negotiated simulcast or SVC (an SFU call where receivers are switched between layers). */
function layeredConnection(view: CallView, s: ViewStream): boolean {
  const events = entryOf(view, s.entryId)?.events ?? []
  return events.some((e) => (e.type === 'sdp.local' || e.type === 'sdp.remote') && e.connectionKey === s.connectionKey && /a=simulcast|ssrc-group:SIM|a=rid:/.test(String(e.data?.sdp ?? '')))
    || view.streams.some((o) => o.entryId === s.entryId && o.connectionKey === s.connectionKey && o.direction === 'send' && o.kind === 'video' && isSendLayer(view, o))
}

/** True when the receiver's resolution changes are layer switches (simulcast / SVC), not drops. */
function layerSwitching(view: CallView, s: ViewStream, d: Drop, senders: ViewStream[]): boolean {
  const events = entryOf(view, s.entryId)?.events ?? []
  if (events.some((e) => e.type === 'layer.change' && e.streamKey === s.key && e.t >= d.from - 5000 && e.t <= d.to)) return true
  if (senders.length === 0 && layeredConnection(view, s)) return true
  for (const x of senders) {
    if (isSendLayer(view, x)) return true
    const senderEvents = entryOf(view, x.entryId)?.events ?? []
    if (senderEvents.some((e) => e.type === 'layer.change' && e.streamKey === x.key && /^[LS]([2-9])/.test(String(e.data?.to ?? '')))) return true
  }
  return false
}

export const resolutionDrop = defineDetector({
  id: 'resolution-drop', version: 1, category: 'media',
  title: { en: 'Resolution drop', zh: '分辨率下降' },
  description: {
    en: 'A video stream\'s resolution well under the height it had established, for several samples; simulcast/SVC layer switches excluded.',
    zh: '视频流分辨率在多个采样内持续明显低于其稳定高度；simulcast/SVC 分层切换除外。',
  },
  sources: ['anchors §2.8 rtcstats-features qualityLimitationResolutionChanges, common/min/max resolution', 'anchors §2.1 FrozenVideoTrackDetector (skip on SVC resolution change)', 'anchors §2.2 LiveKit layer score'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    const pairs = streamPairs(view)
    for (const s of view.streams) {
      if (s.kind !== 'video' || (s.direction === 'send' && isSendLayer(view, s))) continue
      const senders = s.direction === 'recv' ? pairs.filter((x) => x.receiver === s).map((x) => x.sender) : []
      for (const d of drops(s, p)) {
        if (s.direction === 'recv' && layerSwitching(view, s, d, senders)) continue
        if (senders.some((x) => drops(x, p).some((o) => o.from <= d.to && o.to >= d.from))) continue
        const cause = s.direction === 'send' ? limitationIn(s, d.from, d.to) : ''
        const ratio = d.low / d.established
        const ev = emptyEvidence()
        addMetrics(ev, metricEvidence(s, 'frame_height', d.from - 10_000, d.to, d.established * p.dropRatio), metricEvidence(s, 'frame_width', d.from, d.to))
        if (cause) addMetrics(ev, metricEvidence(s, 'quality_limitation', d.from, d.to))
        const qlEvents = (entryOf(view, s.entryId)?.events ?? []).filter((e) => e.type === 'quality-limitation.change' && e.streamKey === s.key && e.t >= d.from - 10_000 && e.t <= d.to)
        addEvents(ev, s.entryId, qlEvents, 5)
        Object.assign(ev.figures, { establishedHeight: d.established, lowestHeight: d.low, cause: cause || null })
        const who = streamText(s)
        const w = span(view, d.from, d.to)
        const why = cause === 'bandwidth' ? { en: ' The encoder scaled down because the bandwidth estimate fell.', zh: '编码器因带宽估计下降而降低了分辨率。' }
          : cause === 'cpu' ? { en: ' The encoder scaled down because the CPU could not keep up.', zh: '编码器因 CPU 跟不上而降低了分辨率。' } : { en: '', zh: '' }
        out.push({
          severity: ratio <= p.errorRatio ? 'error' : 'warning', code: 'resolution-drop', title: { en: 'Resolution dropped', zh: '分辨率下降' },
          start: d.from, end: d.to, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}),
          evidence: ev,
          explanation: {
            en: `${who.en} went down from ${num(d.established, 0)}p to as low as ${num(d.low, 0)}p ${w.en}.${why.en}`,
            zh: `${who.zh}在 ${w.zh} 从 ${num(d.established, 0)}p 降到最低 ${num(d.low, 0)}p。${why.zh}`,
          },
          nextSteps: {
            en: [cause === 'cpu' ? 'Reduce encoder load: hardware encoder, lower capture resolution, fewer simultaneous streams.' : 'Find the network cause in the same window (bandwidth estimate, loss, RTT).', 'If a lower resolution is acceptable, set degradationPreference to favour frame rate or resolution explicitly.'],
            zh: [cause === 'cpu' ? '降低编码负载：使用硬件编码、降低采集分辨率、减少同时发送的流。' : '在同一时段查找网络原因（带宽估计、丢包、RTT）。', '如可接受较低分辨率，可显式设置 degradationPreference，指定优先保帧率还是保分辨率。'],
          },
          signatureParts: [s.direction, cause || 'unknown'],
        })
      }
    }
    return out
  },
})
