/**
 * Reads one entry for sniffing (its head) and for parsing (the whole stream, fed to the parser in the
 * shape it asks for: the whole document, lines, or raw byte chunks), checking for cancellation
 * between chunks and reporting bytes read.
 */
import type { Hash } from 'node:crypto'
import { DomainError } from '../contract/errors'
import type { Diagnostic, LogLine, ParsedEntry } from '../core/model/call'
import type { EntryParser } from '../core/model/parser'
import type { EntrySource } from './bundle-source'
import { type StreamingDecoder, createStreamingDecoder, decodeHead } from './encoding'
import { LineSplitter } from './line-splitter'

const HEAD_BYTES = 64 * 1024
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
  hash: Hash
  onBytes(n: number): void
  onLogs(lines: LogLine[]): void
  /** Awaited between chunks: the log-line consumer's backpressure. */
  ready(): Promise<void>
}

/** Streams the entry into the parser and returns its result. */
export async function feedEntry(source: EntrySource, parser: EntryParser, encoding: string | null, io: EntryIo): Promise<ParsedEntry> {
  const { signal, hash, onBytes } = io
  const stream = source.open()
  let read = 0
  const decoder = createStreamingDecoder(encoding ?? 'utf-8')
  const docParts: string[] = []
  const lines = parser.mode === 'lines' ? new LineSplitter((line, n) => parser.pushLine(line, n)) : null
  let truncation: Diagnostic | null = null
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal.aborted) throw new DomainError('CANCELLED', 'import cancelled')
      await io.ready()
      read += chunk.length
      hash.update(chunk)
      onBytes(read)
      if (parser.mode === 'bytes') {
        parser.push(chunk)
      } else if (parser.mode === 'document') {
        if (read > MAX_DOCUMENT_BYTES) throw new Error(`JSON document larger than ${MAX_DOCUMENT_BYTES / 1024 ** 2} MiB`)
        docParts.push(decoder.write(chunk))
      } else {
        lines!.push(decoder.write(chunk))
      }
    }
  } catch (e) {
    if (!isTruncatedCompression(e)) throw e
    truncation = { severity: 'warning', message: `compressed data ends early (${(e as Error).message}) after ${read} bytes; what came before is read` }
  } finally {
    stream.destroy()
  }
  const parsed = finish(parser, decoder, docParts, lines)
  if (truncation) parsed.diagnostics.unshift(truncation)
  return parsed
}

function finish(parser: EntryParser, decoder: StreamingDecoder, docParts: string[], lines: LineSplitter | null): ParsedEntry {
  if (parser.mode === 'bytes') return parser.end()
  if (parser.mode === 'document') {
    docParts.push(decoder.end())
    return parser.parse(docParts.join('').replace(/^\uFEFF/, ''))
  }
  lines!.push(decoder.end())
  lines!.end()
  const parsed = parser.end()
  parsed.diagnostics.push(...lines!.diagnostics)
  return parsed
}

/** zlib's errors for a stream cut short or damaged (a truncated .gz inside a bundle). */
function isTruncatedCompression(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code
  return code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR'
}
