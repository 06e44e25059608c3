/**
 * High CPU: a CPU usage series (SDK logs, system stats) above a limit for several samples; and codec
 * overload, where encoding or decoding one frame takes most of the frame interval (the device cannot
 * keep up even before quality limitation kicks in).
 */
import { defineDetector, hysteresisOf, hysteresisParams, param } from '../define'
import { detectEpisodes, windowStats } from '../episodes'
import { addMetrics, emptyEvidence, metricEvidence, num, span, streamText, type SeriesOwner } from '../evidence'
import type { CallView, FindingDraft, ViewSeries, ViewStream } from '../types'
import { aligner } from '../view'

const params = {
  ...hysteresisParams({ raiseCount: 3, raiseWindow: 5, clearCount: 5, minDurationMs: 10_000, mergeGapMs: 15_000 }),
  cpuPct: param(85, 0, 100, '%', 'CPU usage above this crosses.', 'CPU 占用率高于此值即判为超限。'),
  errorPct: param(95, 0, 100, '%', 'Mean CPU of an episode above this is an error.', '异常时段的平均 CPU 占用率高于此值时，判为错误级。'),
  budgetShare: param(0.8, 0.05, 10, 'ratio', 'Encode/decode time per frame above this share of the frame interval crosses.', '单帧编/解码耗时超过帧间隔的此比例即判为超限。'),
}

type P = Record<keyof typeof params, number>

function cpuOwners(view: CallView): { owner: SeriesOwner; series: ViewSeries }[] {
  const out: { owner: SeriesOwner; series: ViewSeries }[] = []
  for (const e of view.entries) {
    const s = e.series.get('cpu_pct')
    if (s) out.push({ owner: { entryId: e.id, participant: e.participant, series: e.series } as SeriesOwner, series: s })
  }
  for (const c of view.connections) {
    const s = c.series.get('cpu_pct')
    if (s) out.push({ owner: c, series: s })
  }
  return out
}

function overload(view: CallView, s: ViewStream, p: P): FindingDraft[] {
  const metric = s.direction === 'send' ? 'encode_ms' : 'decode_ms'
  const ms = s.series.get(metric)
  if (!ms || s.kind !== 'video') return []
  const fpsAt = aligner(ms, s.series.get('fps'))
  const cross = (i: number) => {
    const x = ms.v[i]!
    const f = fpsAt(i)
    if (!Number.isFinite(x) || !(f >= 1)) return undefined
    return x > (1000 / f) * p.budgetShare
  }
  return detectEpisodes(ms.t, ms.t.length, cross, hysteresisOf(p)).map((e) => {
    const st = windowStats(ms, e.start, e.end)
    const fps = windowStats(s.series.get('fps'), e.start, e.end).mean
    const ev = emptyEvidence()
    addMetrics(ev, metricEvidence(s, metric, e.start, e.end, (1000 / fps) * p.budgetShare), metricEvidence(s, 'fps', e.start, e.end))
    Object.assign(ev.figures, { meanMsPerFrame: Math.round(st.mean * 10) / 10, frameIntervalMs: Math.round(1000 / fps) })
    const who = streamText(s)
    const w = span(view, e.start, e.end)
    const verb = s.direction === 'send' ? { en: 'Encoding', zh: '编码' } : { en: 'Decoding', zh: '解码' }
    return {
      severity: 'warning', code: s.direction === 'send' ? 'encoder-overload' : 'decoder-overload',
      title: s.direction === 'send' ? { en: 'Encoder overloaded', zh: '编码器过载' } : { en: 'Decoder overloaded', zh: '解码器过载' },
      start: e.start, end: e.end, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}),
      evidence: ev,
      explanation: {
        en: `${verb.en} one frame of ${who.en} took ${num(st.mean)} ms ${w.en}, close to or over the ${num(1000 / fps, 0)} ms between frames: the device cannot keep up.`,
        zh: `${who.zh}每帧${verb.zh}耗时 ${num(st.mean)} ms（${w.zh}），接近或超过 ${num(1000 / fps, 0)} ms 的帧间隔：设备性能跟不上。`,
      },
      nextSteps: { en: ['Check CPU load and whether a hardware codec is in use; lower resolution or frame rate.'], zh: ['检查 CPU 负载及是否使用硬件编解码；降低分辨率或帧率。'] },
      signatureParts: [s.direction],
    } satisfies FindingDraft
  })
}

export const highCpu = defineDetector({
  id: 'high-cpu', version: 1, category: 'device',
  title: { en: 'High CPU and codec overload', zh: 'CPU 过高与编解码过载' },
  description: {
    en: 'CPU usage above a limit for several samples; encode/decode time per frame close to the frame interval.',
    zh: 'CPU 占用率在多个采样内持续高于上限；单帧编/解码耗时接近帧间隔。',
  },
  sources: ['anchors §2.1 encoder-cpu-throttling / decoder-cpu-throttling', 'anchors §2.8 averageEncodeTime / averageDecodeTime'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    for (const { owner, series } of cpuOwners(view)) {
      for (const e of detectEpisodes(series.t, series.t.length, (i) => (Number.isFinite(series.v[i]!) ? series.v[i]! > p.cpuPct : undefined), hysteresisOf(p))) {
        const st = windowStats(series, e.start, e.end)
        const ev = emptyEvidence()
        addMetrics(ev, metricEvidence(owner, 'cpu_pct', e.start, e.end, p.cpuPct, series))
        Object.assign(ev.figures, { meanCpuPct: Math.round(st.mean), maxCpuPct: Math.round(st.max) })
        const w = span(view, e.start, e.end)
        out.push({
          severity: st.mean > p.errorPct ? 'error' : 'warning', code: 'high-cpu', title: { en: 'High CPU usage', zh: 'CPU 占用过高' },
          start: e.start, end: e.end, participant: owner.participant, entryId: owner.entryId, ...('streams' in owner ? { connectionKey: owner.key } : {}),
          evidence: ev,
          explanation: { en: `${owner.participant}'s CPU ran at ${num(st.mean, 0)} % on average ${w.en} (peak ${num(st.max, 0)} %): encoding, decoding and audio processing compete for time, causing frame drops and audio glitches.`, zh: `${owner.participant} 的 CPU 在 ${w.zh} 平均占用率为 ${num(st.mean, 0)}%（峰值 ${num(st.max, 0)}%）：编码、解码和音频处理争抢 CPU 时间，导致丢帧和杂音。` },
          nextSteps: { en: ['Close other heavy apps, check thermal throttling on laptops/phones, use hardware codecs, reduce the number of decoded streams.'], zh: ['关闭其他高负载程序，检查笔记本/手机是否发热降频，使用硬件编解码，减少需要解码的流数。'] },
          signatureParts: [],
        })
      }
    }
    for (const s of view.streams) out.push(...overload(view, s, p))
    return out
  },
})
