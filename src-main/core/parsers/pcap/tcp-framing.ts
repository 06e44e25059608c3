/**
 * Media framed inside one direction of a TCP connection:
 *  - RFC 4571 (16-bit length, then RTP, RTCP, or, for ICE-TCP (RFC 6544), STUN and DTLS), and
 *  - TURN over TCP (RFC 5766 §2.1 / RFC 6062): STUN messages and ChannelData padded to 4 bytes.
 * Like Wireshark, each frame is stamped with the capture time of the segment that completes it, and a
 * segment after a hole in the sequence space (a segment lost before the capture point) is read at once
 * from its start when it starts on a frame; the hole is remembered (up to 16) and a retransmission that
 * later fills it is read on its own, keeping only the frames inside the hole. A frame straddling a hole
 * edge is lost. The carry-over buffer holds at most one frame (≤ 64 KiB + 8). Flows that are neither
 * (TLS, HTTP, SIP...) are recognised from their first segments and ignored from then on.
 */
import { u16be, u32be } from './bytes'
import { STUN_COOKIE } from './stun'

export const TCP_UNKNOWN = 0
export const TCP_RFC4571 = 1
export const TCP_TURN = 2
export const TCP_OTHER = 3

/** Frame kinds handed to the sink. */
export const FRAME_4571 = 1
export const FRAME_STUN = 2
export const FRAME_CHANNEL = 3

export type FrameSink = (b: Uint8Array, o: number, len: number, kind: number) => void

const MAX_FRAME = 0x10000 + 8
const PROBE_SEGMENTS = 4
const MAX_HOLES = 16
const INCOMPLETE = 0
const INVALID = -1

export class TcpFramer {
  mode = TCP_UNKNOWN
  frames = 0
  holes = 0
  resyncs = 0
  private next = -1
  private buf: Uint8Array | null = null
  private bufLen = 0
  private probes = 0
  /** Sequence ranges [from, to) not seen yet, oldest first. */
  private readonly gaps: number[] = []

  constructor(private readonly sink: FrameSink) {}

  /** One segment's payload with its TCP sequence number. */
  segment(seq: number, b: Uint8Array, o: number, len: number): void {
    if (this.mode === TCP_OTHER || len <= 0) return
    if (this.next < 0) {
      this.take(seq, b, o, len)
      return
    }
    const d = (seq - this.next) | 0
    if (d > 0) {
      this.holes++
      this.gaps.push(this.next, seq)
      if (this.gaps.length > 2 * MAX_HOLES) this.gaps.splice(0, 2)
      this.bufLen = 0
      this.take(seq, b, o, len)
    } else if (d === 0) this.take(seq, b, o, len)
    else {
      if (this.gaps.length > 0) this.fill(seq, b, o, len)
      if (((seq + len - this.next) | 0) > 0) this.take(this.next, b, o - d, len + d)
    }
  }

  /** Holes never filled by a retransmission (set by `finish`). */
  unfilled = 0

  /** End of input: counts the holes left open. */
  finish(): void {
    this.bufLen = 0
    this.unfilled = this.gaps.length / 2
  }

  private take(seq: number, b: Uint8Array, o: number, len: number): void {
    this.next = (seq + len) >>> 0
    if (this.bufLen === 0) {
      const used = this.parse(b, o, o + len)
      if (used < len && this.mode !== TCP_OTHER) this.keep(b, o + used, len - used)
      return
    }
    this.keep(b, o, len)
    if (this.bufLen === 0) return
    const buf = this.buf!
    const used = this.parse(buf, 0, this.bufLen)
    if (used >= this.bufLen || this.mode === TCP_OTHER) this.bufLen = 0
    else if (used > 0) {
      buf.copyWithin(0, used, this.bufLen)
      this.bufLen -= used
    }
  }

  /** A retransmission of bytes seen missing: its whole frames inside a hole are read on their own. */
  private fill(seq: number, b: Uint8Array, o: number, len: number): void {
    const g = this.gaps
    for (let i = 0; i < g.length; i += 2) {
      const from = g[i]!
      const to = g[i + 1]!
      const segEnd = (seq + len) >>> 0
      if (((segEnd - from) | 0) <= 0 || ((to - seq) | 0) <= 0) continue
      let p = o
      const end = o + len
      while (p < end) {
        const total = this.frameLength(b, p, end - p)
        if (total <= 0) break
        const at = (seq + (p - o)) >>> 0
        if (((at - from) | 0) >= 0 && ((at + Math.min(total, end - p) - to) | 0) <= 0) this.emit(b, p, end - p)
        p += total
      }
      if (((seq - from) | 0) <= 0 && ((segEnd - to) | 0) >= 0) g.splice(i, 2)
      else if (((seq - from) | 0) <= 0) g[i] = segEnd
      else if (((segEnd - to) | 0) >= 0) g[i + 1] = seq
      return
    }
  }

  private keep(b: Uint8Array, o: number, len: number): void {
    const need = this.bufLen + len
    if (need > MAX_FRAME) {
      // Cannot be one frame: framing lost.
      this.resyncs++
      this.bufLen = 0
      return
    }
    if (!this.buf || this.buf.length < need) {
      const grown = new Uint8Array(Math.min(MAX_FRAME, Math.max(need, 2048, (this.buf?.length ?? 0) * 2)))
      if (this.buf) grown.set(this.buf.subarray(0, this.bufLen))
      this.buf = grown
    }
    this.buf.set(b.subarray(o, o + len), this.bufLen)
    this.bufLen = need
  }

  /** Bytes the frame at `p` occupies (padding included), INCOMPLETE (0) or INVALID (-1). */
  private frameLength(b: Uint8Array, p: number, avail: number): number {
    if (this.mode === TCP_RFC4571) {
      if (avail < 3) return INCOMPLETE
      const flen = u16be(b, p)
      if (flen < 4 || !mediaFirstByte(b[p + 2]!)) return INVALID
      return avail < 2 + flen ? INCOMPLETE : 2 + flen
    }
    const c = b[p]!
    if (c <= 3) {
      if (avail < 8) return INCOMPLETE
      if (u32be(b, p + 4) !== STUN_COOKIE) return INVALID
      const total = 20 + u16be(b, p + 2)
      return avail < total ? INCOMPLETE : total
    }
    if (c >= 0x40 && c <= 0x7f) {
      if (avail < 4) return INCOMPLETE
      const clen = u16be(b, p + 2)
      if (avail < 4 + clen) return INCOMPLETE
      return Math.min(4 + ((clen + 3) & ~3), avail)
    }
    return INVALID
  }

  /** Hands the complete frame at `p` to the sink. */
  private emit(b: Uint8Array, p: number, avail: number): void {
    this.frames++
    if (this.mode === TCP_RFC4571) this.sink(b, p + 2, u16be(b, p), FRAME_4571)
    else if (b[p]! <= 3) this.sink(b, p, 20 + u16be(b, p + 2), FRAME_STUN)
    else this.sink(b, p, Math.min(4 + u16be(b, p + 2), avail), FRAME_CHANNEL)
  }

  /** Reads whole frames from `b[p, end)`; returns bytes consumed (all of them after a framing error). */
  private parse(b: Uint8Array, p: number, end: number): number {
    const start = p
    while (p < end) {
      if (this.mode === TCP_UNKNOWN) {
        this.mode = detect(b, p, end)
        if (this.mode === TCP_UNKNOWN) {
          if (++this.probes >= PROBE_SEGMENTS) this.mode = TCP_OTHER
          return end - start
        }
        if (this.mode === TCP_OTHER) return end - start
      }
      const total = this.frameLength(b, p, end - p)
      if (total === INCOMPLETE) break
      if (total === INVALID) return this.lost(end - start)
      this.emit(b, p, end - p)
      p += total
    }
    return p - start
  }

  private lost(consumed: number): number {
    this.resyncs++
    if ((this.frames < 3 && this.resyncs >= 2) || (this.resyncs > 64 && this.resyncs > this.frames)) this.mode = TCP_OTHER
    return consumed
  }
}

/** RTP/RTCP (128–191), STUN (0–3) or DTLS (20–63) first byte. */
function mediaFirstByte(c: number): boolean {
  return (c >= 128 && c < 192) || c <= 3 || (c >= 20 && c < 64)
}

/** A valid RFC 4571 frame at `p` (content: RTP/RTCP v2, STUN with cookie, DTLS record). */
function rfc4571At(b: Uint8Array, p: number, end: number): boolean {
  if (end - p < 8) return false
  const flen = u16be(b, p)
  const c = b[p + 2]!
  if (c >= 128 && c < 192) return flen >= 8
  if (c <= 3) return flen >= 20 && u32be(b, p + 6) === STUN_COOKIE && u16be(b, p + 4) + 20 === flen
  if (c >= 20 && c <= 23) return flen >= 13 && b[p + 3] === 0xfe && u16be(b, p + 13) + 13 <= flen
  return false
}

/** Framing of a flow from its first payload bytes; a second frame in the segment must be valid too. */
function detect(b: Uint8Array, p: number, end: number): number {
  const avail = end - p
  if (avail < 4) return TCP_UNKNOWN
  const c = b[p]!
  if (c >= 20 && c <= 23 && b[p + 1] === 3) return TCP_OTHER // TLS
  if (c <= 3 && avail >= 20 && u32be(b, p + 4) === STUN_COOKIE) return TCP_TURN
  if (rfc4571At(b, p, end)) {
    const nextAt = p + 2 + u16be(b, p)
    if (nextAt + 8 <= end && !rfc4571At(b, nextAt, end)) return TCP_UNKNOWN
    return TCP_RFC4571
  }
  if (c >= 0x40 && c <= 0x7f && avail >= 5) {
    const clen = u16be(b, p + 2)
    const inner = b[p + 4]!
    if (clen >= 12 && inner >> 6 === 2) return TCP_TURN
  }
  // Printable text (HTTP, SIP) or anything else: not media framing.
  return c >= 0x20 && c < 0x7f ? TCP_OTHER : TCP_UNKNOWN
}
