/**
 * The RTP candidate and stream registry: RTP is recognised heuristically per (flow, SSRC), a candidate
 * becoming a stream after 2 steps of sequence continuity (rules on `RtpRegistry`). Held packets are
 * replayed into the stream when it is confirmed, so its figures include them. SRTP headers are clear, so
 * SRTP streams are analysed the same way. Memory: at most 16 candidates × 8 held packets per flow.
 */
import { hex32, u16be, u32be } from './bytes'
import type { FlowState, StreamRec, Via } from './conversation'
import type { Flow } from './flow-table'
import { PROTO_TCP } from './packet-decoder'
import { RtpStream } from './rtp-stream'

/** A candidate SSRC not yet confirmed as RTP: up to PENDING_MAX packets held as numbers. */
export interface Pending {
  ssrc: number
  via: Via
  n: number
  steps: number
  lastSeq: number
  lastTs: number
  recs: Float64Array
}

const PENDING_MAX = 8
const PENDING_PER_FLOW = 16
const REC = 10 // relMs, epochMs, frame, seq, ts, marker, pt, rtpLen, payloadLen, ipOverhead
const CONFIRM_STEPS = 2
const MAX_SEQ_STEP = 16
const MAX_TS_STEP = 0x1000000

/**
 * Every RTP stream of the capture, in order of confirmation, and the candidates held per flow. A candidate
 * needs 2 steps of sequence continuity (+1..+16) between packets of the same SSRC with version 2 and a
 * valid header (CSRC count and extension length within the packet), each step's timestamp moving by at
 * most ±2^24 (a step in sequence with a timestamp leap, e.g. padding probes stamped 0, is held but not
 * counted; a sequence jump restarts the candidate; duplicates and small reorderings are held). Up to 8
 * packets are held per candidate (16 candidates per flow). At the end, a 2-packet candidate with one
 * continuous step is kept when its conversation already has RTP or RTCP.
 */
export class RtpRegistry {
  readonly streams: StreamRec[] = []

  /**
   * One RTP-looking packet (first byte 128–191) of `flow` at capture frame `frame`: false when its header
   * is invalid; otherwise it goes to its stream, or is held as a candidate (confirming it after 2 steps).
   */
  add(flow: Flow<FlowState>, b: Uint8Array, o: number, len: number, wire: number, relMs: number, epoch: number,
    frame: number, overhead: number, via: Via): boolean {
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
      rec.s.add(relMs, epoch, frame, seq, ts, marker, pt, wire, wire - h, overhead)
      return true
    }
    const c = this.candidate(st, ssrc, seq, ts, via)
    const r = c.recs
    const k = c.n * REC
    r[k] = relMs
    r[k + 1] = epoch
    r[k + 2] = frame
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

  /**
   * At the end of the capture: keeps the 2-packet candidates with one continuous step in conversations
   * that already have RTP streams or RTCP, drops the others. Returns how many candidates were dropped.
   */
  promoteLeftovers(flows: readonly Flow<FlowState>[]): number {
    let unconfirmed = 0
    for (const f of flows) {
      const st = f.state
      if (!st.pending) continue
      for (const c of [...st.pending.values()]) {
        const conv = st.conv
        if (c.n >= 2 && c.steps >= 1 && (conv.streams > 0 || conv.rtcp + conv.srtcp > 0)) this.confirm(f, c, c.via)
        else unconfirmed++
      }
      st.pending = null
    }
    return unconfirmed
  }

  /** The candidate of `ssrc` in the flow, created or advanced by a packet (seq, ts) about to be held. */
  private candidate(st: FlowState, ssrc: number, seq: number, ts: number, via: Via): Pending {
    if (!st.pending) st.pending = new Map()
    let c = st.pending.get(ssrc)
    if (!c) {
      if (st.pending.size >= PENDING_PER_FLOW) st.pending.delete(st.pending.keys().next().value!)
      c = { ssrc, via, n: 0, steps: 0, lastSeq: seq, lastTs: ts, recs: new Float64Array(PENDING_MAX * REC) }
      st.pending.set(ssrc, c)
      return c
    }
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
    return c
  }

  /** Turns a candidate into a stream, replaying its held packets into it. */
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
}
