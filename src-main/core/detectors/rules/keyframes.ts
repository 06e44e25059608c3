/**
 * Key-frame storms: picture-loss indications (PLI) and full intra requests (FIR) in most seconds of a
 * stretch. Each request makes the sender encode a large key frame, which costs bitrate and, under
 * loss, tends to trigger more requests. Counted at the receiver (requests sent); a send stream is
 * checked (requests received) only when none of its receivers is in the case, so each request is
 * counted once.
 */
import { defineDetector, hysteresisOf, hysteresisParams, param } from '../define'
import { detectEpisodes } from '../episodes'
import { addMetrics, emptyEvidence, metricEvidence, num, span, streamText } from '../evidence'
import type { FindingDraft, ViewSeries } from '../types'
import { aligner, receiversOf, streamPairs } from '../view'

const params = {
  ...hysteresisParams({ raiseCount: 3, raiseWindow: 5, clearCount: 5, minDurationMs: 5000, mergeGapMs: 10_000 }),
  minPerInterval: param(1, 0, 1000, 'requests', 'An interval with at least this many PLI + FIR crosses.', '区间内 PLI + FIR 请求数不少于此值即判为超限。'),
  minPerMinute: param(12, 0, 10_000, 'requests/min', 'Episodes averaging fewer requests per minute are not storms (with sparse stats, 3 of 5 samples can be a few requests).', '平均每分钟请求数少于此值的异常时段不算风暴（统计稀疏时，5 个采样中有 3 个超限也可能只有寥寥几个请求）。'),
  errorPerMinute: param(60, 0, 10_000, 'requests/min', 'An episode averaging at least this many requests per minute is an error.', '异常时段平均每分钟请求数不少于此值时，判为错误级。'),
}

function countPerInterval(base: ViewSeries, other: ViewSeries | undefined): (i: number) => number {
  const at = aligner(base, other)
  return (i) => {
    if (i === 0) return NaN
    const dt = (base.t[i]! - base.t[i - 1]!) / 1000
    const a = base.v[i]!
    const b = at(i)
    if (!Number.isFinite(a) && !Number.isFinite(b)) return NaN
    return ((Number.isFinite(a) ? a : 0) + (Number.isFinite(b) ? b : 0)) * dt
  }
}

export const keyframeStorm = defineDetector({
  id: 'keyframe-storm', version: 1, category: 'media',
  title: { en: 'Key-frame storm (PLI/FIR)', zh: '关键帧风暴（PLI/FIR）' },
  description: {
    en: 'PLI + FIR requests in most intervals of a stretch of a video stream, counted once per request.',
    zh: '视频流在一段时间内的大多数区间都出现 PLI + FIR 请求（每个请求只计一次）。',
  },
  sources: ['anchors §2.8 rtcstats-features (pliCount, firCount)', 'anchors §2.9 interesting-moment triggers', 'RFC 4585 / RFC 5104 (PLI, FIR)'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    const pairs = streamPairs(view)
    for (const s of view.streams) {
      if (s.kind !== 'video') continue
      if (s.direction === 'send' && receiversOf(view, s, pairs).length > 0) continue
      const pli = s.series.get('pli_per_s')
      const fir = s.series.get('fir_per_s')
      const base = pli ?? fir
      if (!base) continue
      const count = countPerInterval(base, pli ? fir : undefined)
      const counts = new Float64Array(base.t.length)
      for (let i = 0; i < counts.length; i++) counts[i] = count(i)
      const cross = (i: number) => (Number.isFinite(counts[i]!) ? counts[i]! >= p.minPerInterval : undefined)
      for (const e of detectEpisodes(base.t, base.t.length, cross, hysteresisOf(p))) {
        let total = 0
        for (let i = e.first; i <= e.last; i++) if (Number.isFinite(counts[i]!)) total += counts[i]!
        const perMin = (total / Math.max(1, e.end - e.start)) * 60_000
        if (perMin < p.minPerMinute) continue
        const ev = emptyEvidence()
        addMetrics(ev, metricEvidence(s, 'pli_per_s', e.start, e.end), metricEvidence(s, 'fir_per_s', e.start, e.end), metricEvidence(s, 'keyframes_per_s', e.start, e.end), metricEvidence(s, 'loss_pct', e.start, e.end))
        Object.assign(ev.figures, { requests: Math.round(total), perMinute: Math.round(perMin) })
        const who = streamText(s)
        const w = span(view, e.start, e.end)
        const by = s.direction === 'recv' ? { en: `${s.participant} asked for`, zh: `${s.participant} 请求了` } : { en: `${s.participant} was asked for`, zh: `${s.participant} 被请求发送` }
        out.push({
          severity: perMin >= p.errorPerMinute ? 'error' : 'warning', code: 'keyframe-storm', title: { en: 'Key-frame storm', zh: '关键帧风暴' },
          start: e.start, end: e.end, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}),
          evidence: ev,
          explanation: {
            en: `${by.en} ${Math.round(total)} key frames on ${who.en} ${w.en} (${num(perMin, 0)} per minute). Each key frame is several times larger than a normal frame, so the storm eats bandwidth and, under loss, feeds itself.`,
            zh: `${by.zh} ${Math.round(total)} 个关键帧（${who.zh}，${w.zh}，每分钟 ${num(perMin, 0)} 个）。关键帧比普通帧大好几倍，风暴会大量占用带宽，在丢包时还会恶性循环。`,
          },
          nextSteps: {
            en: ['Find the loss or decoder errors that trigger the requests in the same window.', 'Check NACK/RTX are negotiated (recover lost packets instead of asking for a key frame) and, with an SFU, that it throttles PLIs.'],
            zh: ['在同一时段查找触发请求的丢包或解码错误。', '确认已协商 NACK/RTX（靠重传恢复丢包，而不是请求关键帧）；使用 SFU 时，确认其对 PLI 做了限流。'],
          },
          signatureParts: [s.direction],
        })
      }
    }
    return out
  },
})
