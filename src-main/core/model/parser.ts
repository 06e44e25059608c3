/**
 * The contract between the job layer (which reads files, decompresses, decodes text and splits lines)
 * and the pure parsers in `core/parsers/*`. Parsers never touch the file system and never throw on bad
 * input: a malformed line becomes a Diagnostic and parsing goes on.
 */
import type { LogLine, ParsedEntry } from './call'

/** What the sniffer sees of an entry: its first bytes and, when they decode as text, its first characters. */
export interface SniffInput {
  /** Entry path inside the bundle (a hint only: names lie). */
  path: string
  /** Up to the first 64 KiB, raw. */
  head: Uint8Array
  /** The head decoded as text (encoding already detected), or null for binary content. */
  text: string | null
}

/** Services a parser may use while parsing. */
export interface ParseContext {
  path: string
  /** Receives log lines in batches, so a 1 GiB log never sits in memory. */
  emitLogs: (lines: LogLine[]) => void
  /**
   * True when nothing consumes the log lines (e.g. `rtcwb inspect`): a parser may then skip building
   * them and never call `emitLogs` (the entry's `logLineCount` still counts them).
   */
  discardLogs?: boolean
  /** Minutes east of UTC to assume for local times without a zone (default 0 = UTC). */
  assumedUtcOffsetMin: number
  /** Year/month/day to assume for times without a date (epoch ms of that day's midnight UTC), if known. */
  assumedDateMs?: number
}

/** A parser fed decoded text, line by line (text logs, JSON-lines dumps). */
export interface LineParser {
  mode: 'lines'
  /** `line` has no terminator; `lineNo` is 1-based. */
  pushLine(line: string, lineNo: number): void
  end(): ParsedEntry
}

/** A parser fed the whole decoded document at once (single JSON documents). */
export interface DocumentParser {
  mode: 'document'
  parse(text: string): ParsedEntry
}

/** A parser fed raw bytes in chunks (pcap, pcapng). */
export interface BytesParser {
  mode: 'bytes'
  push(chunk: Uint8Array): void
  end(): ParsedEntry
}

export type EntryParser = LineParser | DocumentParser | BytesParser

/** One supported format: how to recognise it and how to parse it. */
export interface FormatHandler {
  /** Stable id, e.g. `webrtc-internals`, `rtcstats`, `pcap`, `log:agora-4x`. */
  id: string
  /** 0 = certainly not this format, 1 = certainly this format. */
  sniff(input: SniffInput): number
  create(ctx: ParseContext): EntryParser
}
