/**
 * Picks the container reader from the first four bytes (pcap magics or the pcapng section header)
 * and delegates to it. Unknown magic is reported once as an error and the rest of the input is
 * ignored (garbage never throws).
 */
import type { CaptureHost, RecordReader, TimeBase } from './capture-types'
import { PcapClassicReader, pcapMagic } from './pcap-classic-reader'
import { PcapngReader } from './pcapng-reader'

/** `pcap`, `pcap-ns`, `pcapng`, or null when the bytes are neither. */
export function captureFormatOf(head: Uint8Array): 'pcap' | 'pcap-ns' | 'pcapng' | null {
  if (head.length < 4) return null
  if (head[0] === 0x0a && head[1] === 0x0d && head[2] === 0x0d && head[3] === 0x0a) return 'pcapng'
  const m = pcapMagic(head, 0)
  if (!m) return null
  return m.nanos ? 'pcap-ns' : 'pcap'
}

/** Delegating reader: the first `next` call decides pcap vs pcapng. */
export class CaptureReader implements RecordReader, TimeBase {
  want = 4
  format: 'pcap' | 'pcap-ns' | 'pcapng' | null = null
  private inner: (RecordReader & TimeBase & { packets: number }) | null = null
  private rejected = false

  constructor(private readonly host: CaptureHost) {}

  get baseEpochMs(): number {
    return this.inner ? this.inner.baseEpochMs : NaN
  }

  get packets(): number {
    return this.inner ? this.inner.packets : 0
  }

  next(b: Uint8Array, off: number, end: number): number {
    if (this.rejected) return end - off
    if (!this.inner) {
      if (end - off < 4) {
        this.want = 4
        return 0
      }
      this.format = captureFormatOf(b.subarray(off, off + 4))
      if (this.format === null) {
        this.rejected = true
        this.host.diag('error', 'not a pcap or pcapng capture (unknown magic number)')
        return end - off
      }
      this.inner = this.format === 'pcapng' ? new PcapngReader(this.host) : new PcapClassicReader(this.host)
    }
    const k = this.inner.next(b, off, end)
    this.want = this.inner.want
    return k
  }

  finish(leftover: number): void {
    if (this.inner) this.inner.finish(leftover)
    else if (!this.rejected) this.host.diag('error', leftover > 0 ? 'capture too short to hold a file header' : 'empty capture file')
  }
}
