/**
 * Disconnect / reconnect cycles: ICE `disconnected` until `connected` again (consent checks lost,
 * usually a network change or an outage), and the SDK's own RECONNECTING state (Agora). Several
 * cycles close together are one reconnect-loop finding, not one per cycle. A disconnect that ends in
 * `failed` belongs to the ICE-failure detector.
 */
import type { CallEvent } from '../../model/call'
import { defineDetector, param } from '../define'
import { addEvents, addMetrics, clock, dur, emptyEvidence, metricEvidence, span } from '../evidence'
import { type StateChange, UP_STATES, iceTimeline, sdkTimeline, stateOf } from '../states'
import type { CallView, FindingDraft, ViewConnection, ViewEntry } from '../types'
import { connectionsOf } from '../view'

const params = {
  loopCount: param(3, 2, 100, 'cycles', 'This many disconnects, each within `loopGapMs` of the previous, are one reconnect loop.', '断开次数达到此值、且相邻两次间隔都不超过 `loopGapMs` 时，合并为一次反复重连。'),
  loopGapMs: param(60_000, 0, 3_600_000, 'ms', 'Maximum gap between disconnects of one loop.', '同一次反复重连中，相邻两次断开的最大间隔。'),
  errorMs: param(10_000, 0, 3_600_000, 'ms', 'A disconnect lasting at least this long is an error.', '断开持续时长达到此值时，判为错误级。'),
}

type P = Record<keyof typeof params, number>
interface Cycle { start: number; end: number; recovered: boolean; events: CallEvent[] }

/** Disconnected → (connected | end) spans; spans ending in `failed` are skipped (ICE failure). */
function cycles(timeline: StateChange[], down: Set<string>, up: Set<string>, endOfData: number): Cycle[] {
  const out: Cycle[] = []
  let open: Cycle | null = null
  let wasUp = false
  for (const c of timeline) {
    if (up.has(c.state)) wasUp = true
    // "disconnected" before ever connecting is failing checks, not a lost connection
    if (down.has(c.state) && !wasUp) continue
    if (down.has(c.state)) {
      if (!open) open = { start: c.t, end: c.t, recovered: false, events: [c.event] }
      else open.events.push(c.event)
    } else if (open && up.has(c.state)) {
      open.end = c.t
      open.recovered = true
      open.events.push(c.event)
      out.push(open)
      open = null
    } else if (open && c.state === 'failed') open = null
    else if (open && c.state === 'closed') {
      // hung up during the outage: unrecovered
      open.end = c.t
      open.events.push(c.event)
      out.push(open)
      open = null
    }
  }
  if (open) {
    open.end = Math.max(open.start, endOfData)
    out.push(open)
  }
  return out
}

function group(list: Cycle[], p: P): Cycle[][] {
  const out: Cycle[][] = []
  for (const c of list) {
    const g = out[out.length - 1]
    if (g && c.start - g[g.length - 1]!.end <= p.loopGapMs) g.push(c)
    else out.push([c])
  }
  return out.flatMap((g) => (g.length >= p.loopCount ? [g] : g.map((c) => [c])))
}

function findings(view: CallView, entry: ViewEntry, conn: ViewConnection | undefined, list: Cycle[], sdk: boolean, p: P): FindingDraft[] {
  const out: FindingDraft[] = []
  for (const g of group(list, p)) {
    const start = g[0]!.start
    const end = g[g.length - 1]!.end
    const loop = g.length > 1
    const recovered = g.every((c) => c.recovered)
    const longest = Math.max(...g.map((c) => c.end - c.start))
    const related = entry.events.filter((e) => (e.type === 'ice.restart' || e.type === 'network.switch' || e.type === 'network.type' || e.type === 'ice.pair-changed' || e.type === 'reconnect')
      && (!conn || !e.connectionKey || e.connectionKey === conn.key) && e.t >= start - 5000 && e.t <= end + 5000)
    const ev = emptyEvidence()
    addEvents(ev, entry.id, [...g.flatMap((c) => c.events), ...related].sort((a, b) => a.t - b.t), 30)
    if (conn) addMetrics(ev, metricEvidence(conn, 'rtt_ms', start - 10_000, end + 10_000), metricEvidence(conn, 'available_outgoing_bitrate', start - 10_000, end + 10_000))
    Object.assign(ev.figures, { cycles: g.length, longestMs: Math.round(longest), recovered, source: sdk ? 'sdk' : 'ice' })
    const w = span(view, start, end)
    const who = entry.participant
    const what = sdk ? { en: 'The SDK connection', zh: 'SDK 连接' } : { en: 'ICE', zh: 'ICE' }
    const en = loop ? `${what.en} of ${who} dropped and came back ${g.length} times ${w.en} (longest ${dur(longest)}): a reconnect loop.`
      : recovered ? `${what.en} of ${who} was disconnected ${w.en} for ${dur(longest)}, then reconnected. Media stops or degrades while connectivity checks fail.`
        : `${what.en} of ${who} was disconnected from ${clock(view, start)} and had not recovered when the connection closed or the log ended.`
    const zh = loop ? `${who} 的${what.zh}在 ${w.zh} 断开又恢复了 ${g.length} 次（最长 ${dur(longest)}）：反复重连。`
      : recovered ? `${who} 的${what.zh}在 ${w.zh} 断开了 ${dur(longest)}，随后重新连上。连通性检查失败期间，媒体会中断或质量变差。`
        : `${who} 的${what.zh}从 ${clock(view, start)} 起断开，直到连接关闭或日志结束都没有恢复。`
    out.push({
      severity: loop || !recovered || longest >= p.errorMs ? 'error' : 'warning',
      code: loop ? 'reconnect-loop' : recovered ? (sdk ? 'sdk-reconnect' : 'ice-disconnect') : 'disconnect-unrecovered',
      title: loop ? { en: 'Reconnect loop', zh: '反复重连' } : { en: sdk ? 'SDK reconnect' : 'ICE disconnected', zh: sdk ? 'SDK 重连' : 'ICE 断开' },
      start, end, participant: who, entryId: entry.id, ...(conn ? { connectionKey: conn.key } : {}),
      evidence: ev, explanation: { en, zh },
      nextSteps: {
        en: ['Look at the events just before: a network switch, Wi-Fi roaming, a new local address or an ICE restart tell why.', 'Loss and RTT climbing before the disconnect mean the path degraded; a clean cut means the path changed or vanished.'],
        zh: ['查看断开前的事件：网络切换、Wi-Fi 漫游、本地地址变化或 ICE 重启可说明原因。', '断开前丢包和 RTT 上升，说明路径在逐渐恶化；突然中断则说明路径发生变化或已失效。'],
      },
      signatureParts: [sdk ? 'sdk' : 'ice', loop ? 'loop' : recovered ? 'recovered' : 'open'],
    })
  }
  return out
}

export const iceDisconnect = defineDetector({
  id: 'ice-disconnect', version: 1, category: 'connectivity',
  title: { en: 'Disconnect / reconnect cycles', zh: '断开与重连' },
  description: {
    en: 'ICE disconnected → connected cycles per connection and SDK RECONNECTING states; close cycles grouped into a reconnect loop.',
    zh: '每个连接的 ICE 断开→恢复周期，以及 SDK 的 RECONNECTING 状态；间隔较近的多次断开合并为反复重连。',
  },
  sources: ['anchors §2.5 peermetrics connection_disconnected, multiple_rejoins', 'anchors §2.3 Voice Insights ice-connectivity-lost', 'anchors §2.4 missed-heartbeat-reconnect-gap'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    for (const entry of view.entries) {
      const end = entry.events.length ? entry.events[entry.events.length - 1]!.t : view.end
      for (const conn of connectionsOf(view, entry)) {
        const tl = iceTimeline(entry.events, conn.key)
        // a disconnect that ends with the connection failing is the ICE/DTLS failure's finding
        const failedAt = entry.events.filter((e) => (e.type === 'pc.state' || e.type === 'ice.state') && e.connectionKey === conn.key && stateOf(e) === 'failed').map((e) => e.t)
        const list = cycles(tl, new Set(['disconnected']), UP_STATES, end).filter((c) => c.recovered || !failedAt.some((t) => t >= c.start && t <= c.end + 1000))
        out.push(...findings(view, entry, conn, list, false, p))
      }
      const sdk = cycles(sdkTimeline(entry.events), new Set(['reconnecting']), new Set(['connected']), end)
      out.push(...findings(view, entry, undefined, sdk, true, p))
    }
    return out
  },
})
