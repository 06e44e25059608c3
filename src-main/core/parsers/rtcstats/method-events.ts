/**
 * Turns one non-stats rtcstats record (a PeerConnection API call or callback, or a getUserMedia call)
 * into timeline events. PeerConnection vocabulary goes through the shared `apiCallToEvent`, with values
 * serialised the way webrtc-internals writes them, so both formats yield the same events.
 */
import type { CallEvent } from '../../model/call'
import { apiCallToEvent } from '../../stats/api-events'
import { isMediaDevicesMethod } from './tables'

/** One line of a dump after decoding: method name, connection, argument, time and source line. */
export interface RtcstatsRecord {
  method: string
  pcId: string | null
  value: unknown
  extra: unknown[]
  t: number
  /** 1-based source line (absent for records read from a JSON document). */
  line?: number
}

/** Per-connection memory needed to undo SDP section compression (file format 3). */
export type SdpMemory = Map<string, { type: string; sdp: string }>

/** Events for one record (empty when the call is routine and carries nothing for the timeline). */
export function recordEvents(rec: RtcstatsRecord, sdp: SdpMemory): CallEvent[] {
  if (isMediaDevicesMethod(rec.method)) {
    const ev = mediaDevicesEvent(rec)
    return ev ? [ev] : []
  }
  const key = rec.pcId ?? ''
  const device = DEVICE_EVENTS[rec.method]
  if (device) {
    const ev: CallEvent = { t: rec.t, type: device.type, severity: device.severity, message: `${device.message} ${briefValue(rec.value)}`.trim() }
    if (rec.pcId) ev.connectionKey = rec.pcId
    return [withLine(ev, rec)]
  }
  if (rec.method === 'create' && rec.pcId !== null) {
    return [withLine({ t: rec.t, type: 'pc.created', severity: 'info', message: 'PeerConnection created', connectionKey: key }, rec)]
  }
  if (rec.method === 'close' && rec.pcId === null) return []
  const ev = apiCallToEvent(rec.method, valueText(rec, sdp), rec.t, key)
  if (!ev) return []
  if (!rec.pcId) delete ev.connectionKey
  return [withLine(ev, rec)]
}

/** Track and device callbacks of file format 3 (`MediaStreamTrack.*`, `ondevicechange`). */
const DEVICE_EVENTS: Record<string, Pick<CallEvent, 'type' | 'severity' | 'message'>> = {
  'MediaStreamTrack.onended': { type: 'track.ended', severity: 'warning', message: 'track ended' },
  'MediaStreamTrack.stop': { type: 'track.ended', severity: 'info', message: 'track stopped' },
  'MediaStreamTrack.onmute': { type: 'track.mute', severity: 'info', message: 'track muted' },
  'MediaStreamTrack.onunmute': { type: 'track.unmute', severity: 'info', message: 'track unmuted' },
  'navigator.mediaDevices.ondevicechange': { type: 'device.change', severity: 'info', message: 'media devices changed' },
}

function briefValue(v: unknown): string {
  if (v === null || v === undefined) return ''
  const text = typeof v === 'string' ? v : JSON.stringify(v)
  return text.length > 120 ? `${text.slice(0, 120)}…` : text
}

function withLine(ev: CallEvent, rec: RtcstatsRecord): CallEvent {
  if (rec.line !== undefined) ev.line = rec.line
  return ev
}

/** The argument as text, in the form webrtc-internals logs it (strings as-is, objects as JSON). */
function valueText(rec: RtcstatsRecord, sdp: SdpMemory): string {
  const v = rec.value
  if (/^(setLocalDescription|setRemoteDescription|createOfferOnSuccess|createAnswerOnSuccess)$/.test(rec.method) && isDescription(v)) {
    return JSON.stringify(restoreSdp(rec.pcId ?? '', v, sdp))
  }
  if (typeof v === 'string') return v
  if (v === undefined || v === null) return ''
  // Old clients logged addIceCandidate's argument as [candidate, ...callbacks].
  if (Array.isArray(v) && v.length > 0 && isCandidateObject(v[0])) return JSON.stringify(v[0])
  return JSON.stringify(v)
}

function isDescription(v: unknown): v is { type: string; sdp: string } {
  return typeof v === 'object' && v !== null && typeof (v as { sdp?: unknown }).sdp === 'string'
}

function isCandidateObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { candidate?: unknown }).candidate === 'string'
}

/**
 * File format 3 writers replace SDP sections identical to the previous description of the same type
 * with a bare `m=` (or `v=` for the session part); put them back from that description.
 */
export function restoreSdp(pcId: string, desc: { type: string; sdp: string }, memory: SdpMemory): { type: string; sdp: string } {
  const base = memory.get(`${pcId}\u0000${desc.type}`)
  let sdp = desc.sdp
  const sections = splitSections(sdp)
  if (base && sections.some((s, i) => s === (i === 0 ? 'v=' : 'm='))) {
    const baseSections = splitSections(base.sdp)
    sdp = `${sections.map((s, i) => (s === (i === 0 ? 'v=' : 'm=') ? (baseSections[i] ?? s) : s)).join('\r\n').trim()}\r\n`
  }
  const restored = { type: desc.type, sdp }
  memory.set(`${pcId}\u0000${desc.type}`, restored)
  return restored
}

function splitSections(sdp: string): string[] {
  return sdp.split('\nm=').map((part, i) => (i > 0 ? `m=${part}` : part).trim())
}

/** getUserMedia / getDisplayMedia request, success and failure, shaped like the webrtc-internals ones. */
function mediaDevicesEvent(rec: RtcstatsRecord): CallEvent | null {
  const m = /get(User|Display)Media(OnSuccess|OnFailure)?$/i.exec(rec.method)
  if (!m) return null
  const call = /display/i.test(m[1]!) ? 'getDisplayMedia' : 'getUserMedia'
  const base = rec.line === undefined ? { t: rec.t } : { t: rec.t, line: rec.line }
  if (m[2] === 'OnFailure') {
    const { error, detail } = errorOf(rec.value)
    return {
      ...base, type: 'gum.error', severity: 'error', message: `${call} failed: ${error}${detail ? ` (${detail})` : ''}`,
      data: { call, error, detail },
    }
  }
  if (m[2] === 'OnSuccess') {
    // Like the webrtc-internals getUserMedia log: the video track's label, else the audio one's.
    const tracks = successTracks(rec.value)
    const label = (tracks.find((t) => t.kind === 'video') ?? tracks.find((t) => t.kind === 'audio'))?.label ?? ''
    return { ...base, type: 'gum.success', severity: 'info', message: `${call} succeeded${label ? `: ${label}` : ''}`, data: { call, device: label } }
  }
  const c = typeof rec.value === 'object' && rec.value !== null ? (rec.value as Record<string, unknown>) : {}
  const wants = (k: string) => c[k] !== undefined && c[k] !== false
  const kinds = [wants('audio') ? 'audio' : '', wants('video') ? 'video' : ''].filter(Boolean).join('+')
  return {
    ...base, type: 'gum.request', severity: 'info', message: `${call} request ${kinds}`.trim(),
    data: { call, audio: c.audio === undefined ? '' : JSON.stringify(c.audio).slice(0, 500), video: c.video === undefined ? '' : JSON.stringify(c.video).slice(0, 500) },
  }
}

function errorOf(v: unknown): { error: string; detail: string } {
  if (typeof v === 'string') return { error: v, detail: '' }
  if (Array.isArray(v)) return { error: String(v[0] ?? 'error'), detail: v.length > 1 ? String(v[1] ?? '') : '' }
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>
    return { error: String(o.name ?? o.error ?? 'error'), detail: String(o.message ?? o.constraint ?? '') }
  }
  return { error: 'error', detail: '' }
}

/** Tracks of a success value: `{tracks: [{kind, label}]}` or `[[kind, trackId, label, streamId], ...]`. */
function successTracks(v: unknown): { kind: string; label: string }[] {
  const out: { kind: string; label: string }[] = []
  const list = Array.isArray(v) ? v : typeof v === 'object' && v !== null && Array.isArray((v as { tracks?: unknown }).tracks) ? (v as { tracks: unknown[] }).tracks : []
  for (const t of list) {
    if (Array.isArray(t) && typeof t[2] === 'string') out.push({ kind: String(t[0]), label: t[2] })
    else if (typeof t === 'object' && t !== null && typeof (t as { label?: unknown }).label === 'string') {
      out.push({ kind: String((t as { kind?: unknown }).kind ?? ''), label: (t as { label: string }).label })
    }
  }
  return out
}
