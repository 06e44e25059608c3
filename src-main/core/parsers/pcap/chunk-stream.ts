/**
 * Feeds arbitrary chunks to a RecordReader. Records inside a chunk are read in place; only a record
 * that straddles chunk boundaries is copied into the carry-over buffer, which therefore never holds
 * more than one record (bounded by MAX_RECORD_BYTES).
 */
import { MAX_RECORD_BYTES, type RecordReader } from './capture-types'

/** Streams chunks into a reader with a bounded carry-over buffer. */
export class ChunkStream {
  private carry = new Uint8Array(0)
  private carryLen = 0
  private ended = false

  constructor(private readonly reader: RecordReader) {}

  /** Total bytes the carry-over buffer currently holds (for tests of boundedness). */
  get carried(): number {
    return this.carryLen
  }

  /** Feeds one chunk; the chunk may be reused by the caller after this returns. */
  push(chunk: Uint8Array): void {
    if (this.ended) return
    let pos = 0
    const n = chunk.length
    while (this.carryLen > 0 && pos < n) {
      const want = Math.min(this.reader.want, MAX_RECORD_BYTES)
      const take = Math.min(Math.max(want - this.carryLen, 0), n - pos)
      this.appendCarry(chunk, pos, take)
      pos += take
      if (this.carryLen < want) return
      let off = 0
      while (off < this.carryLen) {
        const k = this.reader.next(this.carry, off, this.carryLen)
        if (k <= 0) break
        off += k
      }
      if (off > 0) {
        this.carry.copyWithin(0, off, this.carryLen)
        this.carryLen -= off
      } else if (take === 0) {
        // The reader wants more than a record may hold: drop the carry rather than spin.
        this.carryLen = 0
      }
    }
    while (pos < n) {
      const k = this.reader.next(chunk, pos, n)
      if (k <= 0) break
      pos += k
    }
    if (pos < n) this.appendCarry(chunk, pos, n - pos)
  }

  /** Signals the end of input. */
  end(): void {
    if (this.ended) return
    this.ended = true
    this.reader.finish(this.carryLen)
    this.carry = new Uint8Array(0)
    this.carryLen = 0
  }

  private appendCarry(src: Uint8Array, from: number, len: number): void {
    if (len <= 0) return
    const need = this.carryLen + len
    if (need > this.carry.length) {
      const grown = new Uint8Array(Math.max(need, Math.min(this.carry.length * 2, MAX_RECORD_BYTES), 4096))
      grown.set(this.carry.subarray(0, this.carryLen))
      this.carry = grown
    }
    this.carry.set(src.subarray(from, from + len), this.carryLen)
    this.carryLen = need
  }
}
