/**
 * Recognises rtcstats dumps by content: the `RTCStatsDump` magic line (file format 3), a header object
 * with `fileFormat`, JSON-lines records `[method, connectionId|null, value, ..., time]`, jitsi's
 * server-side samples (`{statsSessionId, type: identity|stats-entry}`) and the 2016 JSON export.
 */
import type { SniffInput } from '../../model/parser'

const RECORD_START = /^\[\s*("(?:[^"\\]|\\.){1,80}"|\d{1,3})\s*,\s*(null|"(?:[^"\\]|\\.)*")\s*,/
const KNOWN_METHOD = /^"(getstats|getStats|connectionInfo|identity|create|constraints|close|createOffer|createAnswer|setLocalDescription|setRemoteDescription|addIceCandidate|addStream|addTrack|addTransceiver|createDataChannel|on[a-z]+|navigator\.mediaDevices\.\w+|navigator\.\w+)(OnSuccess|OnFailure)?"$/

/** 0..1 confidence that the entry is an rtcstats dump (or a jitsi server-side sample). */
export function sniffRtcstats(input: SniffInput): number {
  const text = input.text
  if (!text) return 0
  const head = text.replace(/^\uFEFF/, '').trimStart()
  if (/^RTCStatsDump\r?\n/.test(head) || head === 'RTCStatsDump') return 0.99
  if (head.startsWith('{')) {
    // The 2016 export also holds an empty `"PeerConnections": {}`; the lowercase key is its own.
    if (head.includes('"peerConnections"')) return 0.99
    const first = head.split(/\r?\n/, 1)[0]!
    if (/^\{\s*"statsSessionId"\s*:/.test(first) && /"type"\s*:\s*"(identity|stats-entry)"/.test(first)) return 0.9
    if (/"fileFormat"\s*:\s*\d/.test(first) && /\n\s*\[/.test(head)) return 0.95
    return 0
  }
  const lines = head.split(/\r?\n/, 6).filter((l) => l.trim() !== '')
  let records = 0
  let known = 0
  for (const line of lines) {
    const m = RECORD_START.exec(line)
    if (!m) continue
    records++
    if (KNOWN_METHOD.test(m[1]!) || /^\d+$/.test(m[1]!)) known++
  }
  if (records === 0 || !RECORD_START.test(lines[0]!)) return 0
  if (known > 0 && records >= Math.min(2, lines.length)) return 0.9
  return known > 0 ? 0.8 : 0.55
}
