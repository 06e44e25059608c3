/**
 * High round-trip time, absolute (above a conversational limit) or relative (queueing delay building
 * up over the connection's own baseline: bufferbloat, a congested uplink). Read from the selected
 * candidate pair of each connection, else from RTCP (remote-inbound) of one of its streams.
 */
import { defineDetector, hysteresisOf, hysteresisParams, param } from '../define'
import { quantile } from '../../util/quantiles'
import { detectEpisodes, windowStats } from '../episodes'
import { addMetrics, emptyEvidence, metricEvidence, num, span } from '../evidence'
import type { CallView, FindingDraft, ViewConnection, ViewSeries, ViewStream } from '../types'

const params = {
  ...hysteresisParams({ raiseCount: 3, raiseWindow: 5, clearCount: 5, minDurationMs: 5000, mergeGapMs: 10_000 }),
  warnMs: param(300, 0, 10_000, 'ms', 'RTT above this crosses (Sinch: 300 ms; Twilio: 400 ms; webrtc-issue-detector: 250 ms; ITU-T G.114 150 ms one way).', 'RTT 高于此值即判为超限（Sinch：300 ms；Twilio：400 ms；webrtc-issue-detector：250 ms；ITU-T G.114：单向 150 ms）。'),
  errorMs: param(500, 0, 10_000, 'ms', 'Mean RTT of an episode above this makes it an error.', '异常时段的平均 RTT 高于此值时，判为错误级。'),
  riseMs: param(150, 0, 10_000, 'ms', 'RTT this much above the connection\'s baseline (10th percentile) also crosses...', 'RTT 比该连接基线（第 10 百分位数）高出此值……'),
  riseFactor: param(3, 1, 100, '×', '...when it is also at least this multiple of the baseline.', '……且至少为基线的此倍数时，也判为超限。'),
}

interface Owner { series: ViewSeries; conn?: ViewConnection; stream?: ViewStream; participant: string; entryId: string; connectionKey?: string }

function owners(view: CallView): Owner[] {
  const out: Owner[] = []
  for (const c of view.connections) {
    const rtt = c.series.get('rtt_ms')
    if (rtt) {
      out.push({ series: rtt, conn: c, participant: c.participant, entryId: c.entryId, connectionKey: c.key })
      continue
    }
    // No candidate-pair RTT: the RTCP RTT of the stream with the most samples.
    let best: ViewStream | undefined
    for (const s of c.streams) {
      const r = s.series.get('rtt_ms')
      if (r && (!best || r.t.length > best.series.get('rtt_ms')!.t.length)) best = s
    }
    if (best) out.push({ series: best.series.get('rtt_ms')!, stream: best, participant: c.participant, entryId: c.entryId, connectionKey: c.key })
  }
  return out
}

export const highRtt = defineDetector({
  id: 'high-rtt', version: 1, category: 'network',
  title: { en: 'High round-trip time', zh: '往返时延过高' },
  description: {
    en: 'RTT of each connection above a conversational limit, or far above the connection\'s own baseline (queueing delay), for several samples.',
    zh: '每个连接的 RTT 在多个采样内持续高于通话可接受的上限，或远高于该连接自身基线（排队延迟）。',
  },
  sources: ['anchors §2.3 Twilio high-rtt (> 400 ms, 3 of 5)', 'anchors §2.3 Sinch HighRemoteInboundRtt (> 300 ms)', 'anchors §2.1 server-issue (RTT ≥ 250 ms)', 'ITU-T G.114'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    for (const o of owners(view)) {
      const { t, v } = o.series
      const base = quantile(v, 0.1)
      const cross = (i: number) => {
        const x = v[i]!
        if (!Number.isFinite(x) || x <= 0) return undefined
        return x > p.warnMs || (Number.isFinite(base) && x - base > p.riseMs && x > base * p.riseFactor)
      }
      for (const e of detectEpisodes(t, t.length, cross, hysteresisOf(p))) {
        const st = windowStats(o.series, e.start, e.end)
        const isHigh = st.max > p.warnMs
        const ev = emptyEvidence()
        const owner = o.conn ?? o.stream!
        addMetrics(ev, metricEvidence(owner, 'rtt_ms', e.start, e.end, isHigh ? p.warnMs : base + p.riseMs))
        Object.assign(ev.figures, { meanRttMs: Math.round(st.mean), maxRttMs: Math.round(st.max), baselineRttMs: Math.round(base), source: o.conn ? 'candidate-pair' : 'rtcp' })
        const w = span(view, e.start, e.end)
        out.push({
          severity: st.mean > p.errorMs ? 'error' : 'warning', code: isHigh ? 'high-rtt' : 'rtt-rise',
          title: isHigh ? { en: 'High round-trip time', zh: '往返时延过高' } : { en: 'Round-trip time rising (queueing)', zh: '往返时延上升（排队）' },
          start: e.start, end: e.end, participant: o.participant, entryId: o.entryId,
          ...(o.connectionKey ? { connectionKey: o.connectionKey } : {}), ...(o.stream ? { streamKey: o.stream.key } : {}),
          evidence: ev,
          explanation: {
            en: `On ${o.participant}'s connection the round-trip time was ${num(st.mean, 0)} ms on average ${w.en} (peak ${num(st.max, 0)} ms, baseline ${num(base, 0)} ms). ${isHigh ? 'Above ~300 ms people talk over each other and echo cancellation struggles.' : 'A rise this far over the baseline is queueing delay: a link is saturated and its buffer is filling.'}`,
            zh: `${o.participant} 的连接在 ${w.zh} 平均 RTT ${num(st.mean, 0)} ms（峰值 ${num(st.max, 0)} ms，基线 ${num(base, 0)} ms）。${isHigh ? '超过约 300 ms 时双方容易抢话，回声消除效果也会变差。' : '相对基线大幅上升说明存在排队延迟：某段链路已饱和，缓冲区正在堆积。'}`,
          },
          nextSteps: {
            en: [
              'Look for packet loss and a bandwidth-estimate drop in the same window: together they point at congestion.',
              'If the RTT is high for the whole call, check the route: relay (TURN) location, VPN, or a far-away media server.',
            ],
            zh: ['查看同一时段是否有丢包和带宽估计下降：若同时出现，说明是拥塞。', '如果整通通话 RTT 都偏高，检查路由：TURN 中继位置、VPN，或距离较远的媒体服务器。'],
          },
          signatureParts: [isHigh ? 'absolute' : 'relative'],
        })
      }
    }
    return out
  },
})
