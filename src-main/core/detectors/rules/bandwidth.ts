/**
 * Bandwidth-estimate collapse: the sender's estimate (availableOutgoingBitrate of the selected pair)
 * falling to a fraction of its recent healthy level, or below a floor while video is being sent
 * (webrtc-issue-detector's outbound-network-throughput). The reference is a trailing mean of healthy
 * samples only, so it holds during a long collapse; the ramp-up at call start is ignored.
 */
import { defineDetector, hysteresisOf, hysteresisParams, param } from '../define'
import { detectEpisodes, windowStats } from '../episodes'
import { addMetrics, emptyEvidence, metricEvidence, num, span } from '../evidence'
import type { CallView, FindingDraft, ViewConnection } from '../types'

const params = {
  ...hysteresisParams({ raiseCount: 3, raiseWindow: 5, clearCount: 5, minDurationMs: 5000, mergeGapMs: 15_000 }),
  dropRatio: param(0.5, 0.01, 1, 'ratio', 'The estimate crosses when below this fraction of its recent healthy level.', '带宽估计低于近期正常水平的此比例时，判为超限。'),
  referenceSamples: param(20, 3, 600, 'samples', 'Healthy samples averaged into the reference level.', '计算参考水平时取平均的正常采样数。'),
  startupGraceMs: param(15_000, 0, 600_000, 'ms', 'The ramp-up after the first sample is ignored.', '首个采样之后的这段时间属于带宽爬升阶段，不做检查。'),
  floorKbps: param(100, 0, 100_000, 'kbps', 'Below this while sending video always crosses (webrtc-issue-detector: 100 kbit/s).', '发送视频期间低于此值即判为超限（webrtc-issue-detector：100 kbit/s）。'),
  errorRatio: param(0.25, 0.01, 1, 'ratio', 'A minimum below this fraction of the reference makes it an error.', '最低值低于参考水平的此比例时，判为错误级。'),
}

function sendsVideo(c: ViewConnection): boolean {
  return c.streams.some((s) => s.kind === 'video' && s.direction === 'send')
}

function collapses(view: CallView, c: ViewConnection, p: Record<keyof typeof params, number>): FindingDraft[] {
  const s = c.series.get('available_outgoing_bitrate')
  if (!s || s.t.length === 0) return []
  const { t, v } = s
  const n = t.length
  const refAt = new Float64Array(n).fill(NaN)
  const ring = new Float64Array(Math.max(3, Math.floor(p.referenceSamples)))
  let len = 0
  let pos = 0
  let sum = 0
  const graceEnd = t[0]! + p.startupGraceMs
  const video = sendsVideo(c)
  const flags = new Int8Array(n) // -1 unknown, 0 quiet, 1 cross
  for (let i = 0; i < n; i++) {
    const x = v[i]!
    const ref = len >= Math.min(ring.length, 5) ? sum / len : NaN
    refAt[i] = ref
    if (!Number.isFinite(x) || x <= 0 || t[i]! < graceEnd) {
      flags[i] = -1
      // the ramp-up still teaches the reference its level once it is high
      if (Number.isFinite(x) && x > 0 && t[i]! >= graceEnd - 5000) push(x)
      continue
    }
    const isCross = (Number.isFinite(ref) && x < ref * p.dropRatio) || (video && x < p.floorKbps)
    flags[i] = isCross ? 1 : 0
    if (!isCross) push(x)
  }
  function push(x: number): void {
    if (len === ring.length) sum -= ring[pos]!
    else len++
    ring[pos] = x
    sum += x
    pos = (pos + 1) % ring.length
  }
  const out: FindingDraft[] = []
  for (const e of detectEpisodes(t, n, (i) => (flags[i] === -1 ? undefined : flags[i] === 1), hysteresisOf(p))) {
    const ref = refAt[e.first]!
    const st = windowStats(s, e.start, e.end)
    const ev = emptyEvidence()
    addMetrics(ev, metricEvidence(c, 'available_outgoing_bitrate', e.start, e.end, Number.isFinite(ref) ? ref * p.dropRatio : p.floorKbps))
    for (const st2 of c.streams) if (st2.direction === 'send' && st2.kind === 'video') addMetrics(ev, metricEvidence(st2, 'bitrate', e.start, e.end))
    Object.assign(ev.figures, { referenceKbps: Math.round(ref), minKbps: Math.round(st.min), meanKbps: Math.round(st.mean) })
    const w = span(view, e.start, e.end)
    const ratio = Number.isFinite(ref) && ref > 0 ? st.min / ref : NaN
    // a real collapse from a healthy level, or a starved link that never had one
    const collapsed = ratio < p.dropRatio && ref >= p.floorKbps * 2
    out.push({
      severity: ratio < p.errorRatio || st.min < p.floorKbps ? 'error' : 'warning', code: collapsed ? 'bwe-collapse' : 'bwe-starved',
      title: collapsed ? { en: 'Bandwidth estimate collapsed', zh: '带宽估计骤降' } : { en: 'Bandwidth too low for video', zh: '带宽不足以发送视频' },
      start: e.start, end: e.end, participant: c.participant, entryId: c.entryId, connectionKey: c.key,
      evidence: ev,
      explanation: collapsed ? {
        en: `${c.participant}'s bandwidth estimate fell ${w.en} from about ${num(ref, 0)} kbps to as low as ${num(st.min, 0)} kbps (${num(st.mean, 0)} kbps on average). The congestion controller saw loss or growing delay on the path and throttled everything ${c.participant} sends.`,
        zh: `${c.participant} 的带宽估计在 ${w.zh} 从约 ${num(ref, 0)} kbps 降到最低 ${num(st.min, 0)} kbps（平均 ${num(st.mean, 0)} kbps）。拥塞控制检测到路径上的丢包或延迟增长，因此压低了 ${c.participant} 发送的全部码率。`,
      } : {
        en: `${c.participant}'s bandwidth estimate stayed under ${p.floorKbps} kbps ${w.en} (${num(st.mean, 0)} kbps on average, as low as ${num(st.min, 0)} kbps) while video was being sent: too little for usable video.`,
        zh: `${c.participant} 的带宽估计在 ${w.zh} 一直低于 ${p.floorKbps} kbps（平均 ${num(st.mean, 0)} kbps，最低 ${num(st.min, 0)} kbps），而此时正在发送视频：带宽不足以支撑可用的视频画质。`,
      },
      nextSteps: {
        en: ['Check RTT and loss in the same window to confirm congestion.', 'Ask what else used the uplink at that time (uploads, other devices, a shared Wi-Fi).'],
        zh: ['查看同一时段的 RTT 与丢包以确认拥塞。', '了解当时是否有其他流量占用上行带宽（上传、其他设备、共享 Wi-Fi）。'],
      },
      signatureParts: [collapsed ? 'collapse' : 'starved'],
    })
  }
  return out
}

export const bandwidthCollapse = defineDetector({
  id: 'bandwidth-collapse', version: 1, category: 'network',
  title: { en: 'Bandwidth-estimate collapse', zh: '带宽估计骤降' },
  description: {
    en: 'The sender\'s available outgoing bitrate falls to a fraction of its recent healthy level, or under a floor while sending video.',
    zh: '发送端可用上行码率降到近期正常水平的一小部分，或发送视频期间低于下限。',
  },
  sources: ['anchors §2.1 AvailableOutgoingBitrateIssueDetector (< 100 kbit/s with video)', 'anchors §2.7 libwebrtc alerts (BWE loss updates)'],
  params,
  run(view, p) {
    return view.connections.flatMap((c) => collapses(view, c, p))
  },
})
