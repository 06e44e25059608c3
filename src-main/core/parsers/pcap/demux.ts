/**
 * Demultiplexing of each UDP datagram, and of each frame of RFC 4571 / TURN-over-TCP framed TCP, by its
 * first byte as RFC 7983 does (see `dispatch`); TURN ChannelData and Send/Data indications are opened once
 * and their content demultiplexed again, attributed to the outer flow (as Wireshark does). TCP frames are
 * stamped with the time of the segment that completed them (tcp-framing.ts reassembles). `relMs` is
 * capture-relative ms, `epoch` epoch ms, `overhead` the IP+UDP header bytes (28 or 48).
 */
import { u16be } from './bytes'
import type { ControlEvents } from './control-events'
import type { FlowState, Via } from './conversation'
import type { Flow } from './flow-table'
import type { RtcpCollector } from './rtcp-reports'
import type { RtpRegistry } from './rtp-registry'
import { FRAME_4571, FRAME_CHANNEL, FRAME_STUN, TCP_OTHER, TcpFramer } from './tcp-framing'

/** Routes transport payloads to the RTP registry, the RTCP collector and the control-event recorder. */
export class Demux {
  /** Capture frame number (1-based) of the packet being demultiplexed; kept current by the analyser. */
  frame = 0
  // Current TCP segment (frames completed by it are stamped with its time).
  private tRel = 0
  private tEpoch = 0
  private tOverhead = 28

  constructor(private readonly rtp: RtpRegistry, private readonly rtcp: RtcpCollector,
    private readonly control: ControlEvents) {}

  /** The payload of one UDP datagram (non-empty), at `b[o..o+len)` right after its UDP header. */
  udp(flow: Flow<FlowState>, b: Uint8Array, o: number, len: number, relMs: number, epoch: number, overhead: number): void {
    const wire = u16be(b, o - 4) - 8
    this.dispatch(flow, b, o, len, Math.max(wire, len), relMs, epoch, overhead, 'udp', 0)
  }

  /**
   * The payload of one TCP segment (non-empty) with sequence number `seq`, fed to the flow's framer.
   * Returns false when the segment is not analysed (the flow has no RFC 4571 or TURN framing).
   */
  tcp(flow: Flow<FlowState>, seq: number, b: Uint8Array, o: number, len: number, relMs: number, epoch: number,
    overhead: number): boolean {
    const st = flow.state
    if (!st.tcp) st.tcp = new TcpFramer((fb, fo, flen, kind) => this.tcpFrame(flow, fb, fo, flen, kind))
    const framer = st.tcp
    if (framer.mode === TCP_OTHER) return false
    this.tRel = relMs
    this.tEpoch = epoch
    this.tOverhead = overhead
    framer.segment(seq, b, o, len)
    return framer.mode !== TCP_OTHER
  }

  /** End of the capture: flushes every TCP framer, frames stamped at the last packet's time. */
  finish(flows: readonly Flow<FlowState>[], relMs: number, epoch: number): void {
    this.tRel = relMs
    this.tEpoch = epoch
    for (const f of flows) f.state.tcp?.finish()
  }

  /** A frame out of TCP reassembly, at the time of the segment that completed it. */
  private tcpFrame(flow: Flow<FlowState>, b: Uint8Array, o: number, len: number, kind: number): void {
    const rel = this.tRel
    const epoch = this.tEpoch
    const overhead = this.tOverhead
    if (kind === FRAME_4571) this.dispatch(flow, b, o, len, len, rel, epoch, overhead, 'tcp/rfc4571', 1)
    else if (kind === FRAME_STUN) this.stun(flow, b, o, len, rel, epoch, overhead, 'tcp', 0)
    else if (kind === FRAME_CHANNEL) this.channelData(flow, b, o, len, rel, epoch, overhead, 'tcp')
  }

  /**
   * Routes one payload by its first byte (RFC 7983):
   *
   *     0–3 STUN · 16–19 ZRTP · 20–63 DTLS · 64–79 TURN ChannelData · 128–191 RTP/RTCP
   *
   * RTCP is told from RTP by the second byte (192–223, RFC 5761: payload types 72–76 with the marker bit
   * are RTCP 200–204). `depth` is 1 inside TURN, where ChannelData is not looked for again.
   */
  private dispatch(flow: Flow<FlowState>, b: Uint8Array, o: number, len: number, wire: number, relMs: number, epoch: number,
    overhead: number, via: Via, depth: number): void {
    const c = b[o]!
    const conv = flow.state.conv
    if (c >= 128 && c < 192) {
      if (len >= 8) {
        const pt2 = b[o + 1]!
        if (pt2 >= 192 && pt2 <= 223 && this.rtcp.packet(conv, b, o, len, relMs, epoch)) return
      }
      if (!this.rtp.add(flow, b, o, len, wire, relMs, epoch, this.frame, overhead, via)) conv.other++
    } else if (c <= 3) {
      if (!this.stun(flow, b, o, len, relMs, epoch, overhead, via.startsWith('tcp') ? 'tcp' : 'udp', depth)) conv.other++
    } else if (c >= 20 && c < 64) {
      if (!this.control.dtls(conv, b, o, len, epoch)) conv.other++
    } else if (c >= 64 && c < 80 && depth === 0) {
      if (!this.channelData(flow, b, o, len, relMs, epoch, overhead, 'udp')) conv.other++
    } else if (c >= 16 && c < 20) conv.zrtp++
    else conv.other++
  }

  /** STUN; the content of a TURN Send/Data indication (outside TURN only) is demultiplexed again. */
  private stun(flow: Flow<FlowState>, b: Uint8Array, o: number, len: number, relMs: number, epoch: number, overhead: number,
    outer: 'udp' | 'tcp', depth: number): boolean {
    const conv = flow.state.conv
    const m = this.control.stun(conv, b, o, len, epoch, outer, depth)
    if (!m) return false
    if (m.dataOff >= 0 && depth === 0 && m.dataLen > 0) {
      conv.turnIndication++
      const via: Via = outer === 'tcp' ? 'tcp/turn-send' : 'udp/turn-send'
      this.dispatch(flow, b, m.dataOff, m.dataLen, m.dataLen, relMs, epoch, overhead, via, 1)
    }
    return true
  }

  /** TURN ChannelData, whose content is demultiplexed again. */
  private channelData(flow: Flow<FlowState>, b: Uint8Array, o: number, len: number, relMs: number, epoch: number,
    overhead: number, outer: 'udp' | 'tcp'): boolean {
    const total = this.control.channelData(flow.state.conv, b, o, len, epoch, outer)
    if (total === 0) return false
    if (total > 4) {
      this.dispatch(flow, b, o + 4, total - 4, total - 4, relMs, epoch, overhead, outer === 'tcp' ? 'tcp/turn-channel' : 'udp/turn-channel', 1)
    }
    return true
  }
}
