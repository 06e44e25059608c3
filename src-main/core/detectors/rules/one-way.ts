/**
 * One-way media: on a connection that was up, a media kind is never received although the remote
 * description says it is sent (or a receive stream exists), or is never sent although a send stream
 * exists. Judged per kind, not per stream: an SFU signals spare SSRC slots that may stay silent
 * (Meet's three audio slots) and that is normal as long as one stream of the kind flows. When the
 * other side's dump is in the case, its send counters confirm "sent but never received".
 */
import type { CallEvent, MediaKind } from '../../model/call'
import { defineDetector, param } from '../define'
import { addEvents, addMetrics, dur, emptyEvidence, kindText, metricEvidence } from '../evidence'
import type { FindingDraft, ViewConnection, ViewStream } from '../types'
import { entryOf, streamPairs } from '../view'

const params = {
  minConnectedMs: param(10_000, 0, 3_600_000, 'ms', 'The connection must have been up at least this long before missing media is reported.', '连接建立时长达到此值后，才报告缺失的媒体。'),
}

/** Total packets a stream moved: the packet counter when present, else the sum of packets per second × interval. */
export function packetsMoved(s: ViewStream): number {
  const counter = s.series.get(s.direction === 'recv' ? 'stat.inbound-rtp.packetsReceived' : 'stat.outbound-rtp.packetsSent')
  if (counter) {
    let max = 0
    for (let i = 0; i < counter.v.length; i++) if (counter.v[i]! > max) max = counter.v[i]!
    return max
  }
  const pps = s.series.get('packets_per_s')
  if (!pps) return NaN
  let total = 0
  for (let i = 0; i < pps.t.length; i++) {
    const x = pps.v[i]!
    // the first bucket's width is unknown: one second (capture buckets are 1 s)
    if (Number.isFinite(x)) total += (x * (i > 0 ? pps.t[i]! - pps.t[i - 1]! : 1000)) / 1000
  }
  return total
}

/**
 * Media kinds the last description of `type` (`sdp.local` / `sdp.remote`) has with a port and each
 * direction, or null when there is no description.
 */
export function sdpKinds(events: readonly CallEvent[], connectionKey: string, type: 'sdp.local' | 'sdp.remote'): { sends: Set<MediaKind>; receives: Set<MediaKind> } | null {
  let sdp = ''
  for (const e of events) if (e.type === type && e.connectionKey === connectionKey && typeof e.data?.sdp === 'string' && e.data.sdp) sdp = e.data.sdp
  if (!sdp) return null
  const out = { sends: new Set<MediaKind>(), receives: new Set<MediaKind>() }
  for (const section of sdp.split(/\r?\nm=/).slice(1)) {
    const m = /^(audio|video) (\d+)/.exec(section)
    if (!m || m[2] === '0') continue
    const dir = /\na=(sendrecv|sendonly|recvonly|inactive)/.exec(section)?.[1] ?? 'sendrecv'
    if (dir === 'sendrecv' || dir === 'sendonly') out.sends.add(m[1] as MediaKind)
    if (dir === 'sendrecv' || dir === 'recvonly') out.receives.add(m[1] as MediaKind)
  }
  return out
}

/** [first connected, end] of a connection: from its connected events, else its series. */
function upTime(c: ViewConnection, events: readonly CallEvent[]): { from: number; to: number } | null {
  let from = Infinity
  let to = -Infinity
  for (const e of events) {
    if (e.connectionKey !== c.key) continue
    if ((e.type === 'ice.state' || e.type === 'pc.state') && (e.data?.state === 'connected' || e.data?.to === 'connected' || e.data?.state === 'completed')) from = Math.min(from, e.t)
    to = Math.max(to, e.t)
  }
  let firstSample = Infinity
  for (const s of [...c.series.values(), ...c.streams.flatMap((x) => [...x.series.values()])]) {
    if (s.t.length === 0) continue
    firstSample = Math.min(firstSample, s.t[0]!)
    to = Math.max(to, s.t[s.t.length - 1]!)
  }
  if (!Number.isFinite(from)) from = firstSample
  return from < to ? { from, to } : null
}

function finding(c: ViewConnection, kind: MediaKind, side: 'recv' | 'send', up: { from: number; to: number }, streams: ViewStream[], confirm: ViewStream[], sdpEvents: CallEvent[]): FindingDraft {
  const k = kindText(kind)
  const ev = emptyEvidence()
  for (const s of streams) addMetrics(ev, metricEvidence(s, 'packets_per_s', up.from, up.to))
  for (const s of confirm) addMetrics(ev, metricEvidence(s, 'packets_per_s', up.from, up.to))
  addEvents(ev, c.entryId, sdpEvents, 2)
  Object.assign(ev.figures, { kind, streams: streams.length, confirmedByOtherSide: confirm.length > 0, connectedMs: Math.round(up.to - up.from) })
  const confirmed = confirm.length > 0
  const recv = side === 'recv'
  // unconfirmed: an SFU only forwards what someone sends (everybody muted), so it is an error only when
  // the other side's dump shows the media leaving, and a note when other media did arrive on this path
  const otherFlowed = c.streams.some((s) => s.direction === 'recv' && s.kind !== kind && packetsMoved(s) > 0)
  ev.figures.otherMediaArrived = otherFlowed
  return {
    severity: !recv || confirmed ? 'error' : otherFlowed ? 'info' : 'warning', code: recv ? 'nothing-received' : 'nothing-sent',
    title: recv ? { en: `No ${k.en} received`, zh: `未收到${k.zh}` } : { en: `No ${k.en} sent`, zh: `未发送${k.zh}` },
    start: up.from, end: up.to, participant: c.participant, entryId: c.entryId, connectionKey: c.key,
    ...(streams[0] ? { streamKey: streams[0].key } : {}),
    evidence: ev,
    explanation: recv ? {
      en: `${c.participant} received no ${k.en} packets during ${dur(up.to - up.from)} of connection although the other side ${confirmed ? `sent them (its dump shows ${k.en} going out): one-way ${k.en}` : `negotiated sending it${otherFlowed ? '; other media did arrive on this path, so most likely nobody sent any (muted, no track)' : ' and nothing else arrived either'}`}.`,
      zh: `${c.participant} 在连接建立后的 ${dur(up.to - up.from)} 内没有收到任何${k.zh}数据包，而对端${confirmed ? `确实发送了（对端日志显示${k.zh}已发出）：${k.zh}单向不通` : `协商了发送${otherFlowed ? '；该路径上其他媒体正常到达，因此最可能是对端根本没有发送（已静音、无轨道）' : '，且其他媒体也没有到达'}`}。`,
    } : {
      en: `${c.participant} has a ${k.en} sender on this connection but sent no ${k.en} packets during ${dur(up.to - up.from)} of connection.`,
      zh: `${c.participant} 在该连接上有${k.zh}发送器，但连接建立后的 ${dur(up.to - up.from)} 内没有发送任何${k.zh}数据包。`,
    },
    nextSteps: recv ? {
      en: ['If the sender did send: a firewall/NAT or an SFU forwarding rule drops this direction; check the selected candidate pair and the SFU subscription.', 'If not: check the sender\'s track (muted at source, no permission, replaceTrack(null)).'],
      zh: ['若对端确实发送了：防火墙/NAT 或 SFU 转发规则丢弃了这个方向的媒体；检查选中的候选对与 SFU 订阅关系。', '若对端没有发送：检查发送端轨道（采集端静音、无权限、replaceTrack(null)）。'],
    } : {
      en: ['Check the local track: getUserMedia errors, a disabled or ended track, replaceTrack(null), or a sender with no track.'],
      zh: ['检查本地轨道：getUserMedia 错误、轨道被禁用或已结束、replaceTrack(null)、发送器未绑定轨道。'],
    },
    signatureParts: [kind, confirmed ? 'confirmed' : 'unconfirmed'],
  }
}

export const oneWayMedia = defineDetector({
  id: 'one-way-media', version: 1, category: 'network',
  title: { en: 'One-way media', zh: '单向媒体' },
  description: {
    en: 'A media kind never received (though negotiated or sent by the other side) or never sent (though a sender exists) on a connection that was up.',
    zh: '连接建立期间，某类媒体从未收到（尽管已协商或对端在发送），或从未发送（尽管存在发送器）。',
  },
  sources: ['anchors §2.6 callstats one-way audio', 'anchors §2.5 peermetrics no_connection', 'anchors §2.1 MissingStreamDataDetector'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    const pairs = streamPairs(view)
    for (const c of view.connections) {
      const events = entryOf(view, c.entryId)?.events ?? []
      const up = upTime(c, events)
      if (!up || up.to - up.from < p.minConnectedMs) continue
      const remote = sdpKinds(events, c.key, 'sdp.remote')
      const local = sdpKinds(events, c.key, 'sdp.local')
      const sdpEvents = events.filter((e) => e.type === 'sdp.remote' && e.connectionKey === c.key).slice(-1)
      for (const kind of ['audio', 'video'] as const) {
        const recv = c.streams.filter((s) => s.direction === 'recv' && s.kind === kind)
        const moved = recv.map(packetsMoved)
        const anyKnown = moved.some((x) => Number.isFinite(x))
        const received = moved.some((x) => x > 0)
        const senders = pairs.filter((x) => recv.includes(x.receiver)).map((x) => x.sender).filter((s) => packetsMoved(s) > 0)
        // with descriptions, they decide (old Chrome lists inbound streams for send-only connections);
        // without, an existing receive stream means media was expected
        const negotiated = remote ? remote.sends.has(kind) && (!local || local.receives.has(kind)) : recv.length > 0 && anyKnown
        const expected = negotiated || senders.length > 0
        if (expected && !received && (recv.length === 0 || anyKnown)) out.push(finding(c, kind, 'recv', up, recv, senders, sdpEvents))
        const send = c.streams.filter((s) => s.direction === 'send' && s.kind === kind)
        const sent = send.map(packetsMoved)
        if (send.length > 0 && sent.every((x) => x === 0)) out.push(finding(c, kind, 'send', up, send, [], []))
      }
    }
    return out
  },
})
