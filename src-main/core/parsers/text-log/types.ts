/**
 * The shape of a declarative log-format definition (JSON, lnav-style) after validation. Definitions
 * are plain data: built-in ones ship as JSON in `resources/log-formats/`, user ones are read from
 * `<data dir>/log-formats/*.json` (both by `jobs/log-format-loader.ts`, which hands them to the core
 * as data: the core never reads files). Times in the definition are never wall-clock values; units of
 * series values are those of the metric catalog after `scale` is applied.
 */
import type { LogLevel, Severity } from '../../model/call'

/** One record regex: a line matching it starts a new log record. */
export interface LogPattern {
  /** JavaScript regex source with named groups: `message` (required), `time`, `level`, `module`, `thread`, `file`. */
  regex: string
  /** Overrides the definition's time format(s) for this pattern. */
  timeFormat?: string[]
}

/** A line that sets the date for the time-only records after it (e.g. `Local Date: Wed Dec  6 10:09:34 2017`). */
export interface DateHeader {
  /** Regex with a `date` group, tested on lines that are not records. */
  regex: string
  timeFormat: string[]
}

/** An event produced when an extractor matches. Strings are templates (`{group}` / `{group:filter}`). */
export interface EventSpec {
  /** An id from the event catalog (`sdk.error`, `ice.state`...); unknown ids are allowed. */
  type: string
  /** `info` | `warning` | `error`, or a template resolving to one of them (anything else reads as `info`). */
  severity: string
  message: string
  data?: Record<string, string>
  connection?: string
  stream?: string
}

/** A series point produced when an extractor matches. */
export interface SeriesSpec {
  /** A metric id from the catalog (`bitrate`, `fps`, `rtt_ms`...) or a custom id. */
  metric: string
  /** Defaults to the catalog unit of `metric`. */
  unit: string
  /** Name of the capture group holding the number. */
  value: string
  /** Multiplier applied to the number (e.g. 0.001 for bps -> kbps). Default 1. */
  scale: number
  stream?: string
  connection?: string
  /** With `direction`, registers a StreamInfo for each new stream key. */
  streamKind?: 'audio' | 'video'
  direction?: 'send' | 'recv'
}

/** A message regex that turns matching records into events, series points and entry meta. */
export interface ExtractorSpec {
  id: string
  /** Literal text every match contains: the cheap test run before the regex. Absent = regex on every record. */
  keyword?: string
  regex: string
  flags: string
  /** Match against the record's `message` (default) or the whole `line`. */
  field: 'message' | 'line'
  event?: EventSpec
  series: SeriesSpec[]
  /** Entry meta to set (first value wins), e.g. `{ "sdkVersion": "{version}" }`. */
  meta?: Record<string, string>
}

/** Sniffing options. */
export interface SniffSpec {
  /** Scales the score; specific formats use ~1, catch-all formats less. Default 1. */
  weight: number
  /** Fraction of matching lines under which the score stays below the 0.5 acceptance line. Default 0.3. */
  minFraction: number
  /** Regex that must match at least one line of the head (a signature for catch-all patterns). */
  requires?: string
  /**
   * With this many record lines in the head the format is accepted (score 0.6 x weight) whatever
   * their fraction: for very specific record shapes in logs interleaved with other output. 0 = off.
   */
  minLines: number
}

/** A validated log-format definition. */
export interface LogFormatDefinition {
  id: string
  title: string
  description?: string
  samples: string[]
  timeFormat: string[]
  patterns: LogPattern[]
  /** Raw level text (exact, then case-insensitive) -> level. */
  levels: Record<string, LogLevel>
  defaultLevel?: LogLevel
  /** Lines that match no pattern continue the previous record (stack traces, dumps). Default true. */
  multiline: boolean
  dateHeaders: DateHeader[]
  sniff: SniffSpec
  /** Turn error/fatal records into `log.error` events (capped). Default true. */
  errorEvents: boolean
  lookups: Record<string, Record<string, string>>
  /** Names of shared extractor sets to append (e.g. `agora-rtc`). */
  extractorSets: string[]
  extractors: ExtractorSpec[]
}

/** A named, shareable list of extractors and/or lookup tables (e.g. the Agora error-code tables). */
export interface ExtractorSet {
  id: string
  title?: string
  /** Where the tables / patterns come from (public documentation pages), for reviewers. */
  source: string[]
  lookups: Record<string, Record<string, string>>
  extractors: ExtractorSpec[]
}

/** One validated definition file: a log format, or a set other formats include by id. */
export type LogFormatFile =
  | { kind: 'log-format'; definition: LogFormatDefinition }
  | { kind: 'extractor-set'; set: ExtractorSet }

/** Result of validating untrusted JSON. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string }

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error']
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warning', 'error', 'fatal']
