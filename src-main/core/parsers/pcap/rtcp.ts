/**
 * RTCP compound packets (RFC 3550, 3611, 4585, 5104): SR, RR, BYE, RTPFB/PSFB feedback (NACK, PLI, FIR,
 * REMB) and XR (RRTR, DLRR). SRTCP (RFC 3711) leaves the first 8 bytes of the compound in clear (header
 * and sender SSRC) and encrypts the rest: when the packets do not walk cleanly to the end of the datagram
 * (allowing the unencrypted-SRTCP trailer), only that clear header is used.
 */
import { u16be, u32be } from './bytes'

/** Receives what a compound packet says. SSRCs are unsigned 32-bit numbers. */
export interface RtcpSink {
  senderReport(ssrc: number, ntpMiddle: number, rtpTs: number, packetCount: number, octetCount: number): void
  /** One report block: `reporter` says about `ssrc`. `cumLost` is signed; `jitter` in timestamp units. */
  reportBlock(reporter: number, ssrc: number, fractionLost: number, cumLost: number, extHighest: number,
    jitter: number, lsr: number, dlsr: number): void
  receiverReferenceTime(ssrc: number, ntpMiddle: number): void
  /** XR DLRR sub-block: `sender` answers the RRTR of `ssrc`. */
  dlrr(sender: number, ssrc: number, lrr: number, dlrr: number): void
  bye(ssrc: number): void
  /** `nack` counts lost packets named; `pli`/`fir` one per request; `remb` carries the bitrate in bps. */
  feedback(kind: 'nack' | 'pli' | 'fir' | 'remb', sender: number, mediaSsrc: number, value: number): void
}

export interface RtcpResult {
  /** Packets in the compound that were read (0: not RTCP). */
  packets: number
  /** Body encrypted (SRTCP): only the first header was read. */
  encrypted: boolean
  /** Packet type and sender SSRC of the first packet. */
  firstType: number
  firstSsrc: number
}

const RESULT: RtcpResult = { packets: 0, encrypted: false, firstType: 0, firstSsrc: 0 }

/** True when `b[o]`/`b[o+1]` start an RTCP packet (RFC 5761 §4: second byte 192–223). */
export function looksLikeRtcp(b: Uint8Array, o: number, len: number): boolean {
  if (len < 8 || b[o]! >> 6 !== 2) return false
  const pt = b[o + 1]!
  return pt >= 192 && pt <= 223 && (u16be(b, o + 2) + 1) * 4 <= len
}

/** Parses a compound packet into `sink`; the result object is reused between calls. */
export function parseRtcp(b: Uint8Array, o: number, len: number, sink: RtcpSink): RtcpResult {
  const r = RESULT
  r.packets = 0
  r.encrypted = false
  const end = o + len
  let p = o
  let n = 0
  while (p + 4 <= end) {
    const pt = b[p + 1]!
    const plen = (u16be(b, p + 2) + 1) * 4
    if (b[p]! >> 6 !== 2 || pt < 192 || pt > 223 || p + plen > end) break
    n++
    p += plen
  }
  if (n === 0 || len < 8) return r
  r.firstType = b[o + 1]!
  r.firstSsrc = u32be(b, o + 4)
  const tail = end - p
  // Unencrypted SRTCP: E flag clear in the 4-byte index, then a 4/10/16-byte tag (or none with AEAD).
  const clear = tail === 0 || ((tail === 4 || tail === 8 || tail === 14 || tail === 20) && (b[p]! & 0x80) === 0)
  if (!clear) {
    // SRTCP: the first packet's clear header must be consistent with its type (SR 28 + 24·RC bytes,
    // RR 8 + 24·RC, feedback ≥ 12) and be followed by at least the 4-byte index and a tag.
    const rc = b[o]! & 0x1f
    const first = (u16be(b, o + 2) + 1) * 4
    const t = b[o + 1]!
    const ok = (t === 200 && first === 28 + 24 * rc) || (t === 201 && first === 8 + 24 * rc) ||
      ((t === 205 || t === 206) && first >= 12)
    if (!ok || len - first < 8) return r
    r.encrypted = true
    r.packets = 1
    return r
  }
  r.packets = n
  p = o
  while (p < end - tail) {
    const plen = (u16be(b, p + 2) + 1) * 4
    one(b, p, plen, sink)
    p += plen
  }
  return r
}

function one(b: Uint8Array, p: number, plen: number, sink: RtcpSink): void {
  const count = b[p]! & 0x1f
  const pt = b[p + 1]!
  const end = p + plen
  if (plen < 8) return
  const ssrc = u32be(b, p + 4)
  switch (pt) {
    case 200: {
      if (plen < 28) return
      const ntpMiddle = ((u32be(b, p + 8) & 0xffff) * 0x10000 + (u32be(b, p + 12) >>> 16)) >>> 0
      sink.senderReport(ssrc, ntpMiddle, u32be(b, p + 16), u32be(b, p + 20), u32be(b, p + 24))
      blocks(b, p + 28, count, end, ssrc, sink)
      return
    }
    case 201:
      blocks(b, p + 8, count, end, ssrc, sink)
      return
    case 203:
      for (let i = 0; i < count && p + 8 + 4 * i <= end; i++) sink.bye(u32be(b, p + 4 + 4 * i))
      return
    case 205: {
      if (plen < 12) return
      const media = u32be(b, p + 8)
      if (count === 1) {
        let lost = 0
        for (let q = p + 12; q + 4 <= end; q += 4) lost += 1 + popcount16(u16be(b, q + 2))
        sink.feedback('nack', ssrc, media, lost)
      }
      return
    }
    case 206: {
      if (plen < 12) return
      const media = u32be(b, p + 8)
      if (count === 1) sink.feedback('pli', ssrc, media, 1)
      else if (count === 4) {
        for (let q = p + 12; q + 8 <= end; q += 8) sink.feedback('fir', ssrc, u32be(b, q), 1)
      } else if (count === 15 && plen >= 20 && b[p + 12] === 0x52 && b[p + 13] === 0x45 && b[p + 14] === 0x4d && b[p + 15] === 0x42) {
        const num = b[p + 16]!
        const exp = b[p + 17]! >> 2
        const mantissa = ((b[p + 17]! & 3) << 16) | u16be(b, p + 18)
        const bps = mantissa * 2 ** exp
        for (let i = 0; i < num && p + 24 + 4 * i <= end; i++) sink.feedback('remb', ssrc, u32be(b, p + 20 + 4 * i), bps)
      }
      return
    }
    case 207: {
      let q = p + 8
      while (q + 4 <= end) {
        const bt = b[q]!
        const blen = (u16be(b, q + 2) + 1) * 4
        if (q + blen > end) return
        if (bt === 4 && blen >= 12) {
          sink.receiverReferenceTime(ssrc, ((u32be(b, q + 4) & 0xffff) * 0x10000 + (u32be(b, q + 8) >>> 16)) >>> 0)
        } else if (bt === 5) {
          for (let s = q + 4; s + 12 <= q + blen; s += 12) sink.dlrr(ssrc, u32be(b, s), u32be(b, s + 4), u32be(b, s + 8))
        }
        q += blen
      }
      return
    }
    default:
  }
}

function blocks(b: Uint8Array, q: number, count: number, end: number, reporter: number, sink: RtcpSink): void {
  for (let i = 0; i < count && q + 24 <= end; i++, q += 24) {
    let cum = (b[q + 5]! << 16) | (b[q + 6]! << 8) | b[q + 7]!
    if (cum & 0x800000) cum -= 0x1000000
    sink.reportBlock(reporter, u32be(b, q), b[q + 4]!, cum, u32be(b, q + 8), u32be(b, q + 12), u32be(b, q + 16), u32be(b, q + 20))
  }
}

function popcount16(x: number): number {
  let n = 0
  for (let v = x; v; v &= v - 1) n++
  return n
}
