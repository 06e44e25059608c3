/**
 * Jitter-buffer growth on received streams: the playout delay per emitted sample/frame well above the
 * stream's own baseline (or an absolute limit) for several samples, i.e. delay the user hears and sees.
 * Also NetEq's periodic jitter-buffer flushes (audio `jitterBufferFlushes` stepping at a ~4 s cadence,
 * rtcstats-features `hasPeriodicJitterBufferFlushes`), a known pathology distinct from network jitter.
 */
import { defineDetector, hysteresisOf, hysteresisParams, param } from '../define'
import { quantile } from '../../util/quantiles'
import { counterDelta, detectEpisodes, windowStats } from '../episodes'
import { addMetrics, emptyEvidence, metricEvidence, num, span, streamText } from '../evidence'
import type { CallView, FindingDraft, ViewStream } from '../types'

const params = {
  ...hysteresisParams({ raiseCount: 3, raiseWindow: 5, clearCount: 5, minDurationMs: 5000, mergeGapMs: 10_000 }),
  absMs: param(200, 0, 10_000, 'ms', 'Jitter-buffer delay above this always crosses.', '抖动缓冲延迟高于此值即判为超限。'),
  factor: param(3, 1, 100, '×', 'Delay at least this multiple of the stream\'s baseline (25th percentile) crosses...', '延迟达到该流基线（第 25 百分位数）的此倍数……'),
  minRiseMs: param(60, 0, 10_000, 'ms', '...when it is also at least this much above the baseline.', '……且比基线至少高出此值时，判为超限。'),
  errorMs: param(500, 0, 10_000, 'ms', 'Mean delay of an episode above this makes it an error (webrtc-issue-detector: 500 ms).', '异常时段的平均延迟高于此值时，判为错误级（webrtc-issue-detector：500 ms）。'),
  flushPeriodMs: param(4000, 500, 60_000, 'ms', 'Cadence of periodic jitter-buffer flushes.', '抖动缓冲周期性清空的间隔。'),
  flushToleranceMs: param(1200, 0, 60_000, 'ms', 'Allowed deviation from that cadence.', '相对该间隔允许的偏差。'),
  minFlushes: param(3, 2, 1000, 'count', 'Flushes at that cadence needed to report.', '按该间隔出现的清空次数达到此值才报告。'),
}

type P = Record<keyof typeof params, number>

function growth(view: CallView, s: ViewStream, p: P): FindingDraft[] {
  const jb = s.series.get('jb_delay_ms')
  if (!jb) return []
  const base = quantile(jb.v, 0.25)
  const cross = (i: number) => {
    const x = jb.v[i]!
    if (!Number.isFinite(x)) return undefined
    return x > p.absMs || (Number.isFinite(base) && x >= base * p.factor && x - base >= p.minRiseMs)
  }
  const out: FindingDraft[] = []
  for (const e of detectEpisodes(jb.t, jb.t.length, cross, hysteresisOf(p))) {
    const st = windowStats(jb, e.start, e.end)
    const ev = emptyEvidence()
    addMetrics(ev, metricEvidence(s, 'jb_delay_ms', e.start, e.end, Math.min(p.absMs, Math.max(base * p.factor, base + p.minRiseMs))), metricEvidence(s, 'jitter_ms', e.start, e.end), metricEvidence(s, 'jb_target_ms', e.start, e.end))
    Object.assign(ev.figures, { meanDelayMs: Math.round(st.mean), maxDelayMs: Math.round(st.max), baselineMs: Math.round(base) })
    const who = streamText(s)
    const w = span(view, e.start, e.end)
    out.push({
      severity: st.mean > p.errorMs ? 'error' : 'warning', code: 'jitter-buffer-growth', title: { en: 'Jitter buffer grew', zh: '抖动缓冲增大' },
      start: e.start, end: e.end, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}),
      evidence: ev,
      explanation: {
        en: `The jitter buffer of ${who.en} held ${num(st.mean, 0)} ms on average ${w.en} (up to ${num(st.max, 0)} ms) against a baseline of ${num(base, 0)} ms: that much extra delay was added to absorb uneven arrival.`,
        zh: `${who.zh}的抖动缓冲在 ${w.zh} 平均 ${num(st.mean, 0)} ms（最高 ${num(st.max, 0)} ms），基线为 ${num(base, 0)} ms：为吸收不均匀的到达间隔，额外增加了这部分延迟。`,
      },
      nextSteps: {
        en: ['Find the jitter or loss that caused it in the same window (network path).', 'A buffer that stays high after the network recovers points at a receiver-side setting (jitterBufferTarget / playoutDelayHint).'],
        zh: ['在同一时段查找引起缓冲增大的抖动或丢包（网络路径问题）。', '网络恢复后缓冲仍居高不下，说明问题在接收端设置（jitterBufferTarget / playoutDelayHint）。'],
      },
      signatureParts: [s.kind],
    })
  }
  return out
}

function periodicFlushes(view: CallView, s: ViewStream, p: P): FindingDraft[] {
  const f = s.series.get('stat.inbound-rtp.jitterBufferFlushes')
  if (!f || s.kind !== 'audio') return []
  const times: number[] = []
  for (let i = 1; i < f.t.length; i++) if (counterDelta(f.v, i) > 0) times.push(f.t[i]!)
  // longest run of consecutive flush steps at the cadence (±tolerance; a multiple of the cadence between polls counts)
  let best: [number, number] = [0, 0]
  let runStart = 0
  for (let k = 1; k <= times.length; k++) {
    const gap = k < times.length ? times[k]! - times[k - 1]! : Infinity
    const cycles = Math.round(gap / p.flushPeriodMs)
    const ok = cycles >= 1 && cycles <= 3 && Math.abs(gap - cycles * p.flushPeriodMs) <= p.flushToleranceMs * cycles
    if (!ok) {
      if (k - runStart > best[1] - best[0]) best = [runStart, k]
      runStart = k
    }
  }
  const n = best[1] - best[0]
  if (n < p.minFlushes) return []
  const start = times[best[0]]!
  const end = times[best[1] - 1]!
  const ev = emptyEvidence()
  addMetrics(ev, metricEvidence(s, 'stat.inbound-rtp.jitterBufferFlushes', start, end), metricEvidence(s, 'concealed_pct', start, end))
  ev.figures.flushes = n
  const who = streamText(s)
  const w = span(view, start, end)
  return [{
    severity: 'warning', code: 'periodic-flushes', title: { en: 'Periodic jitter-buffer flushes', zh: '周期性抖动缓冲清空' },
    start, end, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}),
    evidence: ev,
    explanation: {
      en: `The audio jitter buffer of ${who.en} was flushed ${n} times at a steady ~${num(p.flushPeriodMs / 1000)} s cadence ${w.en}. This is a known NetEq pathology (usually a sender clock or timestamp problem), heard as regular clicks or dropouts; it is not network jitter.`,
      zh: `${who.zh}的音频抖动缓冲在 ${w.zh} 以约 ${num(p.flushPeriodMs / 1000)} 秒的固定周期被清空了 ${n} 次。这是已知的 NetEq 异常（通常源于发送端时钟或时间戳问题），听感上是规律性的咔哒声或断音，并非网络抖动所致。`,
    },
    nextSteps: {
      en: ['Check the sender\'s audio clock/timestamps (custom audio source, SIP gateway, mixing server).'],
      zh: ['检查发送端的音频时钟/时间戳（自定义音频源、SIP 网关、混音服务器）。'],
    },
    signatureParts: ['audio'],
  }]
}

export const jitterBuffer = defineDetector({
  id: 'jitter-buffer', version: 1, category: 'network',
  title: { en: 'Jitter-buffer growth', zh: '抖动缓冲增大' },
  description: {
    en: 'Playout delay of each received stream well above its own baseline for several samples; and periodic audio jitter-buffer flushes.',
    zh: '每条接收流的播放延迟在多个采样内持续远高于自身基线；以及音频抖动缓冲周期性清空。',
  },
  sources: ['anchors §2.1 network-media-sync-failure (jitterBufferDelay > 500 ms)', 'anchors §2.8 rtcstats-features hasPeriodicJitterBufferFlushes'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    for (const s of view.streams) {
      if (s.direction !== 'recv') continue
      out.push(...growth(view, s, p), ...periodicFlushes(view, s, p))
    }
    return out
  },
})
