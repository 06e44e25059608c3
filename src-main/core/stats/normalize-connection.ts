/**
 * Connection-level figures from transport and candidate-pair stats: RTT and the bandwidth estimate
 * of the selected candidate pair, DTLS state changes, selected-pair changes and the network type of
 * the local candidate in use (Wi-Fi ↔ cellular switches). The selected pair at each transport sample is
 * `selectedCandidatePairId`; without a transport object, the nominated pair that carried most bytes.
 */
import type { CallEvent, ParsedEntry } from '../model/call'
import { changeEvents, pushSeries } from './emit'
import { type ConnectionStats, type StatsObjectHistory, lastValue } from './stats-table'

/** Adds connection-level series and events for one connection. */
export function normalizeConnectionLevel(conn: ConnectionStats, out: ParsedEntry): void {
  const key = conn.connectionKey
  const transports = [...conn.objects.values()].filter((o) => o.type === 'transport')
  for (const tr of transports) {
    changeEvents(tr, 'dtlsState', key, out.events, 'dtls.state', (prev, next) => ({
      severity: next === 'failed' ? 'error' : next === 'closed' ? 'warning' : 'info', message: `DTLS ${prev} → ${next}`,
    }), true)
    changeEvents(tr, 'iceState', key, out.events, 'ice.state', (prev, next) => ({
      severity: next === 'failed' ? 'error' : next === 'disconnected' ? 'warning' : 'info', message: `ICE transport ${prev} → ${next}`,
    }), true)
  }
  const timeline = selectedPairTimeline(conn, transports)
  if (timeline.length === 0) return
  const t: number[] = []
  const rtt: number[] = []
  const aob: number[] = []
  const aib: number[] = []
  let prevPair = ''
  let prevNetwork = ''
  for (const { t: at, pairId } of timeline) {
    const pair = conn.objects.get(pairId)
    if (!pair) continue
    const i = sampleAt(pair, at)
    if (i < 0) continue
    t.push(at)
    rtt.push(num(pair, 'currentRoundTripTime', i) * 1000)
    aob.push(num(pair, 'availableOutgoingBitrate', i) / 1000)
    aib.push(num(pair, 'availableIncomingBitrate', i) / 1000)
    if (pairId !== prevPair) {
      const desc = describePair(conn, pair)
      if (prevPair) {
        out.events.push({
          t: at, type: 'ice.pair-changed', severity: 'warning', connectionKey: key,
          message: `selected candidate pair → ${desc.text}`, data: { pairId, ...desc.data },
        })
      }
      const network = String(desc.data.networkType ?? '')
      if (network && network !== prevNetwork) {
        const ev: CallEvent = {
          t: at, type: prevNetwork ? 'network.switch' : 'network.type', severity: prevNetwork ? 'warning' : 'info',
          connectionKey: key, message: prevNetwork ? `network ${prevNetwork} → ${network}` : `network ${network}`,
          data: { from: prevNetwork || null, to: network },
        }
        out.events.push(ev)
        prevNetwork = network
      }
      prevPair = pairId
    }
  }
  const own = { connectionKey: key }
  pushSeries(out, 'rtt_ms', 'ms', t, Float64Array.from(rtt), own)
  pushSeries(out, 'available_outgoing_bitrate', 'kbps', t, Float64Array.from(aob), own)
  pushSeries(out, 'available_incoming_bitrate', 'kbps', t, Float64Array.from(aib), own)
  const firstPair = conn.objects.get(timeline[0]!.pairId)
  if (firstPair) Object.assign(out.meta, prefixed(`${key}.pair`, describePair(conn, firstPair).data))
}

/** (time, selected pair id) pairs, in time order. */
function selectedPairTimeline(conn: ConnectionStats, transports: StatsObjectHistory[]): { t: number; pairId: string }[] {
  const out: { t: number; pairId: string }[] = []
  for (const tr of transports) {
    const ids = tr.props.get('selectedCandidatePairId')
    if (!ids) continue
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]
      if (typeof id === 'string' && conn.objects.has(id)) out.push({ t: tr.t[i]!, pairId: id })
    }
  }
  if (out.length > 0) return out.sort((a, b) => a.t - b.t)
  // No transport stats (Firefox, Safari, old Chrome): the nominated/succeeded pair with most traffic.
  let best: StatsObjectHistory | undefined
  let bestBytes = -1
  for (const o of conn.objects.values()) {
    if (o.type !== 'candidate-pair') continue
    const nominated = lastValue(o, 'nominated') === true || lastValue(o, 'selected') === true || lastValue(o, 'googActiveConnection') === true
    const bytes = Number(lastValue(o, 'bytesSent') ?? 0) + Number(lastValue(o, 'bytesReceived') ?? 0)
    if ((nominated || best === undefined) && bytes > bestBytes) {
      best = o
      bestBytes = bytes
    }
  }
  return best ? best.t.map((t) => ({ t, pairId: best.id })) : []
}

/** Index of the sample of `obj` at or just before `t` (-1 if none). */
function sampleAt(obj: StatsObjectHistory, t: number): number {
  let lo = 0
  let hi = obj.t.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (obj.t[mid]! <= t) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

function num(obj: StatsObjectHistory, prop: string, i: number): number {
  const v = obj.props.get(prop)?.[i]
  return typeof v === 'number' ? v : NaN
}

function describePair(conn: ConnectionStats, pair: StatsObjectHistory): { text: string; data: Record<string, string> } {
  const local = conn.objects.get(String(lastValue(pair, 'localCandidateId') ?? ''))
  const remote = conn.objects.get(String(lastValue(pair, 'remoteCandidateId') ?? ''))
  const data: Record<string, string> = {}
  const put = (k: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '') data[k] = String(v)
  }
  if (local) {
    put('localType', lastValue(local, 'candidateType'))
    put('protocol', lastValue(local, 'protocol'))
    put('networkType', lastValue(local, 'networkType'))
    put('relayProtocol', lastValue(local, 'relayProtocol'))
    put('localAddress', lastValue(local, 'address') ?? lastValue(local, 'ip'))
  }
  if (remote) {
    put('remoteType', lastValue(remote, 'candidateType'))
    put('remoteAddress', lastValue(remote, 'address') ?? lastValue(remote, 'ip'))
  }
  const text = `${data.localType ?? '?'}/${data.protocol ?? '?'} → ${data.remoteType ?? '?'}${data.networkType ? ` (${data.networkType})` : ''}`
  return { text, data }
}

function prefixed(prefix: string, data: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [`${prefix}.${k}`, v]))
}
