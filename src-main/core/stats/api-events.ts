/**
 * Maps PeerConnection API calls and callbacks (webrtc-internals `updateLog` entries and rtcstats
 * method lines share the same vocabulary) to typed call events. Unknown API names are kept as
 * `signaling.state`-lane info events only when they carry a failure; routine calls are dropped.
 */
import type { CallEvent, Scalar } from '../model/call'

/** Chrome may JSON-quote state values (`"\"connected\""`): unquote them. */
export function unquote(value: string): string {
  const v = value.trim()
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(v)
      if (typeof parsed === 'string') return parsed
    } catch {
      return v.slice(1, -1)
    }
  }
  return v
}

/** Parses an ICE candidate line (`candidate:... typ srflx ...`) into its useful fields. */
export function parseCandidate(text: string): Record<string, Scalar> | null {
  const m = /candidate:\S+ (\d+) (\w+) (\d+) (\S+) (\d+) typ (\w+)(.*)$/.exec(text)
  if (!m) return null
  const rest = m[7] ?? ''
  const out: Record<string, Scalar> = {
    component: Number(m[1]), protocol: m[2]!.toLowerCase(), address: m[4]!, port: Number(m[5]), candidateType: m[6]!,
  }
  const tcp = /tcptype (\w+)/.exec(rest)
  if (tcp) out.tcpType = tcp[1]!
  const net = /network-cost (\d+)/.exec(rest)
  if (net) out.networkCost = Number(net[1])
  return out
}

const STATE_EVENTS: Record<string, string> = {
  iceconnectionstatechange: 'ice.state',
  legacyiceconnectionstatechange: 'ice.state',
  connectionstatechange: 'pc.state',
  signalingstatechange: 'signaling.state',
  icegatheringstatechange: 'ice.gathering',
}

const BAD_STATES = new Set(['failed', 'disconnected', 'closed'])

/**
 * One API entry -> zero or one event. `method` is the raw name (`oniceconnectionstatechange`,
 * `iceconnectionstatechange`, `setRemoteDescriptionOnFailure`, ...); `value` its argument as text.
 */
export function apiCallToEvent(method: string, value: string, t: number, connectionKey: string): CallEvent | null {
  const name = method.replace(/^on/, '').toLowerCase()
  const base = { t, connectionKey }
  const stateType = STATE_EVENTS[name]
  if (stateType) {
    const state = unquote(value)
    const severity = state === 'failed' ? 'error' : BAD_STATES.has(state) ? 'warning' : 'info'
    return { ...base, type: stateType, severity, message: `${stateType} ${state}`, data: { state } }
  }
  if (name.endsWith('onfailure')) {
    const call = method.replace(/OnFailure$/i, '')
    const type = /getusermedia|getdisplaymedia/i.test(call) ? 'gum.error' : 'sdp.error'
    return { ...base, type, severity: 'error', message: `${call} failed: ${truncate(unquote(value), 300)}`, data: { call } }
  }
  if (name === 'icecandidate' || name === 'addicecandidate') {
    const cand = parseCandidate(value)
    if (!cand) return null
    const side = name === 'icecandidate' ? 'local' : 'remote'
    return {
      ...base, type: 'ice.candidate', severity: 'info',
      message: `${side} ${cand.candidateType} candidate ${cand.protocol} ${cand.address}:${cand.port}`,
      data: { side, ...cand },
    }
  }
  if (name === 'icecandidateerror') {
    return { ...base, type: 'ice.candidate-error', severity: 'warning', message: `ICE candidate error: ${truncate(value, 300)}` }
  }
  if (name === 'setlocaldescription' || name === 'setremotedescription') {
    const side = name === 'setlocaldescription' ? 'local' : 'remote'
    const sdp = extractSdp(value)
    const sdpType = /"type"\s*:\s*"(\w+)"/.exec(value)?.[1] ?? /^type:\s*(\w+)/m.exec(value)?.[1] ?? ''
    return {
      ...base, type: `sdp.${side}`, severity: 'info', message: `set${side === 'local' ? 'Local' : 'Remote'}Description ${sdpType}`.trim(),
      data: { sdpType, sdp: truncate(sdp, 65_536) },
    }
  }
  if (name === 'restartice') return { ...base, type: 'ice.restart', severity: 'warning', message: 'ICE restart requested' }
  if (name === 'close') return { ...base, type: 'pc.closed', severity: 'info', message: 'PeerConnection closed' }
  if (name === 'ontrack' || name === 'track') {
    return { ...base, type: 'track.added', severity: 'info', message: `remote track ${truncate(value, 120)}` }
  }
  return null
}

/** The SDP text inside a description value (JSON `{type, sdp}` or Chrome's `type: offer, sdp: v=0...`). */
export function extractSdp(value: string): string {
  const trimmed = value.trim()
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as { sdp?: unknown }
      if (typeof parsed.sdp === 'string') return parsed.sdp
    } catch {
      // not JSON: fall through to the text form
    }
  }
  const i = trimmed.indexOf('v=0')
  return i >= 0 ? trimmed.slice(i) : ''
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s
}
