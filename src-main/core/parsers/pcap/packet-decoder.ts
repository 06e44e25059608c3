/**
 * Link layer -> IPv4/IPv6 -> UDP/TCP decoding into one reused, mutable `DecodedPacket` (no
 * allocation per packet). Link types: null/loopback (0, 108), Ethernet with 802.1Q/QinQ tags and
 * PPPoE, raw IP (12, 14, 101, 228, 229), Linux SLL (113) and SLL2 (276). IPv6 extension headers are
 * skipped; non-first fragments are counted and ignored; first fragments are decoded as far as captured.
 */
import { u16be, u32be, u32le } from './bytes'

export const PROTO_TCP = 6
export const PROTO_UDP = 17

/** The decoded headers of the current packet; offsets index `buf`. Valid until the next decode. */
export interface DecodedPacket {
  buf: Uint8Array
  ipVersion: number
  /** Offsets of the source and destination addresses, and their length (4 or 16). */
  srcAddr: number
  dstAddr: number
  addrLen: number
  proto: number
  srcPort: number
  dstPort: number
  /** Transport payload. */
  payloadOff: number
  payloadLen: number
  /** True when the payload is cut short (first fragment or snap length). */
  partial: boolean
  tcpSeq: number
  tcpFlags: number
}

/** Counts of what could not be decoded, for diagnostics. */
export interface DecodeCounters {
  unsupportedLink: Map<number, number>
  nonIp: number
  malformed: number
  fragments: number
  otherTransport: number
}

/** Stateless decoder with a reused result object. */
export class PacketDecoder {
  readonly p: DecodedPacket = {
    buf: new Uint8Array(0), ipVersion: 0, srcAddr: 0, dstAddr: 0, addrLen: 4, proto: 0, srcPort: 0, dstPort: 0,
    payloadOff: 0, payloadLen: 0, partial: false, tcpSeq: 0, tcpFlags: 0,
  }
  readonly counters: DecodeCounters = { unsupportedLink: new Map(), nonIp: 0, malformed: 0, fragments: 0, otherTransport: 0 }

  /** Decodes one frame; true when `p` now holds a UDP or TCP packet. */
  decode(b: Uint8Array, off: number, len: number, linkType: number, origLen: number): boolean {
    const end = off + len
    let net = -1
    let ethertype = 0
    switch (linkType) {
      case 1:
        return this.ether(b, off + 12, end, origLen > len)
      case 0:
      case 108: {
        if (len < 4) return this.bad()
        const famBe = u32be(b, off)
        const famLe = u32le(b, off)
        const fam = famBe < 256 ? famBe : famLe
        if (fam === 2) ethertype = 0x0800
        else if (fam === 24 || fam === 28 || fam === 30) ethertype = 0x86dd
        else return this.nonIp()
        net = off + 4
        break
      }
      case 12: case 14: case 101:
        net = off
        ethertype = len > 0 && b[off]! >> 4 === 6 ? 0x86dd : 0x0800
        break
      case 228: net = off; ethertype = 0x0800; break
      case 229: net = off; ethertype = 0x86dd; break
      case 113:
        if (len < 16) return this.bad()
        return this.ethertype(b, u16be(b, off + 14), off + 16, end, origLen > len)
      case 276:
        if (len < 20) return this.bad()
        return this.ethertype(b, u16be(b, off), off + 20, end, origLen > len)
      default:
        this.counters.unsupportedLink.set(linkType, (this.counters.unsupportedLink.get(linkType) ?? 0) + 1)
        return false
    }
    return this.ethertype(b, ethertype, net, end, origLen > len)
  }

  private ether(b: Uint8Array, typeOff: number, end: number, cut: boolean): boolean {
    if (typeOff + 2 > end) return this.bad()
    let t = u16be(b, typeOff)
    let p = typeOff + 2
    while ((t === 0x8100 || t === 0x88a8 || t === 0x9100 || t === 0x9200) && p + 4 <= end) {
      t = u16be(b, p + 2)
      p += 4
    }
    if (t === 0x8864 && p + 8 <= end) {
      const ppp = u16be(b, p + 6)
      t = ppp === 0x0021 ? 0x0800 : ppp === 0x0057 ? 0x86dd : 0
      p += 8
    }
    return this.ethertype(b, t, p, end, cut)
  }

  private ethertype(b: Uint8Array, t: number, net: number, end: number, cut: boolean): boolean {
    if (t === 0x0800) return this.ipv4(b, net, end, cut)
    if (t === 0x86dd) return this.ipv6(b, net, end, cut)
    return this.nonIp()
  }

  private ipv4(b: Uint8Array, o: number, end: number, cut: boolean): boolean {
    if (o + 20 > end || b[o]! >> 4 !== 4) return this.bad()
    const ihl = (b[o]! & 0x0f) * 4
    const total = u16be(b, o + 2)
    if (ihl < 20 || total < ihl) return this.bad()
    const frag = u16be(b, o + 6)
    if ((frag & 0x1fff) !== 0) {
      this.counters.fragments++
      return false
    }
    const p = this.p
    p.buf = b
    p.ipVersion = 4
    p.srcAddr = o + 12
    p.dstAddr = o + 16
    p.addrLen = 4
    const ipEnd = Math.min(o + total, end)
    return this.transport(b, b[o + 9]!, o + ihl, ipEnd, cut || (frag & 0x2000) !== 0 || o + total > end)
  }

  private ipv6(b: Uint8Array, o: number, end: number, cut: boolean): boolean {
    if (o + 40 > end || b[o]! >> 4 !== 6) return this.bad()
    const plen = u16be(b, o + 4)
    const ipEnd = plen === 0 ? end : Math.min(o + 40 + plen, end)
    let next = b[o + 6]!
    let p = o + 40
    let partial = cut || (plen !== 0 && o + 40 + plen > end)
    for (let guard = 0; guard < 8; guard++) {
      if (next === 0 || next === 43 || next === 60) {
        if (p + 8 > ipEnd) return this.bad()
        next = b[p]!
        p += (b[p + 1]! + 1) * 8
      } else if (next === 44) {
        if (p + 8 > ipEnd) return this.bad()
        if (u16be(b, p + 2) >> 3 !== 0) {
          this.counters.fragments++
          return false
        }
        if (u16be(b, p + 2) & 1) partial = true
        next = b[p]!
        p += 8
      } else if (next === 51) {
        if (p + 8 > ipEnd) return this.bad()
        next = b[p]!
        p += (b[p + 1]! + 2) * 4
      } else break
    }
    const d = this.p
    d.buf = b
    d.ipVersion = 6
    d.srcAddr = o + 8
    d.dstAddr = o + 24
    d.addrLen = 16
    return this.transport(b, next, p, ipEnd, partial)
  }

  private transport(b: Uint8Array, proto: number, o: number, end: number, partial: boolean): boolean {
    const p = this.p
    p.proto = proto
    p.partial = partial
    if (proto === 17) {
      if (o + 8 > end) return this.bad()
      const ulen = u16be(b, o + 4)
      if (ulen < 8) return this.bad()
      p.srcPort = u16be(b, o)
      p.dstPort = u16be(b, o + 2)
      p.payloadOff = o + 8
      p.payloadLen = Math.min(ulen, end - o) - 8
      if (ulen > end - o) p.partial = true
      return true
    }
    if (proto === 6) {
      if (o + 20 > end) return this.bad()
      const doff = (b[o + 12]! >> 4) * 4
      if (doff < 20 || o + doff > end) return this.bad()
      p.srcPort = u16be(b, o)
      p.dstPort = u16be(b, o + 2)
      p.tcpSeq = u32be(b, o + 4)
      p.tcpFlags = b[o + 13]!
      p.payloadOff = o + doff
      p.payloadLen = end - o - doff
      return true
    }
    this.counters.otherTransport++
    return false
  }

  private bad(): boolean {
    this.counters.malformed++
    return false
  }

  private nonIp(): boolean {
    this.counters.nonIp++
    return false
  }
}
