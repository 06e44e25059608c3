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
  const messages = new Array<string>(count)
  for (let i = 0; i < count; i++) {
    const l = lines[i]!
    if (l.t === null) c.tNull[i] = 1
    else c.t[i] = l.t
    c.line[i] = l.line
    messages[i] = l.message
    chars += l.message.length
    c.end[i] = chars
    if (l.level !== lastLevel || i === 0) {
      lastLevel = l.level
      lastLevelIx = nameIx(l.level)
    }
    c.level[i] = lastLevelIx
    c.module[i] = nameIx(l.module)
  }
  const bytes = Buffer.allocUnsafeSlow(chars) as FastBuffer
  if (writeAscii(bytes, messages, c.end)) return { packed: true, count, ascii: bytes.buffer as ArrayBuffer, text: null, data, names }
  return { packed: true, count, ascii: null, text: messages.join(''), data, names }
}

/**
 * Text is written and read in pieces of about this many characters: one native call per piece
 * instead of one per message (which costs more than the rest of the packing), and below V8's
 * large-object size (128 KiB), as allocating larger strings costs several times more per byte.
 */
const PIECE_CHARS = 32 * 1024

/**
 * Writes the messages end to end into `bytes` (exactly their total length), a piece of them joined
 * at a time; true when they are all ASCII. Any other character takes two or more UTF-8 bytes, so a
 * piece with one either does not fit its length or leaves a byte of 0x80 or more (the final check).
 */
function writeAscii(bytes: FastBuffer, messages: readonly string[], ends: Uint32Array): boolean {
  const write = bytes.utf8Write ?? ((m: string, at: number, n: number) => bytes.write(m, at, n, 'utf8'))
  let at = 0
  for (let from = 0; from < messages.length;) {
    let to = from + 1
    while (to < messages.length && ends[to]! - at <= PIECE_CHARS) to++
    const piece = to - from === 1 ? messages[from]! : messages.slice(from, to).join('')
    if (piece.length !== 0 && write.call(bytes, piece, at, piece.length) !== piece.length) return false
    at += piece.length
    from = to
  }
  return isAscii(bytes)
}

export function unpackLogs(batch: PackedLogs): LogLine[] {
  const { count, names } = batch
  const c = columns(batch.data, count)
  const out = new Array<LogLine>(count)
  // Each message is a slice of a text decoded a piece at a time (a decode per message costs several
  // times more); a slice keeps its piece alive only as long as the line lives.
  const ascii = batch.ascii === null ? null : (Buffer.from(batch.ascii) as FastBuffer)
  const decode = ascii?.latin1Slice ?? ((s: number, e: number) => ascii!.toString('latin1', s, e))
  let piece = batch.text ?? ''
  let pieceStart = 0
  let pieceEnd = ascii === null ? piece.length : 0
  let start = 0
  for (let i = 0; i < count; i++) {
    const end = c.end[i]!
    if (end > pieceEnd) {
      pieceStart = start
      pieceEnd = Math.min(ascii!.length, Math.max(end, start + PIECE_CHARS))
      piece = decode.call(ascii!, pieceStart, pieceEnd)
    }
    const lv = c.level[i]!
    const mod = c.module[i]!
    out[i] = {
      line: c.line[i]!,
      t: c.tNull[i] === 1 ? null : c.t[i]!,
      level: lv < 0 ? undefined : (names[lv] as LogLevel),
      module: mod < 0 ? undefined : names[mod],
      message: piece.slice(start - pieceStart, end - pieceStart),
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
