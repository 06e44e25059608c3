/**
 * TURN relay and TCP fallback: the selected candidate pair uses a relay candidate (media detours via
 * a TURN server) or TCP/TLS (head-of-line blocking: loss becomes delay and stalls). From the first
 * selected pair (connection meta `pair.*`) and each `ice.pair-changed` event; for captures, from the
 * transport of the conversation's RTP streams (TURN ChannelData/Send indications, TCP framing).
 */
import { defineDetector, param } from '../define'
import { addEvents, clock, emptyEvidence } from '../evidence'
import type { CallView, FindingDraft, ViewConnection, ViewEntry } from '../types'
import type { CallEvent, Scalar } from '../../model/call'
import { connectionsOf } from '../view'

const params = {
  reportUdpRelay: param(1, 0, 1, '0/1', 'Report relayed UDP too (1 = on; TURN over UDP is normal behind symmetric NATs).', '是否也报告 UDP 中继（1 = 开；在对称 NAT 后经 UDP 走 TURN 属正常情况）。'),
}

interface Period { start: number; end: number; data: Record<string, Scalar>; event?: CallEvent }

function classify(d: Record<string, Scalar>): 'tcp' | 'relay-tcp' | 'relay' | null {
  const relay = d.localType === 'relay' || d.remoteType === 'relay'
  const proto = String(d.protocol ?? '').toLowerCase()
  const relayProto = String(d.relayProtocol ?? '').toLowerCase()
  if (relay && (relayProto === 'tcp' || relayProto === 'tls')) return 'relay-tcp'
  if (relay) return 'relay'
  if (proto === 'tcp') return 'tcp'
  return null
}

function periods(view: CallView, entry: ViewEntry, c: ViewConnection): Period[] {
  const first: Record<string, Scalar> = {}
  for (const k in c.meta) if (k.startsWith('pair.')) first[k.slice(5)] = c.meta[k]!
  const changes = entry.events.filter((e) => e.type === 'ice.pair-changed' && e.connectionKey === c.key)
  const all = [...c.series.values(), ...c.streams.flatMap((x) => [...x.series.values()])]
  const end = Math.max(view.start, ...all.map((s) => (s.t.length ? s.t[s.t.length - 1]! : -Infinity)), ...changes.map((e) => e.t))
  const startOf = Math.min(...all.map((s) => (s.t.length ? s.t[0]! : Infinity)), changes[0]?.t ?? Infinity)
  const out: Period[] = []
  if (Object.keys(first).length > 0 && Number.isFinite(startOf)) out.push({ start: startOf, end, data: first })
  for (const e of changes) {
    const prev = out[out.length - 1]
    if (prev) prev.end = e.t
    const data = { ...(e.data ?? {}) }
    // the same kind of path again (another relay pair): one period
    if (prev && classify(prev.data) === classify(data)) prev.end = end
    else out.push({ start: e.t, end, data, event: e })
  }
  // captures: the RTP streams of the conversation say how media travelled (`udp/turn-channel`, `tcp/rfc4571`...)
  const transports = c.streams.map((x) => String(x.meta.transport ?? '')).filter(Boolean)
  if (out.length === 0 && transports.length > 0) {
    const turn = transports.some((x) => x.includes('turn'))
    const tcp = transports.some((x) => x.startsWith('tcp'))
    const proto = tcp ? 'tcp' : 'udp'
    const data: Record<string, Scalar> = { protocol: proto, transport: [...new Set(transports)].join(' '), ...(turn ? { localType: 'relay', relayProtocol: proto } : {}) }
    out.push({ start: startOf, end, data })
  }
  return out
}

export const relayOrTcp = defineDetector({
  id: 'relay-tcp', version: 1, category: 'connectivity',
  title: { en: 'TURN relay or TCP fallback', zh: 'TURN 中继或 TCP 回退' },
  description: {
    en: 'Periods in which media went through a TURN relay or over TCP/TLS instead of direct UDP.',
    zh: '媒体经由 TURN 中继或 TCP/TLS（而非 UDP 直连）传输的时段。',
  },
  sources: ['anchors §2.5 peermetrics turn_used, tcp_used', 'anchors §2.4 candidate_type_flipped', 'anchors §2.8 first selected pair (relayProtocol)'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    for (const entry of view.entries) {
      for (const c of connectionsOf(view, entry)) {
        let flips = 0
        let prevClass: string | null | undefined
        for (const per of periods(view, entry, c)) {
          const cls = classify(per.data)
          if (prevClass !== undefined && cls !== prevClass) flips++
          prevClass = cls
          if (!cls || (cls === 'relay' && p.reportUdpRelay < 1) || !Number.isFinite(per.start)) continue
          const ev = emptyEvidence()
          if (per.event) addEvents(ev, entry.id, [per.event])
          for (const k of ['localType', 'remoteType', 'protocol', 'relayProtocol', 'localAddress', 'remoteAddress', 'networkType', 'transport']) if (per.data[k] !== undefined) ev.figures[k] = per.data[k]!
          const tcp = cls !== 'relay'
          const how = cls === 'relay-tcp' ? { en: `a TURN relay over ${String(per.data.relayProtocol).toUpperCase()}`, zh: `经 ${String(per.data.relayProtocol).toUpperCase()} 的 TURN 中继` }
            : cls === 'relay' ? { en: 'a TURN relay (UDP)', zh: 'TURN 中继（UDP）' } : { en: 'TCP', zh: 'TCP' }
          out.push({
            severity: tcp ? 'warning' : 'info', code: cls === 'relay' ? 'turn-relay' : cls === 'relay-tcp' ? 'turn-tcp' : 'tcp-fallback',
            title: tcp ? { en: 'Media over TCP', zh: '媒体走 TCP' } : { en: 'Media relayed via TURN', zh: '媒体经 TURN 中继' },
            start: per.start, end: per.end, participant: entry.participant, entryId: entry.id, connectionKey: c.key,
            evidence: ev,
            explanation: {
              en: `From ${clock(view, per.start)}, ${entry.participant}'s media went through ${how.en}.${tcp ? ' Over TCP every lost packet is retransmitted in order, so loss turns into delay spikes and stalls instead of short glitches.' : ' A relay adds a detour (RTT) and a server that can congest; it is expected behind symmetric NATs or strict firewalls.'}`,
              zh: `从 ${clock(view, per.start)} 起，${entry.participant} 的媒体经由${how.zh}传输。${tcp ? '走 TCP 时每个丢失的包都要按序重传，丢包会表现为延迟尖峰和卡顿，而不是短暂的瑕疵。' : '中继会绕路（增加 RTT），中继服务器本身也可能拥塞；在对称 NAT 或严格防火墙后属于预期行为。'}`,
            },
            nextSteps: {
              en: tcp ? ['Check whether UDP is blocked on the client network (corporate firewall, proxy); offer TURN over UDP 3478 first.'] : ['Check the TURN server location against both participants and its load at that time.'],
              zh: tcp ? ['检查客户端网络是否屏蔽了 UDP（企业防火墙、代理）；优先提供 UDP 3478 端口的 TURN 服务。'] : ['核对 TURN 服务器相对双方的地理位置，以及其当时的负载。'],
            },
            signatureParts: [cls],
          })
        }
        if (flips >= 2) {
          const changes = entry.events.filter((e) => e.type === 'ice.pair-changed' && e.connectionKey === c.key)
          const ev = emptyEvidence()
          addEvents(ev, entry.id, changes)
          ev.figures.flips = flips
          out.push({
            severity: 'warning', code: 'path-flapping', title: { en: 'Path type flapping', zh: '路径类型反复切换' },
            start: changes[0]?.t ?? view.start, end: changes.at(-1)?.t ?? view.end, participant: entry.participant, entryId: entry.id, connectionKey: c.key, evidence: ev,
            explanation: { en: `${entry.participant}'s media path switched between direct and relayed/TCP ${flips} times (webrtc-inspector candidate_type_flipped).`, zh: `${entry.participant} 的媒体路径在直连与中继/TCP 之间来回切换了 ${flips} 次（webrtc-inspector candidate_type_flipped）。` },
            nextSteps: { en: ['An unstable direct path: look for network switches and disconnects at the same times.'], zh: ['直连路径不稳定：查看同一时刻是否有网络切换或断开。'] },
            signatureParts: [],
          })
        }
      }
    }
    return out
  },
})
