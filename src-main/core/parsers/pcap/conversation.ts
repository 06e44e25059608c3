/**
 * The analyser's shared records: a conversation (both directions of a 5-tuple, with per-protocol
 * counters), the per-flow analysis state hung off each `Flow`, and a confirmed RTP stream's record.
 * A conversation is created with the first flow of either direction and is never removed.
 */
import type { ConnectionInfo, Scalar } from '../../model/call'
import type { Flow } from './flow-table'
import { PROTO_TCP, PROTO_UDP } from './packet-decoder'
import type { Pending } from './rtp-registry'
import type { RtpStream } from './rtp-stream'
import type { TcpFramer } from './tcp-framing'

/** How media reached the stream: the outer transport and the TURN/TCP framing, if any. */
export type Via = 'udp' | 'udp/turn-channel' | 'udp/turn-send' | 'tcp/rfc4571' | 'tcp/turn-channel' | 'tcp/turn-send'

/** Both directions of one transport 5-tuple, with what was seen on it. */
export interface Conv {
  id: number
  key: string
  proto: number
  /** `a ↔ b` as first seen. */
  where: string
  aIp: string
  bIp: string
  aPort: number
  bPort: number
  packets: number
  bytes: number
  rtp: number
  rtcp: number
  srtcp: number
  stun: number
  dtls: number
  dtlsData: number
  turnChannel: number
  turnIndication: number
  zrtp: number
  other: number
  streams: number
}

/** A confirmed RTP stream: one SSRC in one direction of a 5-tuple. */
export interface StreamRec {
  s: RtpStream
  flow: Flow<FlowState>
  via: Via
  key: string
}

/** Analysis state of one directional flow. */
export interface FlowState {
  conv: Conv
  packets: number
  streams: Map<number, StreamRec> | null
  pending: Map<number, Pending> | null
  tcp: TcpFramer | null
  lastSsrc: number
  last: StreamRec | null
}

/** A new, empty conversation numbered `id` for the first flow `f` seen of it. */
export function newConv(id: number, f: Flow<FlowState>): Conv {
  const proto = f.proto === PROTO_TCP ? 'tcp' : f.proto === PROTO_UDP ? 'udp' : `ip${f.proto}`
  return {
    id, key: `${proto} ${f.src} <-> ${f.dst}`, proto: f.proto, where: `${f.src} ↔ ${f.dst}`,
    aIp: f.srcIp, bIp: f.dstIp, aPort: f.srcPort, bPort: f.dstPort, packets: 0, bytes: 0, rtp: 0, rtcp: 0, srtcp: 0,
    stun: 0, dtls: 0, dtlsData: 0, turnChannel: 0, turnIndication: 0, zrtp: 0, other: 0, streams: 0,
  }
}

/** Fresh analysis state of a flow belonging to `conv`. */
export function newFlowState(conv: Conv): FlowState {
  return { conv, packets: 0, streams: null, pending: null, tcp: null, lastSsrc: -1, last: null }
}

/** Whether the conversation carried anything the analyser reports (RTP, RTCP, STUN, DTLS, TURN). */
export function isReportedConv(c: Conv): boolean {
  return c.rtp + c.rtcp + c.srtcp + c.stun + c.dtls + c.turnChannel !== 0
}

/** The conversation as a `ConnectionInfo`, with its non-zero counters in `meta`. */
export function connectionInfo(c: Conv): ConnectionInfo {
  const meta: Record<string, Scalar> = {
    protocol: c.proto === PROTO_TCP ? 'tcp' : 'udp', a: c.where.split(' ↔ ')[0]!, b: c.where.split(' ↔ ')[1]!,
    packets: c.packets, bytes: c.bytes,
  }
  const counts: [keyof Conv, string][] = [
    ['rtp', 'rtpPackets'], ['rtcp', 'rtcpPackets'], ['srtcp', 'srtcpPackets'], ['stun', 'stunMessages'],
    ['dtls', 'dtlsRecords'], ['dtlsData', 'dtlsApplicationRecords'], ['turnChannel', 'turnChannelData'],
    ['turnIndication', 'turnIndications'], ['zrtp', 'zrtpPackets'], ['other', 'otherPackets'], ['streams', 'rtpStreams'],
  ]
  for (const [k, name] of counts) if ((c[k] as number) > 0) meta[name] = c[k] as number
  return { key: c.key, label: c.where, meta }
}
