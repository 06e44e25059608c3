/**
 * pcapng reader: SHB (per-section byte order), IDB (link type, if_tsresol, if_tsoffset per interface),
 * EPB, SPB and the obsolete OPB; other blocks are skipped. Blocks above MAX_RECORD_BYTES are skipped
 * while streaming, without buffering. Times: 64-bit interface units turned into ms relative to the
 * capture's first packet exactly (BigInt only once per interface, for its epoch base).
 */
import { u16, u32 } from './bytes'
import { MAX_RECORD_BYTES, type CaptureHost, type RecordReader, type TimeBase } from './capture-types'

const SHB = 0x0a0d0d0a
const IDB = 1
const OPB = 2
const SPB = 3
const EPB = 6

interface Iface {
  linkType: number
  snaplen: number
  unitsPerSec: number
  tsOffsetSec: bigint
  /** First timestamp seen on this interface (hi, lo words), or -1 before it. */
  baseHi: number
  baseLo: number
  /** This interface's base time minus the capture base, in ms. */
  offsetMs: number
}

/** Reads a pcapng file block by block. */
export class PcapngReader implements RecordReader, TimeBase {
  want = 12
  baseEpochMs = NaN
  packets = 0
  private baseNs: bigint | null = null
  private le = false
  private inSection = false
  private ifaces: Iface[] = []
  private skipLeft = 0
  private dead = false
  private lastRelMs = 0
  private spbCount = 0
  private skipped = new Map<number, number>()
  private badIface = 0

  constructor(private readonly host: CaptureHost) {}

  next(b: Uint8Array, off: number, end: number): number {
    const avail = end - off
    if (this.dead) return avail
    if (this.skipLeft > 0) {
      const k = Math.min(this.skipLeft, avail)
      this.skipLeft -= k
      return k
    }
    if (avail < 12) return this.need(12)
    const rawType = ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0
    if (rawType === SHB) {
      const bom = ((b[off + 8]! << 24) | (b[off + 9]! << 16) | (b[off + 10]! << 8) | b[off + 11]!) >>> 0
      if (bom === 0x1a2b3c4d) this.le = false
      else if (bom === 0x4d3c2b1a) this.le = true
      else return this.fatal('pcapng section header has a bad byte-order magic', avail)
      this.inSection = true
      this.ifaces = []
    } else if (!this.inSection) {
      return this.fatal('not a pcapng file (first block is not a section header)', avail)
    }
    const type = u32(b, off, this.le)
    const len = u32(b, off + 4, this.le)
    if (len < 12 || len % 4 !== 0) {
      return this.fatal(`pcapng block ${type} has an invalid length ${len}: file damaged, reading stopped`, avail)
    }
    if (len > MAX_RECORD_BYTES) {
      this.host.diag('warning', `pcapng block of type ${type} with ${len} bytes skipped (over ${MAX_RECORD_BYTES})`)
      this.skipLeft = len
      return this.next(b, off, end)
    }
    if (avail < len) return this.need(len)
    this.block(b, off, type, len)
    return len
  }

  finish(leftover: number): void {
    if (this.spbCount > 0) this.host.diag('info', `${this.spbCount} simple packet blocks carry no timestamp: the previous packet's time was used`)
    if (this.badIface > 0) this.host.diag('warning', `${this.badIface} packets refer to an undeclared interface and were ignored`)
    if (this.skipped.size > 0) {
      const list = [...this.skipped].map(([t, n]) => `type ${t} x${n}`).join(', ')
      this.host.diag('info', `pcapng blocks not used: ${list}`)
    }
    if (this.dead) return
    if (!this.inSection) this.host.diag('error', leftover > 0 ? 'pcapng file truncated inside its first block' : 'empty pcapng file')
    else if (leftover > 0 || this.skipLeft > 0) {
      this.host.diag('warning', `capture truncated: last block incomplete (${leftover} of ${this.want} bytes), ignored`)
    }
  }

  private block(b: Uint8Array, off: number, type: number, len: number): void {
    const le = this.le
    switch (type) {
      case SHB:
        return
      case IDB:
        if (len >= 20) this.addIface(b, off, len)
        return
      case EPB:
      case OPB: {
        if (len < 32) return
        const id = type === EPB ? u32(b, off + 8, le) : u16(b, off + 8, le)
        const capLen = u32(b, off + 20, le)
        const origLen = u32(b, off + 24, le)
        if (capLen > len - 32) {
          this.host.diag('warning', `pcapng packet block claims ${capLen} captured bytes in a ${len}-byte block: skipped`)
          return
        }
        this.emit(id, u32(b, off + 12, le), u32(b, off + 16, le), b, off + 28, capLen, origLen)
        return
      }
      case SPB: {
        const iface = this.ifaces[0]
        if (!iface || len < 16) {
          this.badIface++
          return
        }
        const origLen = u32(b, off + 8, le)
        let capLen = Math.min(origLen, len - 16)
        if (iface.snaplen > 0) capLen = Math.min(capLen, iface.snaplen)
        this.spbCount++
        this.packets++
        this.host.packet(b, off + 12, capLen, origLen, iface.linkType, this.lastRelMs)
        return
      }
      default:
        this.skipped.set(type, (this.skipped.get(type) ?? 0) + 1)
    }
  }

  private addIface(b: Uint8Array, off: number, len: number): void {
    const le = this.le
    const iface: Iface = {
      linkType: u16(b, off + 8, le), snaplen: u32(b, off + 12, le), unitsPerSec: 1e6, tsOffsetSec: 0n,
      baseHi: -1, baseLo: 0, offsetMs: 0,
    }
    let p = off + 16
    const optEnd = off + len - 4
    while (p + 4 <= optEnd) {
      const code = u16(b, p, le)
      const olen = u16(b, p + 2, le)
      if (code === 0 || p + 4 + olen > optEnd) break
      if (code === 9 && olen >= 1) {
        const v = b[p + 4]!
        iface.unitsPerSec = v & 0x80 ? 2 ** (v & 0x7f) : 10 ** v
      } else if (code === 14 && olen >= 8) {
        const hi = u32(b, p + 4 + (le ? 4 : 0), le)
        const lo = u32(b, p + 4 + (le ? 0 : 4), le)
        iface.tsOffsetSec = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo))
      }
      p += 4 + ((olen + 3) & ~3)
    }
    this.ifaces.push(iface)
    this.host.linkType(iface.linkType)
  }

  private emit(id: number, hi: number, lo: number, b: Uint8Array, at: number, capLen: number, origLen: number): void {
    const iface = this.ifaces[id]
    if (!iface) {
      this.badIface++
      return
    }
    if (iface.baseHi < 0) this.setIfaceBase(iface, hi, lo)
    const relUnits = (hi - iface.baseHi) * 4294967296 + (lo - iface.baseLo)
    const relMs = iface.offsetMs + (relUnits * 1000) / iface.unitsPerSec
    this.lastRelMs = relMs
    this.packets++
    this.host.packet(b, at, capLen, origLen, iface.linkType, relMs)
  }

  private setIfaceBase(iface: Iface, hi: number, lo: number): void {
    iface.baseHi = hi
    iface.baseLo = lo
    const units = (BigInt(hi) << 32n) | BigInt(lo)
    const ups = BigInt(Math.round(iface.unitsPerSec))
    const ns = (units * 1_000_000_000n) / ups + iface.tsOffsetSec * 1_000_000_000n
    if (this.baseNs === null) {
      this.baseNs = ns
      this.baseEpochMs = Number(ns) / 1e6
    }
    iface.offsetMs = Number(ns - this.baseNs) / 1e6
  }

  private need(n: number): number {
    this.want = n
    return 0
  }

  private fatal(message: string, consume: number): number {
    this.dead = true
    this.host.diag('error', message)
    return Math.max(consume, 1)
  }
}
