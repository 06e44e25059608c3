/**
 * One large text log parsed on two threads. The file is cut at a line near the middle that starts a
 * record (`planSplit`); this thread parses the first part and streams its lines as usual while a
 * segment runner (a nested worker thread, or inline) parses the second part, numbering its lines from
 * 1. Once the first part is done, the second part's lines are forwarded in order (renumbered by the
 * first part's line count) through the same sink and its backpressure, and the two results are merged
 * (`mergeSegments`) into exactly what one pass gives. The second part runs ahead of the first by at
 * most `bufferBytes` of log text. If the merge cannot be exact (rare: capped events...), the file is
 * parsed again in one pass without re-emitting lines; if the second part fails (its thread died),
 * it is parsed here, skipping the lines already forwarded.
 */
import type { Hash } from 'node:crypto'
import { type FileHandle, open } from 'node:fs/promises'
import { TextDecoder } from 'node:util'
import { DomainError } from '../contract/domain-error'
import type { Diagnostic, LogLine, ParsedEntry } from '../core/model/call'
import type { FormatHandler, ParseContext } from '../core/model/parser'
import { textLogFormat } from '../core/parsers/text-log/handler'
import { mergeSegments } from '../core/parsers/text-log/segment'
import type { LogFormatDefinition } from '../core/parsers/text-log/types'
import type { EntrySource } from './bundle-source'
import { type EntryIo, type FedLines, feedLines } from './entry-reader'
import { longLineMessage, MAX_LINE_CHARS } from './line-splitter'
import { type LogBatch, batchBytes, batchCount, shiftLines } from './log-batch'

/** What a second part's parser needs (plain data: it crosses to another thread). */
export interface SegmentJob {
  file: string
  /** Entry path (for the parse context). */
  path: string
  start: number
  end: number
  definition: LogFormatDefinition
  assumedUtcOffsetMin: number
  assumedDateMs?: number
  /** Log text (bytes, roughly) the segment may produce before its consumer takes it. */
  bufferBytes: number
  /** False when the lines are dropped anyway: a segment worker then keeps them (it still counts them). */
  sendLogs: boolean
}

export interface SegmentResult {
  parsed: ParsedEntry
  /** Line-splitter warnings, numbered from the segment's first line. */
  lineDiagnostics: Diagnostic[]
  lines: number
}

/** One batch of a segment's lines (numbered from its first line) and how far it had read then. */
export interface SegmentBatch { batch: LogBatch; bytesRead: number }

/** A running (or lazily started) segment parse. */
export interface SegmentHandle {
  /** True when `next()` would settle without waiting for the parse. */
  hasNext(): boolean
  /** The next batch, or null after the last. */
  next(): Promise<SegmentBatch | null>
  /** Settles after the last batch. */
  result(): Promise<SegmentResult>
  /** Stops the parse (no-op once it is over). */
  cancel(): void
}

/** Starts a segment; `onProgress` hears how many of its bytes it has read (also when its lines are not sent). */
export type SegmentRunner = (job: SegmentJob, onProgress?: (bytesRead: number) => void) => SegmentHandle

/** How a split parse went (for logs and tests; the result is the same either way). */
export interface SplitEvent {
  path: string
  /** Byte offset where the second part starts. */
  at: number
  /** Lines in the first part. */
  firstLines: number
  /** merged: the normal case; one-pass: the merge could not be exact; second-part-here: its runner failed. */
  outcome: 'merged' | 'one-pass' | 'second-part-here'
}

/** Defaults of the split (ParseJobInput can override them). */
export const SPLIT_THRESHOLD_BYTES = 32 * 1024 * 1024
/**
 * The first part's thread also hashes the whole file (and lists, sniffs, merges), so it takes less
 * than half: on a 200 MB Agora log, 0.38 finished in a median 572 ms vs 633 ms at 0.45 (lines
 * dropped) and 755 vs 805 ms (lines delivered), 9 alternated runs each. Re-checked once the tail
 * hash stopped setting off mark-compacts: 0.38, 0.42 and 0.46 were within noise (~490–560 ms).
 */
export const SPLIT_AT = 0.38
/**
 * How much of the second part's packed lines may wait for the first part. When lines go to the store
 * it is the bottleneck (~120k lines/s against ~1.5M parsed), so a bigger buffer only raises the peak
 * memory: 192 MiB made a 1 GiB import peak at ~520 MiB.
 */
export const SPLIT_BUFFER_BYTES = 64 * 1024 * 1024
/** How far past the target offset a record start is looked for. */
const MAX_SCAN_BYTES = 4 * 1024 * 1024
/** Longer lines are never taken as the split line. */
const MAX_SPLIT_LINE_BYTES = 64 * 1024
const HASH_BLOCK_BYTES = 1024 * 1024

/**
 * The offset of the first line at or after `size * at` that starts a record (per `isRecordStart`,
 * given the line without terminator), or null when none is found within a few MiB.
 */
export async function planSplit(file: string, size: number, at: number, isRecordStart: (line: string) => boolean): Promise<number | null> {
  const target = Math.floor(size * Math.min(Math.max(at, 0), 1))
  if (target <= 0 || target >= size) return null
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  const fh = await open(file, 'r')
  try {
    const window = Buffer.allocUnsafe(Math.min(MAX_SCAN_BYTES + MAX_SPLIT_LINE_BYTES, size - target))
    const { bytesRead } = await fh.read(window, 0, window.length, target)
    const buf = window.subarray(0, bytesRead)
    // The byte before `target` may end a line: then `target` itself starts one.
    const atLineStart = (await byteAt(fh, target - 1)) === 10
    let start = atLineStart ? 0 : buf.indexOf(10) + 1
    if (start === 0 && !atLineStart) return null
    while (start < buf.length && start <= MAX_SCAN_BYTES) {
      const nl = buf.indexOf(10, start)
      // The last line of the window: usable only if it is the file's last line.
      const end = nl < 0 ? (target + buf.length === size ? buf.length : -1) : nl
      if (end < 0) break
      if (end - start <= MAX_SPLIT_LINE_BYTES) {
        let line = decoder.decode(buf.subarray(start, end))
        if (line.endsWith('\r')) line = line.slice(0, -1)
        if (line.length <= MAX_LINE_CHARS && isRecordStart(line)) return target + start
      }
      start = end + 1
    }
    return null
  } finally {
    await fh.close()
  }
}

async function byteAt(fh: import('node:fs/promises').FileHandle, pos: number): Promise<number> {
  const b = Buffer.alloc(1)
  const { bytesRead } = await fh.read(b, 0, 1, pos)
  return bytesRead === 1 ? b[0]! : -1
}

/** Where a segment's parse puts its lines (numbered from its first line) and says how far it has read. */
export interface SegmentOut {
  batch(lines: LogLine[], bytesRead: number): void
  /** Awaited between text pieces: the consumer's backpressure. */
  room(): Promise<void>
  /** Bytes read so far (after each chunk read). */
  progress?(bytesRead: number): void
}

/** Parses one segment of a file here: the body of a segment worker, and of the inline runner. */
export async function runSegment(job: SegmentJob, signal: AbortSignal, out: SegmentOut, handler?: FormatHandler): Promise<SegmentResult> {
  let bytesRead = 0
  // Lines nobody takes are not built at all (the parser only counts them).
  const ctx: ParseContext = {
    path: job.path, assumedUtcOffsetMin: job.assumedUtcOffsetMin, emitLogs: (lines) => out.batch(lines, bytesRead),
    ...(job.sendLogs ? {} : { discardLogs: true }),
    ...(job.assumedDateMs !== undefined ? { assumedDateMs: job.assumedDateMs } : {}),
  }
  const parser = (handler ?? textLogFormat(job.definition)).create(ctx)
  if (parser.mode !== 'lines') throw new Error(`${job.path}: not a line format`)
  const source: EntrySource = { path: job.path, sizeBytes: job.end - job.start, file: job.file, open: () => { throw new Error('read by range') } }
  const onBytes = (n: number) => {
    bytesRead = n
    out.progress?.(n)
  }
  const io: EntryIo = { signal, hash: null, onBytes, onLogs: ctx.emitLogs, ready: () => out.room() }
  const fed = await feedLines(source, parser, 'utf-8', io, { range: { start: job.start, end: job.end }, stripBom: false })
  return { parsed: fed.parsed, lineDiagnostics: fed.lineDiagnostics, lines: fed.lines }
}

/**
 * Batches between a segment's producer and its consumer, with a budget: `room()` waits while more
 * than `budget` bytes of batches are waiting to be taken.
 */
export class SegmentChannel {
  private readonly items: SegmentBatch[] = []
  private head = 0
  private waiting = 0
  private ended = false
  private failure: unknown = null
  private wakeConsumer: (() => void) | null = null
  private wakeProducer: (() => void) | null = null

  constructor(private readonly budget: number, private readonly onTaken: (bytes: number) => void = () => undefined) {}

  push(item: SegmentBatch, bytes = batchBytes(item.batch)): void {
    this.items.push(item)
    this.waiting += bytes
    this.wake()
  }

  /** Resolves when the producer may go on (the consumer took enough). */
  room(): Promise<void> {
    if (this.waiting <= this.budget || this.failure !== null) return Promise.resolve()
    return new Promise((resolve) => { this.wakeProducer = resolve })
  }

  /** Records that the consumer took `bytes` elsewhere (a worker's batches are counted on its side). */
  taken(bytes: number): void {
    this.waiting -= bytes
    if (this.waiting <= this.budget) {
      const w = this.wakeProducer
      this.wakeProducer = null
      w?.()
    }
  }

  end(): void {
    this.ended = true
    this.wake()
  }

  fail(e: unknown): void {
    if (this.ended) return
    this.failure ??= e
    this.wake()
    const w = this.wakeProducer
    this.wakeProducer = null
    w?.()
  }

  hasNext(): boolean {
    return this.head < this.items.length || this.ended || this.failure !== null
  }

  async next(): Promise<SegmentBatch | null> {
    while (!this.hasNext()) await new Promise<void>((resolve) => { this.wakeConsumer = resolve })
    if (this.head < this.items.length) {
      const item = this.items[this.head]!
      this.items[this.head++] = undefined as unknown as SegmentBatch
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head)
        this.head = 0
      }
      const bytes = batchBytes(item.batch)
      this.taken(bytes)
      this.onTaken(bytes)
      return item
    }
    if (this.failure !== null) throw this.failure
    return null
  }

  private wake(): void {
    const w = this.wakeConsumer
    this.wakeConsumer = null
    w?.()
  }
}

/**
 * Runs segments on this thread, lazily: a segment starts parsing when its first batch is asked for
 * (after the first part is parsed), so inline the two parts run one after the other.
 */
export function inlineSegments(): SegmentRunner {
  return (job, onProgress) => {
    const controller = new AbortController()
    const channel = new SegmentChannel(job.bufferBytes)
    let started: Promise<SegmentResult> | null = null
    const start = () => {
      started ??= runSegment(job, controller.signal, {
        batch: (lines, bytesRead) => {
          if (job.sendLogs) channel.push({ batch: lines, bytesRead })
        },
        room: () => channel.room(),
        // Lines not sent are not built: progress comes from the reads.
        ...(job.sendLogs ? {} : { progress: (bytesRead: number) => onProgress?.(bytesRead) }),
      }).then((r) => {
        channel.end()
        return r
      }, (e: unknown) => {
        channel.fail(e)
        throw e
      })
      started.catch(() => undefined)
      return started
    }
    return {
      hasNext: () => started !== null && channel.hasNext(),
      next: () => {
        void start()
        return channel.next()
      },
      result: () => start(),
      cancel: () => controller.abort(),
    }
  }
}

export interface SplitArgs {
  source: EntrySource & { file: string }
  handler: FormatHandler
  definition: LogFormatDefinition
  ctx: Omit<ParseContext, 'emitLogs'>
  io: EntryIo
  /** Hands a batch of the entry's lines to the job's sink (after `io.ready()`). */
  forward(batch: LogBatch): void
  runner: SegmentRunner
  /** Where the second part starts (from planSplit). */
  at: number
  bufferBytes: number
  sendLogs: boolean
  onSplit?: (e: SplitEvent) => void
}

/** Parses a file in two parts as described above; the result (and the lines sent) equal a single pass. */
export async function parseSplit(a: SplitArgs): Promise<ParsedEntry> {
  const { source, io, at } = a
  const size = source.sizeBytes
  let bytesA = 0
  let bytesB = 0
  const progress = () => io.onBytes(bytesA + bytesB)
  const job: SegmentJob = {
    file: source.file, path: source.path, start: at, end: size, definition: a.definition,
    assumedUtcOffsetMin: a.ctx.assumedUtcOffsetMin, bufferBytes: a.bufferBytes, sendLogs: a.sendLogs,
    ...(a.ctx.assumedDateMs !== undefined ? { assumedDateMs: a.ctx.assumedDateMs } : {}),
  }
  let tail: TailHasher | null = null
  const handle = a.runner(job, (n) => {
    bytesB = n
    progress()
  })
  try {
    const first = await feedLines(source, lineParser(a.handler, { ...a.ctx, emitLogs: io.onLogs }), 'utf-8',
      { ...io, onBytes: (n) => { bytesA = n; progress() } }, { range: { start: 0, end: at } })
    const offset = first.lines

    // The first part's lines are out: forward the second's, hashing the rest of the file while none is waiting.
    tail = io.hash ? new TailHasher(source.file, at, size, io.hash) : null
    let forwarded = 0
    let failed = false
    for (;;) {
      throwIfAborted(io.signal)
      if (tail && !tail.done && !handle.hasNext()) {
        await tail.step()
        continue
      }
      let item: SegmentBatch | null
      try {
        item = await handle.next()
      } catch {
        failed = true
        break
      }
      if (item === null) break
      bytesB = item.bytesRead
      progress()
      await io.ready()
      throwIfAborted(io.signal)
      shiftLines(item.batch, offset)
      forwarded += batchCount(item.batch)
      a.forward(item.batch)
    }
    let second: SegmentResult | null = failed ? null : await handle.result().catch(() => null)
    throwIfAborted(io.signal)
    const outcome: SplitEvent['outcome'] = second === null ? 'second-part-here' : 'merged'
    // The second part's thread failed: parse that part here, skipping the lines already sent.
    second ??= await parseHere(a, job, io, forwarded, offset)
    while (tail && !tail.done) await tail.step()

    const merged = mergeSegments(first.parsed, second.parsed, offset)
    a.onSplit?.({ path: source.path, at, firstLines: offset, outcome: merged === null ? 'one-pass' : outcome })
    if (merged === null) return await onePass(a)
    merged.diagnostics.push(...first.lineDiagnostics, ...second.lineDiagnostics.map((d) => shiftDiagnostic(d, offset)))
    return merged
  } finally {
    handle.cancel()
    await tail?.close()
  }
}

function lineParser(handler: FormatHandler, ctx: ParseContext) {
  const parser = handler.create(ctx)
  if (parser.mode !== 'lines') throw new Error(`${ctx.path}: not a line format`)
  return parser
}

async function parseHere(a: SplitArgs, job: SegmentJob, io: EntryIo, skip: number, offset: number): Promise<SegmentResult> {
  let seen = 0
  return runSegment(job, io.signal, {
    batch: (lines) => {
      const fresh = seen + lines.length > skip ? lines.slice(Math.max(0, skip - seen)) : []
      seen += lines.length
      if (fresh.length === 0) return
      shiftLines(fresh, offset)
      a.forward(fresh)
    },
    room: () => io.ready(),
  }, a.handler)
}

/** The whole file in one pass, its lines not sent again: the exact result when a merge cannot be. */
async function onePass(a: SplitArgs): Promise<ParsedEntry> {
  const io: EntryIo = { ...a.io, hash: null, onLogs: () => undefined, onBytes: () => undefined, ready: () => Promise.resolve() }
  const fed: FedLines = await feedLines(a.source, lineParser(a.handler, { ...a.ctx, emitLogs: io.onLogs, discardLogs: true }), 'utf-8', io)
  fed.parsed.diagnostics.push(...fed.lineDiagnostics)
  return fed.parsed
}

function shiftDiagnostic(d: Diagnostic, offset: number): Diagnostic {
  if (d.line === undefined) return d
  const line = d.line + offset
  return { ...d, line, message: longLineMessage(line, MAX_LINE_CHARS) }
}

/**
 * Hashes a file's bytes from `at` to `size`, one block per `step()`, through one buffer and one
 * open handle: allocating a fresh 1 MiB buffer per block made V8 run a mark-compact every few blocks
 * (external memory), and its concurrent marking took the core the other part's thread was parsing on.
 */
class TailHasher {
  private readonly buf = Buffer.allocUnsafeSlow(HASH_BLOCK_BYTES)
  private fh: FileHandle | null = null

  constructor(private readonly file: string, private at: number, private readonly size: number, private readonly hash: Hash) {}

  get done(): boolean {
    return this.at >= this.size
  }

  async step(): Promise<void> {
    this.fh ??= await open(this.file, 'r')
    const { bytesRead } = await this.fh.read(this.buf, 0, Math.min(this.buf.length, this.size - this.at), this.at)
    if (bytesRead === 0) {
      this.at = this.size
      return
    }
    this.hash.update(this.buf.subarray(0, bytesRead))
    this.at += bytesRead
  }

  async close(): Promise<void> {
    const fh = this.fh
    this.fh = null
    await fh?.close()
  }
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new DomainError('CANCELLED', 'import cancelled')
}
