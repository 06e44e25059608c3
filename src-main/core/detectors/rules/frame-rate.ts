/**
 * Frame-rate collapse of a video stream: well under its own typical rate (median) for several
 * samples. Intervals with no packets are left to the RTP-gap detector. When a received stream's drop
 * is already visible at its sender (both dumps in the case), it is reported once, at the sender,
 * with the sender's quality-limitation reason as the cause.
 */
import { QUALITY_LIMITATION_CODES } from '../../model/metrics'
import { defineDetector, hysteresisOf, hysteresisParams, param } from '../define'
import { median } from '../../util/quantiles'
import { detectEpisodes, windowStats } from '../episodes'
import { addMetrics, emptyEvidence, metricEvidence, num, span, streamText } from '../evidence'
import type { FindingDraft, ViewStream } from '../types'
import { aligner, streamPairs } from '../view'

const params = {
  ...hysteresisParams({ raiseCount: 3, raiseWindow: 5, clearCount: 3, minDurationMs: 5000, mergeGapMs: 10_000 }),
  dropRatio: param(0.5, 0.01, 1, 'ratio', 'A sample crosses when the frame rate is below this fraction of the stream\'s median.', '帧率低于该流帧率中位数的此比例时，判为超限。'),
  minBaselineFps: param(10, 0, 120, 'fps', 'Streams whose median frame rate is below this are not checked (screen share, thumbnails).', '帧率中位数低于此值的流不检查（屏幕共享、缩略图）。'),
  errorFps: param(5, 0, 120, 'fps', 'A mean frame rate below this makes it an error.', '平均帧率低于此值时，判为错误级。'),
}

type P = Record<keyof typeof params, number>
const NAMES: Record<number, string> = Object.fromEntries(Object.entries(QUALITY_LIMITATION_CODES).map(([k, v]) => [v, k]))

/** Dominant non-`none` quality limitation reason of a send stream in a window, or ''. */
export function limitationIn(s: ViewStream, from: number, to: number): string {
  const q = s.series.get('quality_limitation')
  if (!q) return ''
  const counts = new Map<number, number>()
  for (let i = 0; i < q.t.length; i++) {
    if (q.t[i]! < from || q.t[i]! > to) continue
    const v = q.v[i]!
    if (v > 0) counts.set(v, (counts.get(v) ?? 0) + 1)
  }
  let best = 0
  let bestN = 0
  for (const [v, n] of counts) if (n > bestN) [best, bestN] = [v, n]
  return bestN > 0 ? (NAMES[best] ?? 'other') : ''
}

function drops(s: ViewStream, p: P): { from: number; to: number; mean: number; base: number }[] {
  const fps = s.series.get('fps')
  if (!fps) return []
  const base = median(fps.v)
  if (!(base >= p.minBaselineFps)) return []
  const ppsAt = aligner(fps, s.series.get('packets_per_s'))
  const cross = (i: number) => {
    const f = fps.v[i]!
    if (!Number.isFinite(f) || ppsAt(i) === 0) return undefined
    return f < base * p.dropRatio
  }
  return detectEpisodes(fps.t, fps.t.length, cross, hysteresisOf(p)).map((e) => ({ from: e.start, to: e.end, mean: windowStats(fps, e.start, e.end).mean, base }))
}

export const frameRate = defineDetector({
  id: 'frame-rate', version: 1, category: 'media',
  title: { en: 'Frame-rate collapse', zh: '帧率骤降' },
  description: {
    en: 'A video stream\'s frame rate well below its own median for several samples, sent or received (reported once when both ends are in the case).',
    zh: '视频流帧率在多个采样内持续远低于自身中位数（发送或接收；工单中有两端日志时只报告一次）。',
  },
  sources: ['anchors §2.1 VideoDecoderIssueDetector (fps volatility)', 'anchors §2.9 interesting-moment trigger (fps change > 5)'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    const pairs = streamPairs(view)
    for (const s of view.streams) {
      if (s.kind !== 'video') continue
      const senders = s.direction === 'recv' ? pairs.filter((x) => x.receiver === s).map((x) => x.sender) : []
      for (const d of drops(s, p)) {
        // the sender dropped too: reported there, once
        if (senders.some((x) => drops(x, p).some((o) => o.from <= d.to && o.to >= d.from))) continue
        const cause = s.direction === 'send' ? limitationIn(s, d.from, d.to) : ''
        const ev = emptyEvidence()
        addMetrics(ev, metricEvidence(s, 'fps', d.from, d.to, d.base * p.dropRatio))
        if (cause) addMetrics(ev, metricEvidence(s, 'quality_limitation', d.from, d.to))
        Object.assign(ev.figures, { meanFps: Math.round(d.mean * 10) / 10, medianFps: d.base, cause: cause || null })
        const who = streamText(s)
        const w = span(view, d.from, d.to)
        const why = cause === 'cpu' ? { en: ' The encoder was CPU-limited.', zh: '编码器受 CPU 限制。' }
          : cause === 'bandwidth' ? { en: ' The encoder was bandwidth-limited.', zh: '编码器受带宽限制。' } : { en: '', zh: '' }
        out.push({
          severity: d.mean < p.errorFps ? 'error' : 'warning', code: 'fps-drop', title: { en: 'Frame rate dropped', zh: '帧率下降' },
          start: d.from, end: d.to, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}),
          evidence: ev,
          explanation: {
            en: `${who.en} ran at ${num(d.mean)} fps ${w.en}, against ${num(d.base)} fps normally: motion looked jerky.${why.en}`,
            zh: `${who.zh}在 ${w.zh} 帧率为 ${num(d.mean)} fps，正常为 ${num(d.base)} fps：画面运动不流畅。${why.zh}`,
          },
          nextSteps: {
            en: s.direction === 'send' ? ['CPU-limited: close other apps, lower capture resolution, prefer hardware encoding. Bandwidth-limited: see the network findings in the same window.'] : ['Check decode time and CPU on the receiver, and loss/PLIs in the same window.'],
            zh: s.direction === 'send' ? ['受 CPU 限制：关闭其他程序、降低采集分辨率、优先使用硬件编码。受带宽限制：查看同一时段网络类的诊断结果。'] : ['检查接收端解码耗时和 CPU，以及同一时段的丢包/PLI。'],
          },
          signatureParts: [s.direction, cause || 'unknown'],
        })
      }
    }
    return out
  },
})
