/**
 * Video freezes on received streams, from the browser's own freeze accounting (freezeCount and
 * totalFreezesDuration: a frame interval over max(3 × the mean, mean + 150 ms)); without them, from the
 * frame rate collapsing to ~0 while packets still arrive. Freezes closer than the merge gap form one
 * finding; a lone short freeze is not reported (the browser already counts every hiccup).
 */
import { defineDetector, param } from '../define'
import { counterDelta, samplePeriodMs } from '../episodes'
import { addMetrics, dur, emptyEvidence, metricEvidence, span, streamText } from '../evidence'
import type { CallView, FindingDraft, ViewStream } from '../types'
import { aligner } from '../view'

const params = {
  minFreezes: param(2, 1, 1000, 'count', 'A cluster with at least this many freezes is reported...', '一组卡顿的次数达到此值时报告……'),
  minFrozenMs: param(1000, 0, 600_000, 'ms', '...or with at least this much frozen time (webrtc-issue-detector: mean freeze > 1000 ms).', '……或卡顿总时长达到此值时报告（webrtc-issue-detector：平均卡顿时长 > 1000 ms）。'),
  mergeGapMs: param(10_000, 0, 600_000, 'ms', 'Freezes closer than this belong to one cluster.', '间隔小于此值的卡顿归为一组。'),
  errorFrozenMs: param(5000, 0, 600_000, 'ms', 'A cluster with at least this much frozen time is an error.', '一组卡顿的总时长达到此值时，判为错误级。'),
  errorShare: param(0.3, 0, 1, 'ratio', 'A cluster frozen for at least this share of its span is an error (webrtc-issue-detector: 30 %).', '卡顿时长占该组时间跨度的比例达到此值时，判为错误级（webrtc-issue-detector：30%）。'),
  fallbackFps: param(1, 0, 60, 'fps', 'Without freeze counters: an interval under this frame rate while packets arrive counts as frozen.', '没有卡顿计数时：仍在收包但帧率低于此值的区间视为卡顿。'),
}

type P = Record<keyof typeof params, number>

interface Sample { i: number; freezes: number; frozenMs: number }

function frozenSamples(s: ViewStream, p: P): { t: Float64Array; samples: Sample[]; source: string } | null {
  const count = s.series.get('freeze_count')
  const pct = s.series.get('freeze_pct')
  const base = count ?? pct
  if (base) {
    const pctAt = aligner(base, pct)
    const samples: Sample[] = []
    for (let i = 1; i < base.t.length; i++) {
      const dt = base.t[i]! - base.t[i - 1]!
      const freezes = count ? counterDelta(count.v, i) : NaN
      const share = pctAt(i)
      const frozenMs = Number.isFinite(share) ? (share / 100) * dt : 0
      // a freeze spanning two intervals is counted once, where the counter steps
      const n = count ? (Number.isFinite(freezes) ? freezes : 0) : frozenMs > 0 ? 1 : 0
      if (n > 0 || frozenMs >= 100) samples.push({ i, freezes: n, frozenMs })
    }
    return { t: base.t, samples, source: count ? 'freezeCount' : 'totalFreezesDuration' }
  }
  const fps = s.series.get('fps')
  if (!fps) return null
  const ppsAt = aligner(fps, s.series.get('packets_per_s'))
  const samples: Sample[] = []
  let wasPlaying = false
  for (let i = 1; i < fps.t.length; i++) {
    const f = fps.v[i]!
    if (!Number.isFinite(f)) continue
    if (f < p.fallbackFps && wasPlaying && ppsAt(i) > 0) samples.push({ i, freezes: samples.length && samples[samples.length - 1]!.i === i - 1 ? 0 : 1, frozenMs: fps.t[i]! - fps.t[i - 1]! })
    else if (f >= 5) wasPlaying = true
  }
  return { t: fps.t, samples, source: 'fps' }
}

function clusters(view: CallView, s: ViewStream, p: P): FindingDraft[] {
  const got = frozenSamples(s, p)
  if (!got || got.samples.length === 0) return []
  const { t, samples, source } = got
  const groups: Sample[][] = []
  const gap = Math.max(p.mergeGapMs, 1.5 * samplePeriodMs(t))
  for (const x of samples) {
    const g = groups[groups.length - 1]
    if (g && t[x.i]! - t[g[g.length - 1]!.i]! <= gap) g.push(x)
    else groups.push([x])
  }
  const out: FindingDraft[] = []
  for (const g of groups) {
    // a freeze still going on at the cluster's end has not stepped the counter yet: it is one
    const freezes = Math.max(1, g.reduce((a, x) => a + x.freezes, 0))
    const frozenMs = g.reduce((a, x) => a + x.frozenMs, 0)
    if (freezes < p.minFreezes && frozenMs < p.minFrozenMs) continue
    const start = t[g[0]!.i - 1]!
    const end = t[g[g.length - 1]!.i]!
    const share = frozenMs / Math.max(1, end - start)
    const longest = Math.max(...g.map((x) => x.frozenMs))
    const ev = emptyEvidence()
    addMetrics(ev, metricEvidence(s, 'freeze_count', start, end), metricEvidence(s, 'freeze_pct', start, end), metricEvidence(s, 'fps', start - 5000, end + 5000))
    Object.assign(ev.figures, { freezes, frozenMs: Math.round(frozenMs), longestIntervalFrozenMs: Math.round(longest), frozenShare: Math.round(share * 100) / 100, source })
    const who = streamText(s)
    const w = span(view, start, end)
    out.push({
      severity: frozenMs >= p.errorFrozenMs || share >= p.errorShare ? 'error' : 'warning', code: 'video-freeze',
      title: { en: 'Video froze', zh: '视频卡顿' },
      start, end, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}),
      evidence: ev,
      explanation: {
        en: `${who.en} froze ${freezes} time${freezes === 1 ? '' : 's'} ${w.en}, ${dur(frozenMs)} frozen in total (${Math.round(share * 100)} % of that span). A freeze is a frame shown much longer than the frame rate implies: the user saw a still picture.`,
        zh: `${who.zh}在 ${w.zh} 卡顿 ${freezes} 次，累计卡顿 ${dur(frozenMs)}（占该时段的 ${Math.round(share * 100)}%）。卡顿指某一帧的显示时间远超按帧率应有的间隔：用户看到的是静止画面。`,
      },
      nextSteps: {
        en: ['Look for loss, an RTP gap or an ICE disconnect just before each freeze (network), or for high decode time / CPU limitation (receiver device).', 'Many PLIs around the freezes mean lost key-frame data: check NACK/RTX and the sender\'s key-frame interval.'],
        zh: ['查看每次卡顿前是否有丢包、RTP 中断或 ICE 断开（网络原因），或解码耗时高、CPU 受限（接收端设备原因）。', '卡顿前后 PLI 较多，说明关键帧数据丢失：检查 NACK/RTX 以及发送端的关键帧间隔。'],
      },
      signatureParts: [source === 'fps' ? 'fps-fallback' : 'counted'],
    })
  }
  return out
}

export const videoFreeze = defineDetector({
  id: 'video-freeze', version: 1, category: 'media',
  title: { en: 'Video freezes', zh: '视频卡顿' },
  description: {
    en: 'Clusters of freezes on received video (freezeCount / totalFreezesDuration; frame-rate collapse when those are missing).',
    zh: '接收视频中成组出现的卡顿（依据 freezeCount / totalFreezesDuration；缺少这两项时按帧率骤降判断）。',
  },
  sources: ['anchors §2.1 FrozenVideoTrackDetector (freeze ratio > 30 %, mean freeze > 1 s)', 'anchors §2.4 webrtc-inspector freeze_ratio_bad (> 10 %)', 'W3C webrtc-stats freezeCount definition'],
  params,
  run(view, p) {
    return view.streams.filter((s) => s.kind === 'video' && s.direction === 'recv').flatMap((s) => clusters(view, s, p))
  },
})
