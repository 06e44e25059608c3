/**
 * Network jitter (RFC 3550 interarrival jitter) of received streams above a per-kind limit for
 * several samples. Video jitter runs higher than audio by nature (a frame's packets share one
 * timestamp), so it has its own limit. A sent stream is checked from its receiver report only when
 * the receiver's dump is absent (one cause, reported once).
 */
import { defineDetector, hysteresisOf, hysteresisParams, param } from '../define'
import { detectEpisodes, windowStats } from '../episodes'
import { addMetrics, emptyEvidence, metricEvidence, num, span, streamText } from '../evidence'
import type { FindingDraft } from '../types'
import { aligner, receiversOf, streamPairs } from '../view'

const params = {
  ...hysteresisParams({ raiseCount: 3, raiseWindow: 5, clearCount: 5, minDurationMs: 3000, mergeGapMs: 10_000 }),
  audioMs: param(30, 0, 5000, 'ms', 'Audio jitter above this crosses (Twilio high-jitter and Sinch HighInboundJitter: 30 ms).', '音频抖动高于此值即判为超限（Twilio high-jitter、Sinch HighInboundJitter：30 ms）。'),
  videoMs: param(60, 0, 5000, 'ms', 'Video jitter above this crosses.', '视频抖动高于此值即判为超限。'),
  errorMs: param(100, 0, 5000, 'ms', 'Mean jitter of an episode above this makes it an error (webrtc-issue-detector: 200 ms).', '异常时段的平均抖动高于此值时，判为错误级（webrtc-issue-detector：200 ms）。'),
  minPps: param(5, 0, 1000, 'packets/s', 'Intervals with fewer packets are ignored (DTX).', '包速率低于此值的区间不参与判断（DTX）。'),
}

export const jitter = defineDetector({
  id: 'jitter', version: 1, category: 'network',
  title: { en: 'High network jitter', zh: '网络抖动过高' },
  description: {
    en: 'Interarrival jitter of each received stream above a limit (audio and video apart) for several samples.',
    zh: '每条接收流的到达间隔抖动在多个采样内持续高于上限（音频、视频分别设定）。',
  },
  sources: ['anchors §2.3 Twilio high-jitter (> 30 ms, 3 of 5)', 'anchors §2.3 Sinch HighInboundJitter (> 30 ms in 3 of 4)', 'anchors §2.1 InboundNetworkIssueDetector (jitter ≥ 200 ms)'],
  params,
  run(view, p) {
    const pairs = streamPairs(view)
    const out: FindingDraft[] = []
    for (const s of view.streams) {
      if (s.direction === 'send' && receiversOf(view, s, pairs).length > 0) continue
      const j = s.series.get('jitter_ms')
      if (!j) continue
      const limit = s.kind === 'audio' ? p.audioMs : p.videoMs
      const ppsAt = aligner(j, s.series.get('packets_per_s'))
      const cross = (i: number) => {
        const x = j.v[i]!
        if (!Number.isFinite(x) || ppsAt(i) < p.minPps) return undefined
        return x > limit
      }
      for (const e of detectEpisodes(j.t, j.t.length, cross, hysteresisOf(p))) {
        const st = windowStats(j, e.start, e.end)
        const ev = emptyEvidence()
        addMetrics(ev, metricEvidence(s, 'jitter_ms', e.start, e.end, limit), metricEvidence(s, 'jb_delay_ms', e.start, e.end))
        Object.assign(ev.figures, { meanJitterMs: Math.round(st.mean), maxJitterMs: Math.round(st.max) })
        const who = streamText(s)
        const w = span(view, e.start, e.end)
        out.push({
          severity: st.mean > p.errorMs ? 'error' : 'warning', code: 'high-jitter', title: { en: 'High network jitter', zh: '网络抖动过高' },
          start: e.start, end: e.end, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}),
          evidence: ev,
          explanation: {
            en: `Packets of ${who.en} arrived unevenly ${w.en}: jitter ${num(st.mean, 0)} ms on average, up to ${num(st.max, 0)} ms (limit ${limit} ms). The jitter buffer grows to absorb it, which adds delay; what it cannot absorb is concealed or dropped.`,
            zh: `${who.zh}的数据包在 ${w.zh} 到达间隔不均匀：平均抖动 ${num(st.mean, 0)} ms，最高 ${num(st.max, 0)} ms（上限 ${limit} ms）。抖动缓冲会增大以吸收抖动，从而增加延迟；吸收不了的部分会被丢包补偿掩盖或直接丢弃。`,
          },
          nextSteps: {
            en: ['Jitter with loss and rising RTT means congestion; jitter alone often means Wi-Fi contention or a busy CPU on the sending side.', 'Compare with the other streams of the same connection: if all show it, it is the network path.'],
            zh: ['抖动伴随丢包和 RTT 上升，说明存在拥塞；只有抖动时，常见原因是 Wi-Fi 信道争用或发送端 CPU 繁忙。', '与同一连接上的其他流对比：若都出现抖动，问题在网络路径。'],
          },
          signatureParts: [s.kind, s.direction],
        })
      }
    }
    return out
  },
})
