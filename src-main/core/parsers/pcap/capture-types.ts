/**
 * Contracts between the capture-file readers (pcap, pcapng) and the packet decoder. Readers never
 * allocate per packet: a frame is handed over as (buffer, offset, length) and is valid only during
 * the call. Times are milliseconds relative to the capture's first packet (`baseEpochMs`).
 */
import type { Severity } from '../../model/call'

/** The largest record a reader buffers (pcapng blocks above it are skipped while streaming). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024

/** What a capture reader reports to. */
export interface CaptureHost {
  /**
   * One captured frame: `buf[off, off + capLen)`, `origLen` bytes on the wire, link-layer type
   * `linkType` (LINKTYPE_* number), `relMs` after the capture's first packet (may be negative in
   * merged captures).
   */
  packet(buf: Uint8Array, off: number, capLen: number, origLen: number, linkType: number, relMs: number): void
  /** A problem with the file itself (never thrown). */
  diag(severity: Severity, message: string): void
  /** A link-layer type declared by the file (pcap header or pcapng interface). */
  linkType(linkType: number): void
}

/**
 * A streaming record reader: `next` handles at most one record at `buf[off, end)`.
 * Returns the bytes consumed (> 0), or 0 when the record is incomplete, after setting `want` to the
 * total number of bytes the record needs from `off` (always > end - off and <= MAX_RECORD_BYTES).
 */
export interface RecordReader {
  want: number
  next(buf: Uint8Array, off: number, end: number): number
  /** End of input with `leftover` unconsumed bytes (a truncated record when > 0). */
  finish(leftover: number): void
}

/** Time base of a capture: epoch ms of the first packet (NaN before it). */
export interface TimeBase {
  baseEpochMs: number
}

/** Human names of the link-layer types this parser understands. */
export const LINKTYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'null',
  1: 'ethernet',
  12: 'raw',
  14: 'raw',
  101: 'raw',
  113: 'linux-sll',
  228: 'ipv4',
  229: 'ipv6',
  276: 'linux-sll2',
}

/** `ethernet`, `linux-sll`... or `linktype-<n>` for types without a name here. */
export function linkTypeName(lt: number): string {
  return LINKTYPE_NAMES[lt] ?? `linktype-${lt}`
}
