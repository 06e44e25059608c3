/**
 * Audio concealment on received audio: the share of played samples that NetEq had to synthesise
 * because data was missing, excluding silent concealment (comfort noise during DTX silence is not
 * loss). Many short concealment events per second sound robotic/choppy; few long ones are dropouts.
 * Also time-stretching (samples inserted/removed to resync) above 5 % (webrtc-issue-detector).
 */
import { defineDetector, hysteresisOf, hysteresisParams, param } from '../define'
import { counterDelta, detectEpisodes } from '../episodes'
import { addMetrics, emptyEvidence, metricEvidence, num, span, streamText } from '../evidence'
import type { CallView, FindingDraft, ViewSeries, ViewStream } from '../types'
import { aligner } from '../view'

const params = {
  ...hysteresisParams({ raiseCount: 3, raiseWindow: 5, clearCount: 5, minDurationMs: 3000, mergeGapMs: 10_000 }),
  concealedPct: param(5, 0, 100, '%', 'An interval with more non-silent concealed samples than this crosses.', '非静音补偿样本占比高于此值的区间，判为超限。'),
  errorPct: param(20, 0, 100, '%', 'Mean concealment of an episode at or above this is an error.', '异常时段的平均补偿占比不低于此值时，判为错误级。'),
  roboticEventsPerS: param(3, 0, 100, 'events/s', 'Episodes with at least this many concealment events per second are reported as robotic/choppy audio.', '每秒补偿事件数不低于此值的异常时段，报告为机械音/断续。'),
  stretchPct: param(5, 0, 100, '%', 'Samples inserted or removed to resync above this share cross (webrtc-issue-detector: 5 %).', '为重新同步而插入或删除的样本占比高于此值即判为超限（webrtc-issue-detector：5%）。'),
  minPps: param(5, 0, 1000, 'packets/s', 'Without silent-concealment counters, intervals with fewer packets are ignored (DTX).', '没有静音补偿计数时，包速率低于此值的区间不参与判断（DTX）。'),
}

type P = Record<keyof typeof params, number>

/** Per-interval % of (a − b) over d(total); NaN where unknown. */
function ratioColumn(base: ViewSeries, numer: ViewSeries, sub: ViewSeries | undefined, total: ViewSeries): Float64Array {
  const subAt = aligner(base, sub)
  const totAt = aligner(base, total)
  const out = new Float64Array(base.t.length).fill(NaN)
  let prevSub = NaN
  let prevTot = NaN
  for (let i = 0; i < base.t.length; i++) {
    const s = sub ? subAt(i) : 0
    const tot = totAt(i)
    if (i > 0) {
      const dn = counterDelta(numer.v, i) - (s - prevSub)
      const dt = tot - prevTot
      if (dt > 0 && Number.isFinite(dn)) out[i] = Math.min(100, Math.max(0, (dn / dt) * 100))
    }
    prevSub = s
    prevTot = tot
  }
  return out
}

function concealedColumn(s: ViewStream, p: P): { t: Float64Array; v: Float64Array; silentAware: boolean } | null {
  const concealed = s.series.get('stat.inbound-rtp.concealedSamples')
  const total = s.series.get('stat.inbound-rtp.totalSamplesReceived')
  if (concealed && total) return { t: concealed.t, v: ratioColumn(concealed, concealed, s.series.get('stat.inbound-rtp.silentConcealedSamples'), total), silentAware: !!s.series.get('stat.inbound-rtp.silentConcealedSamples') }
  const pct = s.series.get('concealed_pct')
  if (!pct) return null
  const ppsAt = aligner(pct, s.series.get('packets_per_s'))
  const v = Float64Array.from(pct.v, (x, i) => (ppsAt(i) < p.minPps ? NaN : x))
  return { t: pct.t, v, silentAware: false }
}

function eventsPerSecond(s: ViewStream, from: number, to: number): number {
  const ev = s.series.get('stat.inbound-rtp.concealmentEvents')
  if (!ev) return NaN
  let first = NaN
  let last = NaN
  for (let i = 0; i < ev.t.length; i++) {
    if (ev.t[i]! < from || ev.t[i]! > to || !Number.isFinite(ev.v[i]!)) continue
    if (Number.isNaN(first)) first = ev.v[i]!
    last = ev.v[i]!
  }
  return to > from ? ((last - first) / (to - from)) * 1000 : NaN
}

function episodesOf(view: CallView, s: ViewStream, col: { t: Float64Array; v: Float64Array }, limit: number, p: P, kind: 'concealment' | 'stretch', silentAware: boolean): FindingDraft[] {
  const out: FindingDraft[] = []
  const cross = (i: number) => (Number.isFinite(col.v[i]!) ? col.v[i]! > limit : undefined)
  for (const e of detectEpisodes(col.t, col.t.length, cross, hysteresisOf(p))) {
    let sum = 0
    let n = 0
    let max = 0
    for (let i = e.first; i <= e.last; i++) {
      const x = col.v[i]!
      if (!Number.isFinite(x)) continue
      sum += x
      n++
      max = Math.max(max, x)
    }
    const mean = n ? sum / n : 0
    const rate = kind === 'concealment' ? eventsPerSecond(s, e.start, e.end) : NaN
    const robotic = rate >= p.roboticEventsPerS
    const code = kind === 'stretch' ? 'time-stretch' : robotic ? 'robotic-audio' : 'audio-concealment'
    const ev = emptyEvidence()
    addMetrics(ev, metricEvidence(s, 'concealed_pct', e.start, e.end, kind === 'concealment' ? limit : undefined), metricEvidence(s, 'loss_pct', e.start, e.end), metricEvidence(s, 'jitter_ms', e.start, e.end))
    Object.assign(ev.figures, { meanPct: Math.round(mean * 10) / 10, maxPct: Math.round(max * 10) / 10, concealmentEventsPerS: Number.isFinite(rate) ? Math.round(rate * 10) / 10 : null, silentConcealmentExcluded: silentAware })
    const who = streamText(s)
    const w = span(view, e.start, e.end)
    const en = kind === 'stretch' ? `${who.en} was time-stretched ${w.en}: ${num(mean)} % of samples inserted or removed to keep in sync, heard as speed/pitch wobble.`
      : robotic ? `${who.en} sounded robotic or choppy ${w.en}: ${num(mean)} % of the audio was synthesised (peak ${num(max)} %) in many short patches (${num(rate)} per second).`
        : `${who.en} had dropouts ${w.en}: ${num(mean)} % of the audio was synthesised to hide missing data (peak ${num(max)} %).`
    const zh = kind === 'stretch' ? `${who.zh}在 ${w.zh} 出现时间伸缩：为保持同步插入或删除了 ${num(mean)}% 的样本，听感上语速/音调忽快忽慢。`
      : robotic ? `${who.zh}在 ${w.zh} 出现机械音或断断续续：${num(mean)}% 的音频为补偿合成（峰值 ${num(max)}%），且由大量短片段组成（每秒 ${num(rate)} 次）。`
        : `${who.zh}在 ${w.zh} 出现断音：${num(mean)}% 的音频是为掩盖缺失数据而合成的（峰值 ${num(max)}%）。`
    out.push({
      severity: mean >= p.errorPct ? 'error' : 'warning', code,
      title: code === 'robotic-audio' ? { en: 'Robotic / choppy audio', zh: '机械音/断续音频' } : code === 'time-stretch' ? { en: 'Audio time-stretching', zh: '音频时间伸缩' } : { en: 'Audio concealment (dropouts)', zh: '音频丢包补偿（断音）' },
      start: e.start, end: e.end, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}),
      evidence: ev, explanation: { en, zh },
      nextSteps: {
        en: ['Concealment follows loss and late packets: see the loss and jitter findings for the same stream.', 'Opus in-band FEC or RED reduces concealment under moderate loss.'],
        zh: ['丢包补偿由丢包和迟到的包引起：查看同一条流的丢包和抖动诊断结果。', '在中等丢包下，Opus 带内 FEC 或 RED 可减少丢包补偿。'],
      },
      signatureParts: [code],
    })
  }
  return out
}

export const audioConcealment = defineDetector({
  id: 'audio-concealment', version: 1, category: 'media',
  title: { en: 'Audio concealment and robotic audio', zh: '音频丢包补偿与机械音' },
  description: {
    en: 'Share of received audio synthesised by the jitter buffer (silent concealment during DTX excluded), classified as dropouts or robotic audio; and resync time-stretching.',
    zh: '接收音频中由抖动缓冲合成的部分所占比例（不含 DTX 期间的静音补偿），区分断音与机械音；以及为重新同步而做的时间伸缩。',
  },
  sources: ['anchors §2.1 NetworkMediaSyncIssueDetector (corrected samples > 5 %)', 'anchors §2.8 concealment/deceleration/acceleration percentage', 'W3C webrtc-stats silentConcealedSamples'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    for (const s of view.streams) {
      if (s.kind !== 'audio' || s.direction !== 'recv') continue
      const col = concealedColumn(s, p)
      if (col) out.push(...episodesOf(view, s, col, p.concealedPct, p, 'concealment', col.silentAware))
      const ins = s.series.get('stat.inbound-rtp.insertedSamplesForDeceleration')
      const rem = s.series.get('stat.inbound-rtp.removedSamplesForAcceleration')
      const total = s.series.get('stat.inbound-rtp.totalSamplesReceived')
      if (ins && rem && total) {
        const remAt = aligner(ins, rem)
        const sum: ViewSeries = { t: ins.t, v: Float64Array.from(ins.v, (x, i) => x + remAt(i)), unit: 'count' }
        out.push(...episodesOf(view, s, { t: ins.t, v: ratioColumn(sum, sum, undefined, total) }, p.stretchPct, p, 'stretch', false))
      }
    }
    return out
  },
})
