/**
 * Encoder quality limitation by reason: `cpu` (the device cannot encode fast enough: a device problem)
 * versus `bandwidth` (the congestion controller leaves too little bitrate: a network problem), from
 * the outbound `qualityLimitationReason`. The ramp-up at the start of every call (bandwidth-limited
 * while the estimate grows) is ignored. Simulcast layers of one sender are reported once.
 */
import { QUALITY_LIMITATION_CODES } from '../../model/metrics'
import { defineDetector, hysteresisOf, hysteresisParams, param } from '../define'
import { detectEpisodes } from '../episodes'
import { addEvents, addMetrics, dur, emptyEvidence, metricEvidence, span, streamText } from '../evidence'
import type { CallView, FindingDraft, ViewStream } from '../types'
import { entryOf, isLayerLeader, layerSiblings } from '../view'

const params = {
  ...hysteresisParams({ raiseCount: 3, raiseWindow: 5, clearCount: 3, minDurationMs: 10_000, mergeGapMs: 10_000 }),
  startupGraceMs: param(20_000, 0, 600_000, 'ms', 'Limitation during this long after the stream\'s first sample is ramp-up, not a problem.', '流的首个采样之后这段时间内的受限属于码率爬升阶段，不算问题。'),
  errorShareCpu: param(0.5, 0, 1, 'ratio', 'CPU limitation for at least this share of the stream\'s life is an error.', 'CPU 受限时长占流存续时长的比例达到此值时，判为错误级。'),
}

type P = Record<keyof typeof params, number>

const REASONS = [
  { name: 'cpu', code: QUALITY_LIMITATION_CODES.cpu!, category: 'device' as const },
  { name: 'bandwidth', code: QUALITY_LIMITATION_CODES.bandwidth!, category: 'network' as const },
  { name: 'other', code: QUALITY_LIMITATION_CODES.other!, category: 'media' as const },
]

function findings(view: CallView, s: ViewStream, p: P): FindingDraft[] {
  const q = s.series.get('quality_limitation')
  if (!q || q.t.length === 0) return []
  const grace = q.t[0]! + p.startupGraceMs
  const life = q.t[q.t.length - 1]! - q.t[0]!
  const out: FindingDraft[] = []
  const events = (entryOf(view, s.entryId)?.events ?? []).filter((e) => e.type === 'quality-limitation.change' && e.streamKey === s.key)
  for (const r of REASONS) {
    const cross = (i: number) => {
      const v = q.v[i]!
      if (!Number.isFinite(v) || q.t[i]! < grace) return undefined
      return v === r.code
    }
    for (const e of detectEpisodes(q.t, q.t.length, cross, hysteresisOf(p))) {
      const length = e.end - e.start
      const ev = emptyEvidence()
      addMetrics(ev, metricEvidence(s, 'quality_limitation', e.start, e.end), metricEvidence(s, r.name === 'cpu' ? 'encode_ms' : 'target_bitrate', e.start, e.end), metricEvidence(s, 'frame_height', e.start, e.end))
      addEvents(ev, s.entryId, events.filter((x) => x.t >= e.start - 5000 && x.t <= e.end + 5000), 6)
      Object.assign(ev.figures, { reason: r.name, limitedMs: Math.round(length), shareOfStream: Math.round((length / Math.max(1, life)) * 100) / 100, simulcastLayers: layerSiblings(view, s).length })
      const who = streamText(s)
      const w = span(view, e.start, e.end)
      const text = r.name === 'cpu' ? {
        en: `The encoder of ${who.en} was CPU-limited ${w.en} (${dur(length)}): the device could not encode at the configured resolution and frame rate, so quality was reduced.`,
        zh: `${who.zh}的编码器在 ${w.zh}（${dur(length)}）受 CPU 限制：设备无法按设定的分辨率和帧率完成编码，因此降低了质量。`,
      } : r.name === 'bandwidth' ? {
        en: `The encoder of ${who.en} was bandwidth-limited ${w.en} (${dur(length)}): the congestion controller allowed too little bitrate for full quality.`,
        zh: `${who.zh}的编码器在 ${w.zh}（${dur(length)}）受带宽限制：拥塞控制分配的码率不足以维持完整画质。`,
      } : {
        en: `The encoder of ${who.en} was limited for another reason ${w.en} (${dur(length)}).`,
        zh: `${who.zh}的编码器在 ${w.zh}（${dur(length)}）因其他原因受限。`,
      }
      out.push({
        category: r.category,
        severity: r.name === 'cpu' && length / Math.max(1, life) >= p.errorShareCpu ? 'error' : r.name === 'other' ? 'info' : 'warning',
        code: `${r.name}-limited`,
        title: r.name === 'cpu' ? { en: 'Encoder CPU-limited', zh: '编码受 CPU 限制' } : r.name === 'bandwidth' ? { en: 'Encoder bandwidth-limited', zh: '编码受带宽限制' } : { en: 'Encoder limited (other)', zh: '编码受限（其他原因）' },
        start: e.start, end: e.end, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}),
        evidence: ev, explanation: text,
        nextSteps: r.name === 'cpu' ? {
          en: ['Check CPU load and other apps on the sender; prefer a hardware encoder; lower capture resolution or the number of simulcast layers.'],
          zh: ['检查发送端 CPU 负载与其他程序；优先使用硬件编码；降低采集分辨率或 simulcast 层数。'],
        } : r.name === 'bandwidth' ? {
          en: ['See the bandwidth-estimate, loss and direction findings in the same window for the network cause.'],
          zh: ['查看同一时段带宽估计、丢包及上行/下行归因的诊断结果，找出网络原因。'],
        } : { en: ['Check the encoder implementation and any application constraints (maxBitrate, scaleResolutionDownBy).'], zh: ['检查编码器实现及应用层约束（maxBitrate、scaleResolutionDownBy）。'] },
        signatureParts: [r.name],
      })
    }
  }
  return out
}

export const qualityLimitation = defineDetector({
  id: 'quality-limitation', version: 1, category: 'media',
  title: { en: 'Encoder quality limitation (CPU vs bandwidth)', zh: '编码质量受限（CPU 与带宽）' },
  description: {
    en: 'Sustained qualityLimitationReason cpu / bandwidth / other on sent video, after the call-start ramp-up.',
    zh: '发送视频在通话开始的爬升阶段之后，qualityLimitationReason 持续为 cpu / bandwidth / other。',
  },
  sources: ['anchors §2.1 QualityLimitationsIssueDetector', 'anchors §2.4 webrtc-inspector quality_limited_<reason>', 'anchors §2.8 {bandwidth,cpu,other}QualityLimitationPercentage'],
  params,
  run(view, p) {
    // simulcast layers share one encoder and one limitation reason: reported once per sender (by mid or
    // SIM group; without either, identical episodes on one connection are the same layers)
    const out: FindingDraft[] = []
    const seen = new Map<string, FindingDraft>()
    for (const s of view.streams) {
      if (s.direction !== 'send' || s.kind !== 'video' || !isLayerLeader(view, s)) continue
      for (const f of findings(view, s, p)) {
        const key = `${f.entryId}|${f.connectionKey}|${f.code}|${f.start}|${f.end}`
        const twin = seen.get(key)
        if (twin) twin.evidence.figures.simulcastLayers = Number(twin.evidence.figures.simulcastLayers) + 1
        else {
          seen.set(key, f)
          out.push(f)
        }
      }
    }
    return out
  },
})
