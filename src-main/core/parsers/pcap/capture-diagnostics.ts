/**
 * The end-of-capture diagnostics: what was skipped (link types, malformed or non-IP frames, fragments,
 * other protocols, unframed TCP), what was lost (TCP holes) and what was only partly analysed (SRTCP,
 * orphan RTCP, negative round trips, reordered RTP). Counts only; each diagnostic is emitted once.
 */
import type { Severity } from '../../model/call'
import { linkTypeName } from './capture-types'
import type { Conv, FlowState, StreamRec } from './conversation'
import type { Flow } from './flow-table'
import type { DecodeCounters } from './packet-decoder'
import { TCP_OTHER, TCP_RFC4571, TCP_TURN } from './tcp-framing'

/** What the analyser counted over the capture, as the diagnostics need it. */
export interface CaptureTally {
  decoder: DecodeCounters
  flows: readonly Flow<FlowState>[]
  convs: readonly Conv[]
  streams: readonly StreamRec[]
  frames: number
  tcpSkipped: number
  rtcpOrphans: number
  negativeRtt: number
}

/** Emits, through `d` and in a fixed order, one diagnostic per kind of skipped, lost or partial input. */
export function captureDiagnostics(c: CaptureTally, d: (severity: Severity, message: string) => void): void {
  const dc = c.decoder
  for (const [lt, n] of dc.unsupportedLink) d('warning', `${n} frames with unsupported link-layer type ${linkTypeName(lt)} skipped`)
  if (dc.malformed > 0) d('warning', `${dc.malformed} frames with malformed or truncated IP/UDP/TCP headers skipped`)
  if (dc.nonIp > 0) d('info', `${dc.nonIp} non-IP frames (ARP, LLDP...) skipped`)
  if (dc.fragments > 0) d('info', `${dc.fragments} non-first IP fragments not reassembled (skipped)`)
  if (dc.otherTransport > 0) d('info', `${dc.otherTransport} IP packets of other protocols (ICMP, SCTP...) skipped`)
  if (c.tcpSkipped > 0) {
    const flows = c.flows.filter((f) => f.state.tcp?.mode === TCP_OTHER).length
    d('info', `${c.tcpSkipped} TCP segments in ${flows} flows not analysed (no RFC 4571 or TURN-over-TCP framing)`)
  }
  let holes = 0
  for (const f of c.flows) {
    const t = f.state.tcp
    if (t && (t.mode === TCP_RFC4571 || t.mode === TCP_TURN)) holes += t.unfilled + t.resyncs
  }
  if (holes > 0) d('warning', `${holes} holes or framing losses in TCP-framed media (segments missing from the capture and never retransmitted): frames in them are lost`)
  const srtcp = c.convs.reduce((n, cv) => n + cv.srtcp, 0)
  if (srtcp > 0) d('info', `${srtcp} SRTCP packets encrypted: only their packet type and sender SSRC were read`)
  if (c.rtcpOrphans > 0) d('info', `RTCP reports about ${c.rtcpOrphans} SSRCs with no RTP stream in the capture (attached to the connection)`)
  if (c.negativeRtt > 0) d('info', `${c.negativeRtt} RTCP round-trip computations were negative (capture point not at the SR sender) and were dropped`)
  const back = c.streams.reduce((n, r) => n + r.s.backInTime, 0)
  if (back > 0) d('info', `${back} RTP packets are earlier in capture time than the previous packet of their stream (merged or reordered capture)`)
  if (c.frames > 0 && c.streams.length === 0) d('info', 'no RTP stream found in the capture')
}
