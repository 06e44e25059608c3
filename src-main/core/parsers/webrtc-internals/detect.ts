/**
 * Recognises a webrtc-internals dump by content: a JSON object whose first keys include
 * `PeerConnections`, `getUserMedia` or `UserAgent` (Chrome writes them in that family, in any order).
 */
import type { SniffInput } from '../../model/parser'

/** 0..1 confidence that the entry is a webrtc-internals dump. */
export function sniffWebrtcInternals(input: SniffInput): number {
  const text = input.text
  if (!text) return 0
  const head = text.trimStart()
  if (!head.startsWith('{')) return 0
  const hasPcs = head.includes('"PeerConnections"')
  const hasGum = head.includes('"getUserMedia"')
  const hasUa = head.includes('"UserAgent"')
  if (hasPcs && (hasGum || hasUa)) return 0.98
  if (hasPcs) return 0.9
  if (hasGum && hasUa) return 0.8
  return 0
}
