/**
 * Jitsi server-side rtcstats samples (jvb / jicofo / jigasi `.jsonl`: `{statsSessionId, type, data}`
 * lines). Identity lines give meta and participant join/leave events; `stats-entry` deltas are merged
 * into a running state, from which JVB per-endpoint RTT, receive bitrate and bandwidth estimate and
 * the jicofo participant count are kept. Everything else is summarised in one diagnostic.
 */
import type { CallEvent, ParsedEntry, Scalar } from '../../model/call'
import { ratePerSecond, scaled } from '../../stats/derive'
import { pushSeries } from '../../stats/emit'

interface EndpointSeries { participant?: string; t: number[]; rtt: number[]; rxBytes: number[]; bwe: number[] }

/** True for a first line that looks like a jitsi server-side sample. */
export function isServerSampleLine(obj: Record<string, unknown>): boolean {
  return typeof obj.statsSessionId === 'string' && (obj.type === 'identity' || obj.type === 'stats-entry')
}

export class JitsiServerSamples {
  private state: Record<string, unknown> = {}
  private lastTime: number | undefined
  private pending: Omit<CallEvent, 't'>[] = []
  private endpointsSeen: string[] = []
  private endpoints = new Map<string, EndpointSeries>()
  private participantCount: { t: number[]; v: number[] } = { t: [], v: [] }
  private app = ''
  private statsEntries = 0
  private identities = 0

  constructor(private readonly entry: ParsedEntry) {}

  /** One parsed line. */
  push(obj: Record<string, unknown>, line: number): void {
    if (obj.type === 'identity') this.identity(obj.data, line)
    else if (obj.type === 'stats-entry') this.statsEntry(obj.data, line)
    else this.entry.diagnostics.push({ severity: 'warning', line, message: `server sample of unknown type ${JSON.stringify(obj.type)} ignored` })
  }

  private identity(raw: unknown, line: number): void {
    if (typeof raw !== 'object' || raw === null) return
    this.identities++
    const d = raw as Record<string, unknown>
    const meta = this.entry.meta
    for (const k of ['applicationName', 'confName', 'confID', 'confUrl', 'meetingUniqueId']) {
      const v = d[k]
      if (typeof v === 'string') meta[`identity.${k}`] = v
    }
    if (typeof d.displayName === 'string') meta.server = d.displayName
    if (typeof d.applicationName === 'string') this.app = d.applicationName
    const nested = d.data
    if (typeof nested === 'object' && nested !== null) {
      for (const [k, v] of Object.entries(nested as Record<string, unknown>)) if (typeof v === 'string' || typeof v === 'number') meta[`identity.data.${k}`] = v
    }
    if (Array.isArray(d.endpoints)) {
      const now = d.endpoints.map(String)
      for (const ep of now.filter((e) => !this.endpointsSeen.includes(e))) this.event({ type: 'participant.join', severity: 'info', message: `${ep} joined`, line, data: { endpoint: ep } })
      for (const ep of this.endpointsSeen.filter((e) => !now.includes(e))) this.event({ type: 'participant.leave', severity: 'info', message: `${ep} left`, line, data: { endpoint: ep } })
      this.endpointsSeen = now
    }
  }

  private event(ev: Omit<CallEvent, 't'>): void {
    if (this.lastTime !== undefined) this.entry.events.push({ ...ev, t: this.lastTime })
    else this.pending.push(ev)
  }

  private statsEntry(raw: unknown, line: number): void {
    let delta: unknown = raw
    if (typeof raw === 'string') {
      try {
        delta = JSON.parse(raw)
      } catch {
        this.entry.diagnostics.push({ severity: 'warning', line, message: 'stats-entry data is not valid JSON; skipped' })
        return
      }
    }
    if (typeof delta !== 'object' || delta === null || Array.isArray(delta)) return
    this.statsEntries++
    deepMerge(this.state, delta as Record<string, unknown>)
    const t = (delta as { timestamp?: unknown }).timestamp
    if (typeof t !== 'number' || !Number.isFinite(t)) return
    this.lastTime = t
    for (const ev of this.pending.splice(0)) this.entry.events.push({ ...ev, t })
    this.sampleEndpoints(t)
    const count = this.state.participant_count
    if (typeof count === 'number') {
      this.participantCount.t.push(t)
      this.participantCount.v.push(count)
    }
  }

  /** JVB: one sample per endpoint at each stats time. */
  private sampleEndpoints(t: number): void {
    const eps = this.state.endpoints
    if (typeof eps !== 'object' || eps === null) return
    for (const [id, raw] of Object.entries(eps as Record<string, unknown>)) {
      if (typeof raw !== 'object' || raw === null) continue
      const ep = raw as Record<string, unknown>
      if (ep.expired === true) continue
      let s = this.endpoints.get(id)
      if (!s) this.endpoints.set(id, (s = { t: [], rtt: [], rxBytes: [], bwe: [] }))
      if (typeof ep.statsId === 'string') s.participant = ep.statsId
      const tr = obj(ep.transceiver)
      s.t.push(t)
      s.rtt.push(numAt(tr, ['endpointConnectionStats', 'rtt']))
      s.rxBytes.push(numAt(tr, [`RTP receiver ${id}`, 'Packet handler stats', 'received_bytes']))
      s.bwe.push(numAt(tr, [`RTP sender ${id}`, 'Bandwidth Estimation', 'currentEstimate']))
    }
  }

  /** Emits connections, series and the summary diagnostic. */
  finish(): void {
    const e = this.entry
    const app = this.app || 'jitsi server'
    e.format = `rtcstats/jitsi-server${this.app ? `-${this.app.toLowerCase()}` : ''}`
    e.meta.statsFormat = 'jitsi-server-sample'
    for (const [id, s] of this.endpoints) {
      const key = `${app}/${id}`
      const meta: Record<string, Scalar> = { endpointId: id }
      e.connections.push({ key, label: `${app} endpoint ${s.participant ?? id}`, meta, ...(s.participant ? { participant: s.participant } : {}) })
      const own = { connectionKey: key }
      pushSeries(e, 'rtt_ms', 'ms', s.t, Float64Array.from(s.rtt), own)
      pushSeries(e, 'bitrate', 'kbps', s.t, ratePerSecond(s.t, Float64Array.from(s.rxBytes), 8 / 1000), own)
      pushSeries(e, 'available_outgoing_bitrate', 'kbps', s.t, scaled(Float64Array.from(s.bwe), 1 / 1000), own)
    }
    pushSeries(e, 'stat.jicofo.participant_count', 'count', this.participantCount.t, Float64Array.from(this.participantCount.v), {})
    if (this.pending.length > 0) {
      e.diagnostics.push({ severity: 'info', message: `${this.pending.length} identity record(s) carry no time and no stats-entry gives one: kept as metadata only` })
    }
    e.diagnostics.push({
      severity: 'info',
      message: `${app} server-side sample: ${this.identities} identity and ${this.statsEntries} stats-entry records; kept participant join/leave events`
        + `${this.endpoints.size ? `, per-endpoint RTT, receive bitrate and bandwidth estimate for ${this.endpoints.size} endpoint(s)` : ''}`
        + `${this.participantCount.t.length ? ', participant count' : ''}; other server statistics are not mapped`,
    })
    e.events.sort((a, b) => a.t - b.t)
  }
}

function deepMerge(into: Record<string, unknown>, delta: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(delta)) {
    const cur = into[k]
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof cur === 'object' && cur !== null && !Array.isArray(cur)) {
      deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>)
    } else {
      into[k] = v
    }
  }
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined
}

function numAt(root: Record<string, unknown> | undefined, path: string[]): number {
  let cur: unknown = root
  for (const p of path) cur = obj(cur)?.[p]
  return typeof cur === 'number' && Number.isFinite(cur) ? cur : NaN
}
