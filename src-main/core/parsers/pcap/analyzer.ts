/**
 * The capture analyser: receives frames from the capture reader, decodes them (packet-decoder), files
 * them into directional flows and conversations, and demultiplexes each UDP datagram (and each frame of
 * RFC 4571 / TURN-over-TCP framed TCP) by its first byte as RFC 7983 does:
 *
 *     0–3 STUN · 16–19 ZRTP · 20–63 DTLS · 64–79 TURN ChannelData · 128–191 RTP/RTCP
 *
 * RTCP is told from RTP by the second byte (192–223, RFC 5761). TURN ChannelData and Send/Data indications
 * are opened once and their content demultiplexed again, attributed to the outer flow (as Wireshark does).
 *
 * RTP is recognised heuristically, per (flow, SSRC): a candidate becomes a stream after 2 steps of
 * sequence continuity (+1..+16) between packets of the same SSRC with version 2 and a valid header (CSRC
 * count and extension length within the packet), each step's timestamp moving by at most ±2^24 (a step
 * in sequence with a timestamp leap, e.g. padding probes stamped 0, is held but not counted; a sequence
 * jump restarts the candidate; duplicates and small reorderings are held). Up to 8 packets are held per
 * candidate (16 candidates per flow) and replayed into the stream when it is confirmed, so its figures
 * include them. At the end, a 2-packet candidate with one continuous step is kept when its conversation
 * already has RTP or RTCP. SRTP headers are clear, so SRTP streams are analysed the same way. Payload
 * types 72–76 with the marker bit (RTCP 200–204) and every second byte of 192–223 (RFC 5761) are RTCP.
 *
 * TCP: flows framed per RFC 4571 (RTP/RTCP and, for ICE-TCP, STUN/DTLS) or as TURN over TCP are
 * reassembled (tcp-framing.ts) and their frames demultiplexed like datagrams; other TCP is counted and
 * skipped with an info diagnostic.
 *
 * Memory is bounded by what the capture holds (flows, streams, per-second buckets), never per packet.
 */
import type { ConnectionInfo, Diagnostic, ParsedEntry, Scalar, SeriesData, Severity, StreamInfo } from '../../model/call'
import { emptyEntry } from '../../model/call'
import { isGroupIp, isPrivateIp } from './addr'
import { hex32, u16be, u32be } from './bytes'
import { CaptureReader } from './capture-reader'
import { linkTypeName, type CaptureHost } from './capture-types'
import { ChunkStream } from './chunk-stream'
import { Column } from './column'
import { alertName, looksLikeDtls, parseDtls, type DtlsSink } from './dtls'
import { EventAggregator } from './event-agg'
import { FlowTable, type Flow } from './flow-table'
import { PacketDecoder, PROTO_TCP, PROTO_UDP } from './packet-decoder'
import { parseRtcp, type RtcpSink } from './rtcp'
import { classifyStream, hypothesisIndex, payloadTypeName } from './rtp-clock'
import { RtpStream } from './rtp-stream'
import { channelDataLength, newStunMessage, parseStun, stunMethodType, type StunMessage } from './stun'
import { streamFigures } from './summary'
import { FRAME_4571, FRAME_CHANNEL, FRAME_STUN, TCP_OTHER, TCP_RFC4571, TCP_TURN, TcpFramer } from './tcp-framing'

/** How media reached the stream: the outer transport and the TURN/TCP framing, if any. */
export type Via = 'udp' | 'udp/turn-channel' | 'udp/turn-send' | 'tcp/rfc4571' | 'tcp/turn-channel' | 'tcp/turn-send'

interface Conv {
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

interface StreamRec {
  s: RtpStream
  flow: Flow<FlowState>
  via: Via
  key: string
}

/** A candidate SSRC not yet confirmed as RTP: up to PENDING_MAX packets held as numbers. */
interface Pending {
  ssrc: number
  via: Via
  n: number
  steps: number
  lastSeq: number
  lastTs: number
  recs: Float64Array
}

interface FlowState {
  conv: Conv
  packets: number
  streams: Map<number, StreamRec> | null
  pending: Map<number, Pending> | null
  tcp: TcpFramer | null
  lastSsrc: number
  last: StreamRec | null
}

/** RTCP-reported figures about one SSRC seen in one conversation, in 1-s buckets. */
interface Reports {
  conv: Conv
  ssrc: number
  bucket: number
  cur: Float64Array
  cols: Column[]
}

const PENDING_MAX = 8
const PENDING_PER_FLOW = 16
const REC = 10 // relMs, epochMs, frame, seq, ts, marker, pt, rtpLen, payloadLen, ipOverhead
const CONFIRM_STEPS = 2
const MAX_SEQ_STEP = 16
const MAX_TS_STEP = 0x1000000
const SR_RING = 16

// Report bucket fields (indices into Reports.cur / cols).
const R_FRACTION = 0
const R_CUMLOST = 1
const R_JITTER = 2
const R_RTT = 3
const R_NACK = 4
const R_PLI = 5
const R_FIR = 6
const R_REMB = 7
const R_N = 8

interface Ring {
  key: Float64Array
  t: Float64Array
  n: number
}

/** Streaming analyser of one capture file. */
export class CaptureAnalyzer implements CaptureHost {
  private readonly reader = new CaptureReader(this)
  private readonly chunks = new ChunkStream(this.reader)
  private readonly decoder = new PacketDecoder()
  private readonly flows = new FlowTable<FlowState>((f) => this.newFlowState(f))
  private readonly convs: Conv[] = []
  private readonly streams: StreamRec[] = []
  private readonly reports = new Map<string, Reports>()
  private readonly srs = new Map<number, Ring>()
  private readonly rrtrs = new Map<number, Ring>()
  private readonly events = new EventAggregator()
  private readonly diagnostics: Diagnostic[] = []
  private readonly linkTypes = new Set<number>()
  private readonly stunMsg: StunMessage = newStunMessage()
  private base = NaN
  private frame = 0
  private bytesIn = 0
  private wireBytes = 0
  private udp = 0
  private tcp = 0
  private tcpSkipped = 0
  private rtcpOrphans = 0
  private negativeRtt = 0
  private lastRel = 0
  private ended = false
  // Current packet context for the RTCP/DTLS sinks.
  private cRel = 0
  private cEpoch = 0
  private cConv: Conv | null = null
  // Current TCP segment (frames completed by it are stamped with its time).
  private tRel = 0
  private tEpoch = 0
  private tOverhead = 28

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
      const wire = u16be(buf, p.payloadOff - 4) - 8
      this.dispatch(flow, buf, p.payloadOff, p.payloadLen, Math.max(wire, p.payloadLen), relMs, epoch, overhead, 'udp', 0)
    } else if (p.proto === PROTO_TCP) {
      this.tcp++
      if (p.payloadLen <= 0) return
      if (!st.tcp) st.tcp = new TcpFramer((b, o, len, kind) => this.tcpFrame(flow, b, o, len, kind))
      const framer = st.tcp
      if (framer.mode === TCP_OTHER) {
        this.tcpSkipped++
        return
      }
      this.tRel = relMs
      this.tEpoch = epoch
      this.tOverhead = overhead
      framer.segment(p.tcpSeq, buf, p.payloadOff, p.payloadLen)
      if (framer.mode === TCP_OTHER) this.tcpSkipped++
    }
  }

  // ---- demultiplexing ----

  /** A frame out of TCP reassembly, at the time of the segment that completed it. */
  private tcpFrame(flow: Flow<FlowState>, b: Uint8Array, o: number, len: number, kind: number): void {
    const rel = this.tRel
    const epoch = this.tEpoch
    const overhead = this.tOverhead
    if (kind === FRAME_4571) this.dispatch(flow, b, o, len, len, rel, epoch, overhead, 'tcp/rfc4571', 1)
    else if (kind === FRAME_STUN) this.stun(flow, b, o, len, rel, epoch, overhead, 'tcp', 0)
    else if (kind === FRAME_CHANNEL) this.channelData(flow, b, o, len, rel, epoch, overhead, 'tcp')
  }

  private dispatch(flow: Flow<FlowState>, b: Uint8Array, o: number, len: number, wire: number, relMs: number, epoch: number,
    overhead: number, via: Via, depth: number): void {
    const c = b[o]!
    const conv = flow.state.conv
    if (c >= 128 && c < 192) {
      if (len >= 8) {
        const pt2 = b[o + 1]!
        if (pt2 >= 192 && pt2 <= 223 && this.rtcp(flow, b, o, len, relMs, epoch)) return
      }
      if (!this.rtp(flow, b, o, len, wire, relMs, epoch, overhead, via)) conv.other++
    } else if (c <= 3) {
      if (!this.stun(flow, b, o, len, relMs, epoch, overhead, via.startsWith('tcp') ? 'tcp' : 'udp', depth)) conv.other++
    } else if (c >= 20 && c < 64) {
      if (!this.dtls(flow, b, o, len, relMs, epoch)) conv.other++
    } else if (c >= 64 && c < 80 && depth === 0) {
      if (!this.channelData(flow, b, o, len, relMs, epoch, overhead, 'udp')) conv.other++
    } else if (c >= 16 && c < 20) conv.zrtp++
    else conv.other++
  }

  private rtp(flow: Flow<FlowState>, b: Uint8Array, o: number, len: number, wire: number, relMs: number, epoch: number,
    overhead: number, via: Via): boolean {
    if (len < 12) return false
    const b0 = b[o]!
    let h = 12 + 4 * (b0 & 0x0f)
    if (h > len) return false
    if (b0 & 0x10) {
      if (h + 4 > len) return false
      h += 4 + 4 * u16be(b, o + h + 2)
      if (h > len) return false
    }
    const ssrc = u32be(b, o + 8)
    const seq = u16be(b, o + 2)
    const ts = u32be(b, o + 4)
    const b1 = b[o + 1]!
    const marker = (b1 & 0x80) !== 0
    const pt = b1 & 0x7f
    const st = flow.state
    st.conv.rtp++
    let rec = st.lastSsrc === ssrc ? st.last : null
    if (!rec && st.streams) rec = st.streams.get(ssrc) ?? null
    if (rec) {
      st.lastSsrc = ssrc
      st.last = rec
      rec.s.add(relMs, epoch, this.frame, seq, ts, marker, pt, wire, wire - h, overhead)
      return true
    }
    // Candidate
    if (!st.pending) st.pending = new Map()
    let c = st.pending.get(ssrc)
    if (!c) {
      if (st.pending.size >= PENDING_PER_FLOW) st.pending.delete(st.pending.keys().next().value!)
      c = { ssrc, via, n: 0, steps: 0, lastSeq: seq, lastTs: ts, recs: new Float64Array(PENDING_MAX * REC) }
      st.pending.set(ssrc, c)
    } else {
      const ds = (seq - c.lastSeq) & 0xffff
      const dt = (ts - c.lastTs) | 0
      if (ds >= 1 && ds <= MAX_SEQ_STEP) {
        // In sequence; a timestamp leap (e.g. padding probes with timestamp 0) is kept but not counted.
        if (dt >= -MAX_TS_STEP && dt <= MAX_TS_STEP) c.steps++
      } else if (!(ds === 0 || ds > 0xffff - MAX_SEQ_STEP)) {
        c.n = 0
        c.steps = 0
      }
      if (c.n >= PENDING_MAX) {
        c.n = 0
        c.steps = 0
      }
    }
    const r = c.recs
    const k = c.n * REC
    r[k] = relMs
    r[k + 1] = epoch
    r[k + 2] = this.frame
    r[k + 3] = seq
    r[k + 4] = ts
    r[k + 5] = marker ? 1 : 0
    r[k + 6] = pt
    r[k + 7] = wire
    r[k + 8] = wire - h
    r[k + 9] = overhead
    c.n++
    c.lastSeq = seq
    c.lastTs = ts
    if (c.steps >= CONFIRM_STEPS) this.confirm(flow, c, via)
    return true
  }

  private confirm(flow: Flow<FlowState>, c: Pending, via: Via): StreamRec {
    const st = flow.state
    st.pending!.delete(c.ssrc)
    const s = new RtpStream(c.ssrc)
    const proto = flow.proto === PROTO_TCP ? 'tcp' : 'udp'
    const rec: StreamRec = { s, flow, via, key: `${proto}:${flow.src}>${flow.dst}/0x${hex32(c.ssrc)}` }
    const r = c.recs
    for (let i = 0; i < c.n; i++) {
      const k = i * REC
      s.add(r[k]!, r[k + 1]!, r[k + 2]!, r[k + 3]!, r[k + 4]!, r[k + 5] === 1, r[k + 6]!, r[k + 7]!, r[k + 8]!, r[k + 9]!)
    }
    if (!st.streams) st.streams = new Map()
    st.streams.set(c.ssrc, rec)
    st.lastSsrc = c.ssrc
    st.last = rec
    st.conv.streams++
    this.streams.push(rec)
    return rec
  }

  private rtcp(flow: Flow<FlowState>, b: Uint8Array, o: number, len: number, relMs: number, epoch: number): boolean {
    this.cRel = relMs
    this.cEpoch = epoch
    this.cConv = flow.state.conv
    const r = parseRtcp(b, o, len, this.rtcpSink)
    if (r.packets === 0) return false
    const conv = flow.state.conv
    if (r.encrypted) conv.srtcp++
    else conv.rtcp++
    return true
  }

  private stun(flow: Flow<FlowState>, b: Uint8Array, o: number, len: number, relMs: number, epoch: number, overhead: number,
    outer: 'udp' | 'tcp', depth: number): boolean {
    const m = this.stunMsg
    if (!parseStun(b, o, len, outer === 'udp', m)) return false
    const conv = flow.state.conv
    conv.stun++
    const type = stunMethodType(m.method)
    let severity: Severity = 'info'
    if (m.cls === 'error' && m.errorCode !== 401 && m.errorCode !== 438) severity = 'warning'
    const fields: Record<string, Scalar> = {}
    if (m.mapped) fields.mappedAddress = m.mapped
    if (m.relayed) fields.relayedAddress = m.relayed
    if (m.peer) fields.peerAddress = m.peer
    if (m.errorCode) {
      fields.errorCode = m.errorCode
      if (m.errorReason) fields.errorReason = m.errorReason
    }
    if (m.useCandidate) fields.useCandidate = true
    if (m.iceRole) fields.iceRole = m.iceRole
    if (m.channel) fields.channel = `0x${m.channel.toString(16)}`
    if (m.lifetime >= 0) fields.lifetime = m.lifetime
    if (m.software) fields.software = m.software
    if (m.classic) fields.classicStun = true
    if (depth > 0) fields.viaTurn = true
    const sub = m.cls === 'request' ? 'requests' : m.cls === 'success' ? 'success' : m.cls === 'error' ? 'errors' : 'indications'
    this.events.add(`${conv.id}|${type}|${depth}`, type, conv.key, conv.where, epoch, sub, severity, fields)
    if (m.dataOff >= 0 && depth === 0 && m.dataLen > 0) {
      conv.turnIndication++
      const via: Via = outer === 'tcp' ? 'tcp/turn-send' : 'udp/turn-send'
      this.dispatch(flow, b, m.dataOff, m.dataLen, m.dataLen, relMs, epoch, overhead, via, 1)
    }
    return true
  }

  private channelData(flow: Flow<FlowState>, b: Uint8Array, o: number, len: number, relMs: number, epoch: number,
    overhead: number, outer: 'udp' | 'tcp'): boolean {
    const total = channelDataLength(b, o, len, false)
    if (total === 0) return false
    const conv = flow.state.conv
    if (outer === 'udp') {
      // Over UDP the datagram is the message (padding to 4 allowed), and the content must look like
      // media or STUN, unless the conversation already spoke STUN/TURN: DNS ids starting 0x40–0x4F abound.
      if (len > ((total + 3) & ~3)) return false
      if (conv.stun === 0 && !(total > 4 && looksLikeMedia(b, o + 4, total - 4))) return false
    }
    conv.turnChannel++
    const channel = u16be(b, o)
    this.events.add(`${conv.id}|turn.channel-data`, 'turn.channel-data', conv.key, conv.where, epoch, 'messages', 'info',
      { channel: `0x${channel.toString(16)}` })
    if (total > 4) {
      this.dispatch(flow, b, o + 4, total - 4, total - 4, relMs, epoch, overhead, outer === 'tcp' ? 'tcp/turn-channel' : 'udp/turn-channel', 1)
    }
    return true
  }

  private dtls(flow: Flow<FlowState>, b: Uint8Array, o: number, len: number, relMs: number, epoch: number): boolean {
    if (!looksLikeDtls(b, o, len)) return false
    this.cRel = relMs
    this.cEpoch = epoch
    this.cConv = flow.state.conv
    const n = parseDtls(b, o, len, this.dtlsSink)
    if (n === 0) return false
    flow.state.conv.dtls += n
    return true
  }

  private readonly dtlsSink: DtlsSink = {
    handshake: (name, detail) => {
      const conv = this.cConv!
      this.events.add(`${conv.id}|dtls.handshake`, 'dtls.handshake', conv.key, conv.where, this.cEpoch, name, 'info', detail ?? undefined)
    },
    alert: (level, description, encrypted) => {
      const conv = this.cConv!
      const sub = encrypted ? 'encrypted alert' : `${level === 2 ? 'fatal' : 'warning'} ${alertName(description)}`
      const severity: Severity = encrypted || description === 0 ? 'info' : level === 2 ? 'error' : 'warning'
      const fields: Record<string, Scalar> = encrypted ? { encrypted: true }
        : { level: level === 2 ? 'fatal' : 'warning', description: alertName(description) }
      this.events.add(`${conv.id}|dtls.alert`, 'dtls.alert', conv.key, conv.where, this.cEpoch, sub, severity, fields)
    },
    changeCipherSpec: () => {
      const conv = this.cConv!
      this.events.add(`${conv.id}|dtls.handshake`, 'dtls.handshake', conv.key, conv.where, this.cEpoch, 'ChangeCipherSpec', 'info')
    },
    applicationData: () => {
      this.cConv!.dtlsData++
    },
  }

  // ---- RTCP ----

  private readonly rtcpSink: RtcpSink = {
    senderReport: (ssrc, ntpMiddle) => {
      ringPut(this.srs, ssrc, ntpMiddle, this.cRel)
    },
    reportBlock: (_reporter, ssrc, fractionLost, cumLost, _ext, jitter, lsr, dlsr) => {
      const r = this.reportsFor(ssrc)
      r.cur[R_FRACTION] = (fractionLost * 100) / 256
      r.cur[R_CUMLOST] = cumLost
      r.cur[R_JITTER] = jitter
      if (lsr !== 0) {
        const tSr = ringFind(this.srs, ssrc, lsr)
        if (tSr !== null) this.rtt(r, this.cRel - tSr - (dlsr * 1000) / 65536)
      }
    },
    receiverReferenceTime: (ssrc, ntpMiddle) => {
      ringPut(this.rrtrs, ssrc, ntpMiddle, this.cRel)
    },
    dlrr: (sender, ssrc, lrr, dlrr) => {
      if (lrr === 0) return
      const t = ringFind(this.rrtrs, ssrc, lrr)
      if (t !== null) this.rtt(this.reportsFor(sender), this.cRel - t - (dlrr * 1000) / 65536)
    },
    bye: (ssrc) => {
      const conv = this.cConv!
      this.events.add(`${conv.id}|rtcp.bye`, 'rtcp.bye', conv.key, conv.where, this.cEpoch, 'bye', 'info', { ssrc: `0x${hex32(ssrc)}` })
    },
    feedback: (kind, _sender, media, value) => {
      const r = this.reportsFor(media)
      const i = kind === 'nack' ? R_NACK : kind === 'pli' ? R_PLI : kind === 'fir' ? R_FIR : R_REMB
      if (kind === 'remb') r.cur[i] = value / 1000
      else r.cur[i] = (Number.isNaN(r.cur[i]!) ? 0 : r.cur[i]!) + value
    },
  }

  private rtt(r: Reports, ms: number): void {
    if (ms < -1) {
      this.negativeRtt++
      return
    }
    r.cur[R_RTT] = Math.max(0, ms)
  }

  private reportsFor(ssrc: number): Reports {
    const conv = this.cConv!
    const key = `${conv.id}:${ssrc}`
    let r = this.reports.get(key)
    const idx = Math.floor(this.cEpoch / 1000)
    if (!r) {
      r = { conv, ssrc, bucket: idx, cur: new Float64Array(R_N).fill(NaN), cols: Array.from({ length: R_N + 1 }, () => new Column(4)) }
      this.reports.set(key, r)
    } else if (idx > r.bucket) {
      closeReports(r)
      r.bucket = idx
    }
    return r
  }

  // ---- end ----

  /** Ends the input and builds the entry. */
  end(): ParsedEntry {
    this.ended = true
    this.chunks.end()
    const fmt = this.reader.format
    const entry = emptyEntry('pcap', fmt === 'pcapng' ? 'pcapng' : 'pcap')
    this.tRel = this.lastRel
    this.tEpoch = (this.base || 0) + this.lastRel
    for (const f of this.flows.all) f.state.tcp?.finish()
    this.promoteLeftovers()
    const host = captureHosts(this.convs)
    const byConv = new Map<Conv, StreamRec[]>()
    const finished = new Map<StreamRec, { clockRate: number; h: number }>()
    for (const rec of this.streams) {
      const s = rec.s
      const buckets = s.finish()
      const cls = classifyStream({
        mainPt: s.mainPt, packets: s.packets, markers: s.markers, pairs: s.pairs, sameTimestampPairs: s.sameTimestampPairs,
        payloadBytes: s.payloadBytes, rateEstimate: s.rateEstimate,
      })
      const h = hypothesisIndex(cls.clockRate)
      finished.set(rec, { clockRate: cls.clockRate, h })
      const f = rec.flow
      const est = s.rateEstimate
      if (Number.isFinite(est) && Math.abs(est / cls.clockRate - 1) > 0.25) {
        this.diag('warning', `stream 0x${hex32(s.ssrc)} (${f.src} → ${f.dst}): RTP timestamps advance at about ${Math.round(est)} Hz, not the ${cls.clockRate} Hz assumed; its jitter figures are not meaningful`)
      }
      const dir = direction(f.srcIp, f.dstIp, host)
      const conv = f.state.conv
      const info: StreamInfo = {
        key: rec.key, connectionKey: conv.key, kind: cls.kind, direction: dir.direction, ssrc: s.ssrc,
        label: `${payloadTypeName(s.mainPt)} 0x${hex32(s.ssrc).toUpperCase()} ${f.src} → ${f.dst}`,
        meta: { src: f.src, dst: f.dst, transport: rec.via, directionRule: dir.rule, payloadType: s.mainPt },
      }
      if (cls.codec) info.codec = cls.codec
      entry.streams.push(info)
      entry.summaries.push({ streamKey: rec.key, figures: streamFigures(s, h, cls, f.src, f.dst, rec.via) })
      pushStreamSeries(entry.series, rec.key, conv.key, buckets, h)
      for (const g of s.gaps) {
        entry.events.push({
          t: g.epochMs, type: 'rtp.gap', severity: 'warning', streamKey: rec.key, connectionKey: conv.key,
          message: `RTP gap of ${(g.gapMs / 1000).toFixed(1)} s in 0x${hex32(s.ssrc)} (${f.src} → ${f.dst}), seq ${g.seqBefore} → ${g.seqAfter}`,
          data: { gapMs: round3(g.gapMs), seqBefore: g.seqBefore, seqAfter: g.seqAfter, ssrc: `0x${hex32(s.ssrc)}` },
        })
      }
      const list = byConv.get(conv)
      if (list) list.push(rec)
      else byConv.set(conv, [rec])
    }
    this.attachReports(entry, byConv, finished)
    for (const ev of this.events.finish()) entry.events.push(ev)
    entry.events.sort((a, b) => a.t - b.t)
    for (const conv of this.convs) {
      if (conv.rtp + conv.rtcp + conv.srtcp + conv.stun + conv.dtls + conv.turnChannel === 0) continue
      entry.connections.push(connectionInfo(conv))
    }
    this.finishDiagnostics()
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
    m.rtpStreams = this.streams.length
    if (this.frame > 0) {
      m.firstPacketTime = this.base
      m.captureHostV4 = host.v4 ?? null
      m.captureHostV6 = host.v6 ?? null
    }
    return entry
  }

  private promoteLeftovers(): void {
    let unconfirmed = 0
    for (const f of this.flows.all) {
      const st = f.state
      if (!st.pending) continue
      for (const c of [...st.pending.values()]) {
        const conv = st.conv
        if (c.n >= 2 && c.steps >= 1 && (conv.streams > 0 || conv.rtcp + conv.srtcp > 0)) this.confirm(f, c, c.via)
        else unconfirmed++
      }
      st.pending = null
    }
    if (unconfirmed > 0) {
      this.diag('info', `${unconfirmed} SSRC candidates with RTP-like headers were not confirmed as RTP streams (fewer than 3 packets in sequence)`)
    }
  }

  /** RTCP figures go to the stream of the reported SSRC: same conversation, else the RTP port pair, else any. */
  private attachReports(entry: ParsedEntry, byConv: Map<Conv, StreamRec[]>, finished: Map<StreamRec, { clockRate: number }>): void {
    const bySsrc = new Map<number, StreamRec[]>()
    for (const rec of this.streams) {
      const l = bySsrc.get(rec.s.ssrc)
      if (l) l.push(rec)
      else bySsrc.set(rec.s.ssrc, [rec])
    }
    let orphans = 0
    for (const r of this.reports.values()) {
      closeReports(r)
      let target = byConv.get(r.conv)?.find((x) => x.s.ssrc === r.ssrc)
      if (!target) {
        const cands = bySsrc.get(r.ssrc) ?? []
        target = cands.find((x) => sameHostsPortBelow(x.flow.state.conv, r.conv)) ?? cands[0]
      }
      if (!target) orphans++
      const streamKey = target?.key
      const connectionKey = target ? target.flow.state.conv.key : r.conv.key
      const clock = target ? finished.get(target)!.clockRate : NaN
      const t = r.cols[R_N]!.toArray()
      const add = (i: number, metric: string, unit: string, scale = 1) => {
        const v = r.cols[i]!.toArray()
        const keep: number[] = []
        for (let k = 0; k < v.length; k++) if (Number.isFinite(v[k]!)) keep.push(k)
        if (keep.length === 0 || !Number.isFinite(scale)) return
        const s: SeriesData = {
          metric, unit, connectionKey, t: Float64Array.from(keep, (k) => t[k]!), v: Float64Array.from(keep, (k) => v[k]! * scale),
        }
        if (streamKey) s.streamKey = streamKey
        entry.series.push(s)
      }
      add(R_FRACTION, 'stat.rtcp.fraction_lost', '%')
      add(R_CUMLOST, 'stat.rtcp.cumulative_lost', 'count')
      add(R_JITTER, 'stat.rtcp.jitter_ms', 'ms', 1000 / clock)
      add(R_RTT, 'rtt_ms', 'ms')
      add(R_NACK, 'nack_per_s', 'per s')
      add(R_PLI, 'pli_per_s', 'per s')
      add(R_FIR, 'fir_per_s', 'per s')
      add(R_REMB, 'stat.rtcp.remb_kbps', 'kbps')
    }
    this.rtcpOrphans = orphans
  }

  private finishDiagnostics(): void {
    const c = this.decoder.counters
    const d = (severity: Severity, message: string) => this.diag(severity, message)
    for (const [lt, n] of c.unsupportedLink) d('warning', `${n} frames with unsupported link-layer type ${linkTypeName(lt)} skipped`)
    if (c.malformed > 0) d('warning', `${c.malformed} frames with malformed or truncated IP/UDP/TCP headers skipped`)
    if (c.nonIp > 0) d('info', `${c.nonIp} non-IP frames (ARP, LLDP...) skipped`)
    if (c.fragments > 0) d('info', `${c.fragments} non-first IP fragments not reassembled (skipped)`)
    if (c.otherTransport > 0) d('info', `${c.otherTransport} IP packets of other protocols (ICMP, SCTP...) skipped`)
    if (this.tcpSkipped > 0) {
      const flows = this.flows.all.filter((f) => f.state.tcp?.mode === TCP_OTHER).length
      d('info', `${this.tcpSkipped} TCP segments in ${flows} flows not analysed (no RFC 4571 or TURN-over-TCP framing)`)
    }
    let holes = 0
    for (const f of this.flows.all) {
      const t = f.state.tcp
      if (t && (t.mode === TCP_RFC4571 || t.mode === TCP_TURN)) holes += t.unfilled + t.resyncs
    }
    if (holes > 0) d('warning', `${holes} holes or framing losses in TCP-framed media (segments missing from the capture and never retransmitted): frames in them are lost`)
    const srtcp = this.convs.reduce((n, cv) => n + cv.srtcp, 0)
    if (srtcp > 0) d('info', `${srtcp} SRTCP packets encrypted: only their packet type and sender SSRC were read`)
    if (this.rtcpOrphans > 0) d('info', `RTCP reports about ${this.rtcpOrphans} SSRCs with no RTP stream in the capture (attached to the connection)`)
    if (this.negativeRtt > 0) d('info', `${this.negativeRtt} RTCP round-trip computations were negative (capture point not at the SR sender) and were dropped`)
    const back = this.streams.reduce((n, r) => n + r.s.backInTime, 0)
    if (back > 0) d('info', `${back} RTP packets are earlier in capture time than the previous packet of their stream (merged or reordered capture)`)
    if (this.frame > 0 && this.streams.length === 0) d('info', 'no RTP stream found in the capture')
  }

  private newFlowState(f: Flow<FlowState>): FlowState {
    const rev = this.flows.reverseOf(f)
    let conv = rev?.state.conv
    if (!conv) {
      const proto = f.proto === PROTO_TCP ? 'tcp' : f.proto === PROTO_UDP ? 'udp' : `ip${f.proto}`
      conv = {
        id: this.convs.length, key: `${proto} ${f.src} <-> ${f.dst}`, proto: f.proto, where: `${f.src} ↔ ${f.dst}`,
        aIp: f.srcIp, bIp: f.dstIp, aPort: f.srcPort, bPort: f.dstPort, packets: 0, bytes: 0, rtp: 0, rtcp: 0, srtcp: 0,
        stun: 0, dtls: 0, dtlsData: 0, turnChannel: 0, turnIndication: 0, zrtp: 0, other: 0, streams: 0,
      }
      this.convs.push(conv)
    }
    return { conv, packets: 0, streams: null, pending: null, tcp: null, lastSsrc: -1, last: null }
  }
}

/** RTP/RTCP version 2, STUN with the magic cookie, or a DTLS record header. */
function looksLikeMedia(b: Uint8Array, o: number, len: number): boolean {
  const c = b[o]!
  if (c >= 128 && c < 192) return len >= 8
  if (c <= 3) return len >= 20 && u32be(b, o + 4) === 0x2112a442
  return c >= 20 && c <= 23 && len >= 13 && b[o + 1] === 0xfe
}

function closeReports(r: Reports): void {
  let any = false
  for (let i = 0; i < R_N; i++) if (!Number.isNaN(r.cur[i]!)) any = true
  if (!any) return
  for (let i = 0; i < R_N; i++) r.cols[i]!.push(r.cur[i]!)
  r.cols[R_N]!.push((r.bucket + 1) * 1000)
  r.cur.fill(NaN)
}

function ringPut(map: Map<number, Ring>, ssrc: number, key: number, t: number): void {
  let r = map.get(ssrc)
  if (!r) {
    r = { key: new Float64Array(SR_RING), t: new Float64Array(SR_RING), n: 0 }
    map.set(ssrc, r)
  }
  const i = r.n % SR_RING
  r.key[i] = key
  r.t[i] = t
  r.n++
}

function ringFind(map: Map<number, Ring>, ssrc: number, key: number): number | null {
  const r = map.get(ssrc)
  if (!r) return null
  for (let k = 1; k <= Math.min(r.n, SR_RING); k++) {
    const i = (r.n - k) % SR_RING
    if (r.key[i] === key) return r.t[i]!
  }
  return null
}

/** RTCP on the odd port next to RTP (RFC 3550 §11): same hosts, ports one below. */
function sameHostsPortBelow(rtpConv: Conv, rtcpConv: Conv): boolean {
  const direct = rtpConv.aIp === rtcpConv.aIp && rtpConv.bIp === rtcpConv.bIp && rtpConv.aPort + 1 === rtcpConv.aPort && rtpConv.bPort + 1 === rtcpConv.bPort
  const crossed = rtpConv.aIp === rtcpConv.bIp && rtpConv.bIp === rtcpConv.aIp && rtpConv.aPort + 1 === rtcpConv.bPort && rtpConv.bPort + 1 === rtcpConv.aPort
  return direct || crossed
}

export interface CaptureHosts { v4?: string; v6?: string }

/**
 * The capture host of each address family: the address with the most distinct peers over all
 * conversations, when it has at least 2 and no other address has as many.
 */
export function captureHosts(convs: Pick<Conv, 'aIp' | 'bIp'>[]): CaptureHosts {
  const peers = new Map<string, Set<string>>()
  const add = (a: string, b: string) => {
    let s = peers.get(a)
    if (!s) peers.set(a, (s = new Set()))
    s.add(b)
  }
  for (const c of convs) {
    add(c.aIp, c.bIp)
    add(c.bIp, c.aIp)
  }
  const out: CaptureHosts = {}
  for (const fam of ['v4', 'v6'] as const) {
    let best = ''
    let bestN = 0
    let tie = false
    for (const [ip, s] of peers) {
      if (ip.includes(':') !== (fam === 'v6') || isGroupIp(ip)) continue
      const n = [...s].filter((x) => !isGroupIp(x)).length
      if (n > bestN) {
        best = ip
        bestN = n
        tie = false
      } else if (n === bestN) tie = true
    }
    if (bestN >= 2 && !tie) out[fam] = best
  }
  return out
}

/**
 * Direction of a stream, by the first rule that applies:
 *  1. `capture-host`: the source is the capture host of its address family → send; the destination is → recv.
 *  2. `private-public`: a private/link-local/ULA source sending to a public address → send; the reverse → recv.
 *  3. `default`: recv.
 */
export function direction(src: string, dst: string, host: CaptureHosts): { direction: 'send' | 'recv'; rule: string } {
  const h = src.includes(':') ? host.v6 : host.v4
  if (h !== undefined) {
    if (src === h) return { direction: 'send', rule: 'capture-host' }
    if (dst === h) return { direction: 'recv', rule: 'capture-host' }
  }
  const sp = isPrivateIp(src)
  const dp = isPrivateIp(dst)
  if (sp && !dp && !isGroupIp(dst)) return { direction: 'send', rule: 'private-public' }
  if (!sp && dp) return { direction: 'recv', rule: 'private-public' }
  return { direction: 'recv', rule: 'default' }
}

function pushStreamSeries(out: SeriesData[], streamKey: string, connectionKey: string,
  b: ReturnType<RtpStream['finish']>, h: number): void {
  const n = b.t.length
  if (n === 0) return
  const bitrate = new Float64Array(n)
  const pps = new Float64Array(n)
  const loss = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    bitrate[i] = (b.bytes[i]! * 8) / 1000
    pps[i] = b.packets[i]!
    const exp = b.expected[i]!
    loss[i] = exp > 0 ? (Math.max(0, exp - b.packets[i]!) * 100) / exp : Number.isNaN(exp) ? NaN : b.packets[i]! > 0 ? 0 : NaN
  }
  const base = { streamKey, connectionKey }
  out.push({ ...base, metric: 'bitrate', unit: 'kbps', t: b.t, v: bitrate })
  out.push({ ...base, metric: 'packets_per_s', unit: 'pps', t: b.t.slice(), v: pps })
  out.push({ ...base, metric: 'loss_pct', unit: '%', t: b.t.slice(), v: loss })
  out.push({ ...base, metric: 'jitter_ms', unit: 'ms', t: b.t.slice(), v: b.jitter[h]! })
}

function connectionInfo(c: Conv): ConnectionInfo {
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

function round3(x: number): number {
  return Math.round(x * 1000) / 1000
}

