/**
 * Log-line batches as they cross threads. A LogLine[] sent through postMessage is cloned object by
 * object, which costs more than parsing the lines did. A packed batch is a transferable ArrayBuffer
 * of columns, a small table of level and module names, and the messages end to end: as ASCII bytes
 * in a second transferable buffer when they are all ASCII (the usual case: a hop then copies no
 * text at all, however many threads the batch crosses), else as one string.
 */
import { isAscii } from 'node:buffer'
import type { LogLevel, LogLine } from '../core/model/call'

export interface PackedLogs {
  packed: true
  count: number
  /** Every message, concatenated, as ASCII bytes (when every message is ASCII)... */
  ascii: ArrayBuffer | null
  /** ...or as a string (otherwise). */
  text: string | null
  /**
   * Columns, `count` rows each: Float64 t, Uint32 line, Uint32 end of the message (in `ascii` or
   * `text`), Int32 level and Int32 module (indexes into `names`, -1 = none), Uint8 1 when t is null.
   */
  data: ArrayBuffer
  names: string[]
}

/** The buffers to transfer with a packed batch. */
export function transferList(batch: PackedLogs): ArrayBuffer[] {
  return batch.ascii === null ? [batch.data] : [batch.data, batch.ascii]
}

/** What a JobSink receives: lines as the parser made them, or packed by another thread. */
export type LogBatch = LogLine[] | PackedLogs

export function isPacked(batch: LogBatch): batch is PackedLogs {
  return !Array.isArray(batch)
}

export function batchCount(batch: LogBatch): number {
  return isPacked(batch) ? batch.count : batch.length
}

/** Rough memory of a batch (for buffering budgets): its text plus the columns. */
export function batchBytes(batch: LogBatch): number {
  if (isPacked(batch)) return (batch.ascii?.byteLength ?? batch.text!.length) + batch.data.byteLength
  let n = 0
  for (const l of batch) n += l.message.length + 48
  return n
}

/** Buffer's undocumented but long-standing direct codecs (skip `write`/`toString` argument handling); absent = fall back. */
type FastBuffer = Buffer & {
  utf8Write?: (s: string, offset: number, length: number) => number
  latin1Slice?: (start: number, end: number) => string
}

interface Columns { t: Float64Array; line: Uint32Array; end: Uint32Array; level: Int32Array; module: Int32Array; tNull: Uint8Array }

function columns(data: ArrayBuffer, count: number): Columns {
  let at = 0
  const take = <T>(make: (b: ArrayBuffer, offset: number, n: number) => T, bytes: number): T => {
    const view = make(data, at, count)
    at += bytes * count
    return view
  }
  return {
    t: take((b, o, n) => new Float64Array(b, o, n), 8),
    line: take((b, o, n) => new Uint32Array(b, o, n), 4),
    end: take((b, o, n) => new Uint32Array(b, o, n), 4),
    level: take((b, o, n) => new Int32Array(b, o, n), 4),
    module: take((b, o, n) => new Int32Array(b, o, n), 4),
    tNull: take((b, o, n) => new Uint8Array(b, o, n), 1),
  }
}

export function packLogs(lines: readonly LogLine[]): PackedLogs {
  const count = lines.length
  const data = new ArrayBuffer(count * 25)
  const c = columns(data, count)
  const names: string[] = []
  const index = new Map<string, number>()
  const nameIx = (s: string | undefined): number => {
    if (s === undefined) return -1
    let i = index.get(s)
    if (i === undefined) {
      i = names.length
      names.push(s)
      index.set(s, i)
    }
    return i
  }
  let chars = 0
  let lastLevel: string | undefined = undefined
  let lastLevelIx = -1
  for (let i = 0; i < count; i++) {
    const l = lines[i]!
    if (l.t === null) c.tNull[i] = 1
    else c.t[i] = l.t
    c.line[i] = l.line
    chars += l.message.length
    c.end[i] = chars
    if (l.level !== lastLevel || i === 0) {
      lastLevel = l.level
      lastLevelIx = nameIx(l.level)
    }
    c.level[i] = lastLevelIx
    c.module[i] = nameIx(l.module)
  }
  // ASCII when every message fills exactly its length in bytes, all of them below 0x80.
  const bytes = Buffer.allocUnsafeSlow(chars) as FastBuffer
  const write = bytes.utf8Write ?? ((m: string, at: number, n: number) => bytes.write(m, at, n, 'utf8'))
  let at = 0
  for (let i = 0; i < count; i++) {
    const m = lines[i]!.message
    if (m.length === 0) continue
    const n = write.call(bytes, m, at, m.length)
    if (n !== m.length) break
    at += n
  }
  if (at === chars && isAscii(bytes)) return { packed: true, count, ascii: bytes.buffer as ArrayBuffer, text: null, data, names }
  return { packed: true, count, ascii: null, text: lines.map((l) => l.message).join(''), data, names }
}

export function unpackLogs(batch: PackedLogs): LogLine[] {
  const { count, text, names } = batch
  const ascii = batch.ascii === null ? null : (Buffer.from(batch.ascii) as FastBuffer)
  const slice = ascii?.latin1Slice ?? ((s: number, e: number) => ascii!.toString('latin1', s, e))
  const c = columns(batch.data, count)
  const out = new Array<LogLine>(count)
  let start = 0
  for (let i = 0; i < count; i++) {
    const end = c.end[i]!
    const lv = c.level[i]!
    const mod = c.module[i]!
    out[i] = {
      line: c.line[i]!,
      t: c.tNull[i] === 1 ? null : c.t[i]!,
      level: lv < 0 ? undefined : (names[lv] as LogLevel),
      module: mod < 0 ? undefined : names[mod],
      message: ascii !== null ? (start === end ? '' : slice.call(ascii, start, end)) : text!.slice(start, end),
    }
    start = end
  }
  return out
}

/** The batch as LogLine objects. */
export function batchLines(batch: LogBatch): LogLine[] {
  return isPacked(batch) ? unpackLogs(batch) : batch
}

/** Adds `offset` to every line number, in place (a later part of a file numbered from its own start). */
export function shiftLines(batch: LogBatch, offset: number): void {
  if (offset === 0) return
  if (isPacked(batch)) {
    const c = columns(batch.data, batch.count)
    for (let i = 0; i < batch.count; i++) c.line[i] = c.line[i]! + offset
  } else {
    for (const l of batch) l.line += offset
  }
}
