/**
 * Reads one entry for sniffing (its head) and for parsing (the whole stream, fed to the parser in the
 * shape it asks for: the whole document, lines, or raw byte chunks), checking for cancellation
 * between chunks and reporting bytes read. An entry that is a file on disk is read at offsets in
 * large chunks into one reused buffer (a byte range of it, when a text log is parsed in parts);
 * other entries (gzip) are streamed.
 */
import type { Hash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { DomainError } from '../contract/domain-error'
import type { Diagnostic, LogLine, ParsedEntry } from '../core/model/call'
import type { EntryParser, LineParser } from '../core/model/parser'
import type { EntrySource } from './bundle-source'
import { type StreamingDecoder, createStreamingDecoder, decodeHead } from './encoding'
import { LineSplitter } from './line-splitter'

const HEAD_BYTES = 64 * 1024
/** Bytes per read of a file entry. */
export const CHUNK_BYTES = 1024 * 1024
/**
 * Bytes decoded into one string for the line splitter: below V8's large-object size (128 KiB), as
 * allocating larger strings costs several times more per byte.
 */
const TEXT_PIECE_BYTES = 64 * 1024
/** JSON documents are parsed whole; beyond this size they are refused with a clear message. */
const MAX_DOCUMENT_BYTES = 1536 * 1024 * 1024

export interface EntryHead { bytes: Uint8Array; text: string | null; encoding: string | null }

/** The first 64 KiB, and its text when it looks like text. */
export async function readHead(source: EntrySource): Promise<EntryHead> {
  const stream = source.open()
  const parts: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk)
      size += chunk.length
      if (size >= HEAD_BYTES) break
    }
  } catch (e) {
    // A truncated compressed entry still has a readable head; other read errors are real.
    if (!isTruncatedCompression(e)) throw e
  } finally {
    stream.destroy()
  }
  const bytes = new Uint8Array(Buffer.concat(parts).subarray(0, HEAD_BYTES))
  const decoded = decodeHead(bytes)
  return { bytes, text: decoded.text, encoding: decoded.encoding === 'binary' ? null : decoded.encoding }
}

/** What reading one entry reports to and waits on. */
export interface EntryIo {
  signal: AbortSignal
  /** Receives every byte read, in order (the bundle digest); null = the bytes are not hashed. */
  hash: Hash | null
  onBytes(n: number): void
  onLogs(lines: LogLine[]): void
  /** Awaited between chunks: the log-line consumer's backpressure. */
  ready(): Promise<void>
}

/** Part of a file entry: bytes [start, end). */
export interface ByteRange { start: number; end: number }

/**
 * The entry's bytes in chunks, in order. A file entry is read at offsets (only `range` of it, when
 * given); its chunks share one buffer unless `fresh`, so a consumer must be done with a chunk (or
 * copy it) before asking for the next. Other entries are streamed and cannot take a range.
 */
export async function* entryChunks(source: EntrySource, opts: { range?: ByteRange; fresh?: boolean } = {}): AsyncGenerator<Buffer> {
  if (source.file === undefined) {
    if (opts.range) throw new Error(`${source.path}: only a file on disk can be read in parts`)
    const stream = source.open()
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk
    } finally {
      stream.destroy()
    }
    return
  }
  const fh = await open(source.file, 'r')
  try {
    let pos = opts.range?.start ?? 0
    const end = opts.range?.end ?? Infinity
    let buf = Buffer.allocUnsafeSlow(CHUNK_BYTES)
    for (;;) {
      const want = Math.min(CHUNK_BYTES, end - pos)
      if (want <= 0) break
      if (opts.fresh) buf = Buffer.allocUnsafeSlow(CHUNK_BYTES)
      const { bytesRead } = await fh.read(buf, 0, want, pos)
      if (bytesRead === 0) break
      pos += bytesRead
      yield buf.subarray(0, bytesRead)
    }
  } finally {
    await fh.close()
  }
}

/** Streams the entry into the parser and returns its result. */
export async function feedEntry(source: EntrySource, parser: EntryParser, encoding: string | null, io: EntryIo): Promise<ParsedEntry> {
  if (parser.mode === 'lines') {
    const fed = await feedLines(source, parser, encoding, io)
    fed.parsed.diagnostics.push(...fed.lineDiagnostics)
    return fed.parsed
  }
  const { signal, hash, onBytes } = io
  let read = 0
  const decoder = createStreamingDecoder(encoding ?? 'utf-8')
  const docParts: string[] = []
  let truncation: Diagnostic | null = null
  try {
    // A bytes parser may keep a chunk: give it fresh buffers.
    for await (const chunk of entryChunks(source, { fresh: parser.mode === 'bytes' })) {
      if (signal.aborted) throw new DomainError('CANCELLED', 'import cancelled')
      await io.ready()
      read += chunk.length
      hash?.update(chunk)
      onBytes(read)
      if (parser.mode === 'bytes') {
        parser.push(chunk)
      } else {
        if (read > MAX_DOCUMENT_BYTES) throw new Error(`JSON document larger than ${MAX_DOCUMENT_BYTES / 1024 ** 2} MiB`)
        docParts.push(decoder.write(chunk))
      }
    }
  } catch (e) {
    if (!isTruncatedCompression(e)) throw e
    truncation = { severity: 'warning', message: `compressed data ends early (${(e as Error).message}) after ${read} bytes; what came before is read` }
  }
  const parsed = finishDocument(parser, decoder, docParts)
  if (truncation) parsed.diagnostics.unshift(truncation)
  return parsed
}

/** A line parser's result with the line splitter's own diagnostics (over-long lines) kept apart. */
export interface FedLines {
  parsed: ParsedEntry
  /** Warnings of the line splitter, numbered from the first line fed. */
  lineDiagnostics: Diagnostic[]
  /** Lines fed to the parser. */
  lines: number
  /** Bytes read. */
  bytes: number
}

/**
 * Feeds an entry's text to a line parser, line by line. `range` reads part of a file entry: it must
 * start at a line start (lines are then numbered from 1 at `range.start`); `stripBom: false` for a
 * part that is not the file's start.
 */
export async function feedLines(
  source: EntrySource, parser: LineParser, encoding: string | null, io: EntryIo, opts: { range?: ByteRange; stripBom?: boolean } = {},
): Promise<FedLines> {
  const { signal, hash, onBytes } = io
  let read = 0
  const decoder = createStreamingDecoder(encoding ?? 'utf-8', { stripBom: opts.stripBom ?? true })
  const lines = new LineSplitter((line, n) => parser.pushLine(line, n))
  let truncation: Diagnostic | null = null
  try {
    for await (const chunk of entryChunks(source, opts.range ? { range: opts.range } : {})) {
      if (signal.aborted) throw new DomainError('CANCELLED', 'import cancelled')
      read += chunk.length
      hash?.update(chunk)
      onBytes(read)
      for (let at = 0; at < chunk.length; at += TEXT_PIECE_BYTES) {
        await io.ready()
        lines.push(decoder.write(at === 0 && chunk.length <= TEXT_PIECE_BYTES ? chunk : chunk.subarray(at, at + TEXT_PIECE_BYTES)))
      }
    }
  } catch (e) {
    if (!isTruncatedCompression(e)) throw e
    truncation = { severity: 'warning', message: `compressed data ends early (${(e as Error).message}) after ${read} bytes; what came before is read` }
  }
  lines.push(decoder.end())
  lines.end()
  const parsed = parser.end()
  if (truncation) parsed.diagnostics.unshift(truncation)
  return { parsed, lineDiagnostics: lines.diagnostics, lines: lines.lineCount, bytes: read }
}

function finishDocument(parser: EntryParser, decoder: StreamingDecoder, docParts: string[]): ParsedEntry {
  if (parser.mode === 'bytes') return parser.end()
  if (parser.mode === 'lines') throw new Error('line parsers are fed by feedLines')
  docParts.push(decoder.end())
  return parser.parse(docParts.join('').replace(/^\uFEFF/, ''))
}

/** zlib's errors for a stream cut short or damaged (a truncated .gz inside a bundle). */
function isTruncatedCompression(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code
  return code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR'
}
