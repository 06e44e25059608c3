/**
 * Network switches (Wi-Fi ↔ cellular, LAN → Wi-Fi, a new access network): the network type of the
 * local candidate in use changing, the SDK reporting a network type change or a client IP change, or
 * the selected pair moving to a different local (non-relay) address. Signals close in time (the new interface's
 * candidates, the ICE restart, the pair change) are one switch, reported once with all of them.
 */
import type { CallEvent, Scalar } from '../../model/call'
import { defineDetector, param } from '../define'
import { addEvents, addMetrics, emptyEvidence, metricEvidence, span } from '../evidence'
import type { FindingDraft, ViewConnection, ViewEntry } from '../types'
import { UP_STATES, stateOf } from '../states'
import { connectionsOf } from '../view'

const params = {
  clusterGapMs: param(10_000, 0, 600_000, 'ms', 'Signals of a switch closer than this are one switch.', '间隔小于此值的多个切换信号视为同一次切换。'),
}

const CELLULAR = /cell|mobile|lte|wwan|\b[2-5]g\b|_[2-5]g/i
const UNKNOWN = /^(|unknown|unkown|network_unkown|network_unknown|-1|none|null|disconnected|0)$/i

interface Signal { t: number; from: string; to: string; decisive: boolean; event: CallEvent; connectionKey?: string }

function text(v: Scalar | undefined): string {
  return v === undefined || v === null ? '' : String(v)
}

function signals(entry: ViewEntry, conns: ViewConnection[]): Signal[] {
  const out: Signal[] = []
  // a relay candidate's address is the TURN server's, not the device's: such pairs say nothing about the local network
  const prevPair = new Map<string, { address: string; network: string }>()
  for (const c of conns) prevPair.set(c.key, { address: c.meta['pair.localType'] === 'relay' ? '' : text(c.meta['pair.localAddress']), network: text(c.meta['pair.networkType']) })
  const firstUp = new Map<string, number>()
  const seen = new Set<string>(conns.map((c) => text(c.meta['pair.localAddress'])).filter(Boolean))
  for (const e of entry.events) {
    const key = e.connectionKey ?? ''
    if ((e.type === 'ice.state' || e.type === 'pc.state') && UP_STATES.has(stateOf(e)) && !firstUp.has(key)) firstUp.set(key, e.t)
    if (e.type === 'network.switch' || e.type === 'network.type') {
      const from = text(e.data?.from)
      const to = text(e.data?.to)
      if (!UNKNOWN.test(from) && !UNKNOWN.test(to) && from.toLowerCase() !== to.toLowerCase()) out.push({ t: e.t, from, to, decisive: true, event: e, ...(e.connectionKey ? { connectionKey: e.connectionKey } : {}) })
    } else if (e.type === 'ice.pair-changed' && e.connectionKey) {
      const prev = prevPair.get(e.connectionKey) ?? { address: '', network: '' }
      const address = e.data?.localType === 'relay' ? '' : text(e.data?.localAddress)
      const network = text(e.data?.networkType)
      if (address && prev.address && address !== prev.address) {
        out.push({ t: e.t, from: `${prev.address}${prev.network ? ` (${prev.network})` : ''}`, to: `${address}${network ? ` (${network})` : ''}`, decisive: true, event: e, connectionKey: e.connectionKey })
      }
      prevPair.set(e.connectionKey, { address: address || prev.address, network: network || prev.network })
    } else if (e.type === 'sdk.state' && String(e.data?.reason ?? '') === '13') {
      out.push({ t: e.t, from: '', to: '', decisive: true, event: e })
    } else if (e.type === 'ice.candidate' && e.data?.side === 'local') {
      const address = text(e.data?.address)
      const up = firstUp.get(key)
      if (address && !seen.has(address) && up !== undefined && e.t > up + 2000) out.push({ t: e.t, from: '', to: address, decisive: false, event: e, ...(e.connectionKey ? { connectionKey: e.connectionKey } : {}) })
      if (address) seen.add(address)
    }
  }
  return out.sort((a, b) => a.t - b.t)
}

export const networkSwitch = defineDetector({
  id: 'network-switch', version: 1, category: 'connectivity',
  title: { en: 'Network switches', zh: '网络切换' },
  description: {
    en: 'The local network in use changed (type, SDK network change, client IP change, or the selected pair moving to another local address); one finding per switch.',
    zh: '所用本地网络发生变化（网络类型变化、SDK 报告网络变化或客户端 IP 变化、选中候选对换到另一个本地地址）；每次切换生成一条诊断结果。',
  },
  sources: ['anchors §2.8 rtcstats-features first selected pair networkType, iceRestart', 'Agora CONNECTION_CHANGED_CLIENT_IP_ADDRESS_CHANGED (13)', 'W3C webrtc-stats RTCIceCandidateStats.networkType'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    for (const entry of view.entries) {
      const conns = connectionsOf(view, entry)
      const groups: Signal[][] = []
      for (const s of signals(entry, conns)) {
        const g = groups[groups.length - 1]
        if (g && s.t - g[g.length - 1]!.t <= p.clusterGapMs) g.push(s)
        else groups.push([s])
      }
      for (const g of groups) {
        const decisive = g.filter((s) => s.decisive)
        if (decisive.length === 0) continue
        const start = g[0]!.t
        const end = g[g.length - 1]!.t
        const typed = decisive.find((s) => s.event.type !== 'ice.pair-changed' && s.from) ?? decisive.find((s) => s.from) ?? decisive[0]!
        const cellular = g.some((s) => CELLULAR.test(s.from) || CELLULAR.test(s.to))
        const connectionKey = g.find((s) => s.connectionKey)?.connectionKey
        const conn = conns.find((c) => c.key === connectionKey)
        const around = entry.events.filter((e) => (e.type === 'ice.state' || e.type === 'ice.restart' || e.type === 'reconnect' || e.type === 'sdk.state') && e.t >= start - 5000 && e.t <= end + 5000 && (!connectionKey || !e.connectionKey || e.connectionKey === connectionKey))
        const ev = emptyEvidence()
        addEvents(ev, entry.id, [...g.map((s) => s.event), ...around].sort((a, b) => a.t - b.t), 30)
        if (conn) addMetrics(ev, metricEvidence(conn, 'rtt_ms', start - 15_000, end + 15_000))
        const newAddresses = g.filter((s) => !s.decisive).map((s) => s.to)
        Object.assign(ev.figures, { from: typed.from || null, to: typed.to || null, cellular, newLocalAddresses: newAddresses.join(' ') || null, signals: g.length })
        const w = span(view, start, end)
        const change = typed.from ? { en: `from ${typed.from} to ${typed.to}`, zh: `从 ${typed.from} 切换到 ${typed.to}` } : { en: '(the SDK reported a client IP change)', zh: '（SDK 报告客户端 IP 变化）' }
        const disconnected = around.some((e) => e.type === 'ice.state' && stateOf(e) === 'disconnected')
        out.push({
          severity: 'warning', code: cellular ? 'wifi-cellular-switch' : typed.event.type === 'ice.pair-changed' ? 'local-address-change' : 'network-type-switch',
          title: cellular ? { en: 'Switched between Wi-Fi and cellular', zh: 'Wi-Fi 与蜂窝网络切换' } : { en: 'Network switch', zh: '网络切换' },
          start, end, participant: entry.participant, entryId: entry.id, ...(connectionKey ? { connectionKey } : {}),
          evidence: ev,
          explanation: {
            en: `${entry.participant}'s device changed network ${w.en}: ${change.en}${newAddresses.length ? `; new local address${newAddresses.length > 1 ? 'es' : ''} ${newAddresses.join(', ')} appeared` : ''}.${disconnected ? ' ICE lost connectivity during the switch and had to find a new path, which interrupts media.' : ''}`,
            zh: `${entry.participant} 的设备在 ${w.zh} 更换了网络：${change.zh}${newAddresses.length ? `；出现新的本地地址 ${newAddresses.join('，')}` : ''}。${disconnected ? '切换期间 ICE 失去连通，需要重新寻找路径，媒体因此中断。' : ''}`,
          },
          nextSteps: {
            en: ['Expect a short interruption per switch; many switches mean an unstable Wi-Fi (roaming between access points) or a device flipping to cellular.', 'Check the app restarts ICE promptly on network change (and that TURN is available on the new network).'],
            zh: ['每次切换都会造成短暂中断；频繁切换说明 Wi-Fi 不稳定（在多个 AP 间漫游）或设备反复切到蜂窝网络。', '确认应用在网络变化后及时执行 ICE 重启（且新网络下 TURN 可用）。'],
          },
          signatureParts: [cellular ? 'cellular' : 'other', disconnected ? 'with-disconnect' : 'seamless'],
        })
      }
    }
    return out
  },
})
