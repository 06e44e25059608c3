/**
 * Classic libpcap file reader: both byte orders, microsecond (a1b2c3d4) and nanosecond (a1b23c4d)
 * magics, and the "modified" Kuznetzov variant (a1b2cd34, 24-byte record headers). A record length
 * beyond any sane snap length means the file is damaged: reading stops with a diagnostic.
 */
import { u32 } from './bytes'
import { MAX_RECORD_BYTES, type CaptureHost, type RecordReader, type TimeBase } from './capture-types'

const FILE_HEADER = 24

/** Variant details read from the magic number, or null when the magic is not pcap. */
export function pcapMagic(b: Uint8Array, o: number): { littleEndian: boolean; nanos: boolean; recordHeader: number } | null {
  const m = ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0
  switch (m) {
    case 0xa1b2c3d4: return { littleEndian: false, nanos: false, recordHeader: 16 }
    case 0xd4c3b2a1: return { littleEndian: true, nanos: false, recordHeader: 16 }
    case 0xa1b23c4d: return { littleEndian: false, nanos: true, recordHeader: 16 }
    case 0x4d3cb2a1: return { littleEndian: true, nanos: true, recordHeader: 16 }
    case 0xa1b2cd34: return { littleEndian: false, nanos: false, recordHeader: 24 }
    case 0x34cdb2a1: return { littleEndian: true, nanos: false, recordHeader: 24 }
    default: return null
  }
}

/** Reads a classic pcap file record by record. */
export class PcapClassicReader implements RecordReader, TimeBase {
  want = FILE_HEADER
  baseEpochMs = NaN
  packets = 0
  nanos = false
  private le = false
  private recordHeader = 16
  private linkType = -1
  private maxRecord = 262144
  private headerDone = false
  private dead = false
  private baseSec = 0
  private baseFrac = 0
  private fracPerMs = 1000
  private badTimes = 0

  constructor(private readonly host: CaptureHost) {}

  next(b: Uint8Array, off: number, end: number): number {
    const avail = end - off
    if (this.dead) return avail
    if (!this.headerDone) {
      if (avail < FILE_HEADER) return this.need(FILE_HEADER)
      const magic = pcapMagic(b, off)
      if (!magic) return this.fatal('not a pcap file (bad magic number)', avail)
      this.le = magic.littleEndian
      this.nanos = magic.nanos
      this.recordHeader = magic.recordHeader
      this.fracPerMs = magic.nanos ? 1e6 : 1e3
      const snaplen = u32(b, off + 16, this.le)
      this.linkType = u32(b, off + 20, this.le) & 0xffff
      this.maxRecord = Math.min(Math.max(snaplen, 262144), MAX_RECORD_BYTES - 24)
      this.headerDone = true
      this.host.linkType(this.linkType)
      return FILE_HEADER
    }
    const rh = this.recordHeader
    if (avail < rh) return this.need(rh)
    const sec = u32(b, off, this.le)
    const frac = u32(b, off + 4, this.le)
    const capLen = u32(b, off + 8, this.le)
    const origLen = u32(b, off + 12, this.le)
    if (capLen > this.maxRecord) {
      return this.fatal(`pcap record ${this.packets + 1} claims ${capLen} bytes (limit ${this.maxRecord}): file damaged, reading stopped`, avail)
    }
    if (avail < rh + capLen) return this.need(rh + capLen)
    if (frac >= this.fracPerMs * 1000) this.badTimes++
    if (this.packets === 0) {
      this.baseSec = sec
      this.baseFrac = frac
      this.baseEpochMs = sec * 1000 + frac / this.fracPerMs
    }
    this.packets++
    const relMs = (sec - this.baseSec) * 1000 + (frac - this.baseFrac) / this.fracPerMs
    this.host.packet(b, off + rh, capLen, origLen, this.linkType, relMs)
    return rh + capLen
  }

  finish(leftover: number): void {
    if (this.badTimes > 0) this.host.diag('warning', `${this.badTimes} pcap records have a sub-second field out of range`)
    if (this.dead) return
    if (!this.headerDone) {
      this.host.diag('error', leftover > 0 ? `pcap file header truncated (${leftover} of ${FILE_HEADER} bytes)` : 'empty pcap file')
    } else if (leftover > 0) {
      this.host.diag('warning', `capture truncated: last record incomplete (${leftover} of ${this.want} bytes), ignored`)
    }
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
