/**
 * How a webrtc-internals `stats` key (`<objectId>-<property>`) splits, and which statsType an object
 * has when the dump predates the `statsType` field (Chrome ≤ ~90 used RTC-prefixed ids instead).
 */

/** Splits `IT01V1375092232-bytesReceived` or `IT01V1-[bytesReceived_in_bits/s]` into id and property. */
export function splitStatsKey(key: string): { id: string; prop: string } | null {
  const computed = key.indexOf('-[')
  const at = computed >= 0 ? computed : key.lastIndexOf('-')
  if (at <= 0 || at === key.length - 1) return null
  return { id: key.slice(0, at), prop: key.slice(at + 1) }
}

const LEGACY_PREFIXES: [RegExp, string][] = [
  [/^RTCInboundRTP(Audio|Video)Stream_/, 'inbound-rtp'],
  [/^RTCOutboundRTP(Audio|Video)Stream_/, 'outbound-rtp'],
  [/^RTCRemoteInboundRtp(Audio|Video)Stream_/, 'remote-inbound-rtp'],
  [/^RTCRemoteOutboundRTP(Audio|Video)Stream_/, 'remote-outbound-rtp'],
  [/^RTCIceCandidatePair_/, 'candidate-pair'],
  [/^RTCTransport_/, 'transport'],
  [/^RTCCodec_/, 'codec'],
  [/^RTC(Audio|Video)Source_/, 'media-source'],
  [/^RTCMediaStreamTrack_/, 'track'],
  [/^RTCMediaStream_/, 'stream'],
  [/^RTCCertificate_/, 'certificate'],
  [/^RTCDataChannel_/, 'data-channel'],
  [/^RTCPeerConnection/, 'peer-connection'],
]

/** statsType inferred from a legacy id prefix; `RTCIceCandidate_` needs the `isRemote` value. */
export function legacyTypeOf(id: string, isRemote: unknown): string | null {
  if (id.startsWith('RTCIceCandidate_')) return isRemote === true ? 'remote-candidate' : 'local-candidate'
  for (const [re, type] of LEGACY_PREFIXES) if (re.test(id)) return type
  return null
}

/** Types whose histories the normalizer reads; other objects (certificates, data channels...) are skipped unparsed. */
export const USED_TYPES = new Set([
  'inbound-rtp', 'outbound-rtp', 'remote-inbound-rtp', 'remote-outbound-rtp', 'candidate-pair', 'transport',
  'codec', 'media-source', 'track', 'local-candidate', 'remote-candidate',
])
