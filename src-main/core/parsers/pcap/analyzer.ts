/**
 * The capture analyser: receives frames from the capture reader, decodes them (packet-decoder), files
 * them into directional flows and conversations, hands UDP and TCP payloads to the demultiplexer
 * (demux.ts) and, at the end, assembles the ParsedEntry. Non-framed TCP is counted and skipped.
 * Memory is bounded by what the capture holds (flows, streams, per-second buckets), never per packet.
 */
import type { Diagnostic, ParsedEntry, Severity } from '../../model/call'
import { emptyEntry } from '../../model/call'
import { captureDiagnostics } from './capture-diagnostics'
import { CaptureReader } from './capture-reader'
import { linkTypeName, type CaptureHost } from './capture-types'
import { ChunkStream } from './chunk-stream'
import { ControlEvents } from './control-events'
import { connectionInfo, isReportedConv, newConv, newFlowState, type Conv, type FlowState } from './conversation'
import { Demux } from './demux'
import { captureHosts } from './direction'
import { EventAggregator } from './event-agg'
import { FlowTable, type Flow } from './flow-table'
import { PacketDecoder, PROTO_TCP, PROTO_UDP } from './packet-decoder'
import { attachReports } from './rtcp-attach'
import { RtcpCollector } from './rtcp-reports'
import { RtpRegistry } from './rtp-registry'
import { addStreams } from './stream-entries'

// Kept importable from here (tests and callers predate the split).
export type { Via } from './conversation'
export { captureHosts, direction, type CaptureHosts } from './direction'

/** Streaming analyser of one capture file. */
export class CaptureAnalyzer implements CaptureHost {
  private readonly reader = new CaptureReader(this)
  private readonly chunks = new ChunkStream(this.reader)
  private readonly decoder = new PacketDecoder()
  private readonly flows = new FlowTable<FlowState>((f) => this.newFlowState(f))
  private readonly convs: Conv[] = []
  private readonly events = new EventAggregator()
  private readonly rtp = new RtpRegistry()
  private readonly rtcp = new RtcpCollector(this.events)
  private readonly demux = new Demux(this.rtp, this.rtcp, new ControlEvents(this.events))
  private readonly diagnostics: Diagnostic[] = []
  private readonly linkTypes = new Set<number>()
  private base = NaN
  private frame = 0
  private bytesIn = 0
  private wireBytes = 0
  private udp = 0
  private tcp = 0
  private tcpSkipped = 0
  private lastRel = 0
  private ended = false

  constructor(private readonly path = '') {}

  /** Feeds raw bytes. */
  push(chunk: Uint8Array): void {
    if (this.ended) return
    this.bytesIn += chunk.length
    this.chunks.push(chunk)
  }

  // ---- CaptureHost ----

  linkType(lt: number): void {
    this.linkTypes.add(lt)
  }

  diag(severity: Severity, message: string): void {
    this.diagnostics.push({ severity, message, ...(this.path ? { path: this.path } : {}) })
  }

  packet(buf: Uint8Array, off: number, capLen: number, origLen: number, linkType: number, relMs: number): void {
    this.frame++
    this.demux.frame = this.frame
    this.wireBytes += origLen
    if (Number.isNaN(this.base)) this.base = this.reader.baseEpochMs
    this.lastRel = relMs
    const d = this.decoder
    if (!d.decode(buf, off, capLen, linkType, origLen)) return
    const p = d.p
    const flow = this.flows.get(p)
    const st = flow.state
    st.packets++
    const conv = st.conv
    conv.packets++
    conv.bytes += origLen
    const epoch = (this.base || 0) + relMs
    const overhead = p.ipVersion === 6 ? 48 : 28
    if (p.proto === PROTO_UDP) {
      this.udp++
      if (p.payloadLen <= 0) return
      this.demux.udp(flow, buf, p.payloadOff, p.payloadLen, relMs, epoch, overhead)
    } else if (p.proto === PROTO_TCP) {
      this.tcp++
      if (p.payloadLen <= 0) return
      if (!this.demux.tcp(flow, p.tcpSeq, buf, p.payloadOff, p.payloadLen, relMs, epoch, overhead)) this.tcpSkipped++
    }
  }

  // ---- end ----

  /** Ends the input and builds the entry. */
  end(): ParsedEntry {
    this.ended = true
    this.chunks.end()
    const fmt = this.reader.format
    const entry = emptyEntry('pcap', fmt === 'pcapng' ? 'pcapng' : 'pcap')
    this.demux.finish(this.flows.all, this.lastRel, (this.base || 0) + this.lastRel)
    const unconfirmed = this.rtp.promoteLeftovers(this.flows.all)
    if (unconfirmed > 0) {
      this.diag('info', `${unconfirmed} SSRC candidates with RTP-like headers were not confirmed as RTP streams (fewer than 3 packets in sequence)`)
    }
    const host = captureHosts(this.convs)
    const streams = this.rtp.streams
    const { byConv, finished } = addStreams(entry, streams, host, (severity, message) => this.diag(severity, message))
    const rtcpOrphans = attachReports(entry, this.rtcp.reports.values(), streams, byConv, finished)
    for (const ev of this.events.finish()) entry.events.push(ev)
    entry.events.sort((a, b) => a.t - b.t)
    for (const conv of this.convs) if (isReportedConv(conv)) entry.connections.push(connectionInfo(conv))
    captureDiagnostics({
      decoder: this.decoder.counters, flows: this.flows.all, convs: this.convs, streams, frames: this.frame,
      tcpSkipped: this.tcpSkipped, rtcpOrphans, negativeRtt: this.rtcp.negativeRtt,
    }, (severity, message) => this.diag(severity, message))
    entry.diagnostics.push(...this.diagnostics)
    const m = entry.meta
    m.captureFormat = fmt ?? 'unknown'
    if (fmt) m.timeResolution = fmt === 'pcap-ns' ? 'ns' : fmt === 'pcap' ? 'us' : 'per-interface'
    m.linkTypes = [...this.linkTypes].map(linkTypeName).join(',')
    m.frames = this.frame
    m.fileBytes = this.bytesIn
    m.wireBytes = this.wireBytes
    m.udpDatagrams = this.udp
    m.tcpSegments = this.tcp
    m.rtpStreams = streams.length
    if (this.frame > 0) {
      m.firstPacketTime = this.base
      m.captureHostV4 = host.v4 ?? null
      m.captureHostV6 = host.v6 ?? null
    }
    return entry
  }

  /** A new flow joins the conversation of its reverse direction, or opens a new one. */
  private newFlowState(f: Flow<FlowState>): FlowState {
    const rev = this.flows.reverseOf(f)
    let conv = rev?.state.conv
    if (!conv) {
      conv = newConv(this.convs.length, f)
      this.convs.push(conv)
    }
    return newFlowState(conv)
  }
}
