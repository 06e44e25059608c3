/**
 * The normalized call model: what every parser produces for one bundle entry (one file),
 * whatever its format. Invariants: every time is UTC epoch milliseconds (a float);
 * series columns are ascending in time and of equal length; NaN in a value column is a gap.
 */

/** What an entry was recognised as (by content, never by file name alone). */
export type SourceKind =
  | 'webrtc-internals'
  | 'rtcstats'
  | 'getstats-snapshot'
  | 'pcap'
  | 'text-log'
  | 'encrypted'
  | 'binary'
  | 'unknown'

export type MediaKind = 'audio' | 'video'
/** send = this participant's outbound stream; recv = an inbound stream it receives. */
export type Direction = 'send' | 'recv'
export type Severity = 'info' | 'warning' | 'error'
export type LogLevel = 'trace' | 'debug' | 'info' | 'warning' | 'error' | 'fatal'

/** Values allowed in meta and event data: JSON-safe scalars. */
export type Scalar = string | number | boolean | null

/** A peer connection (or SDK session / network flow in other formats). */
export interface ConnectionInfo {
  /** Unique within the entry, e.g. the PeerConnection id `215-4` or a 5-tuple. */
  key: string
  /** Whose connection this is, when the format tells (user id, uid, dump owner). */
  participant?: string
  label?: string
  meta?: Record<string, Scalar>
}

/** One media stream (one SSRC, or one simulcast layer). */
export interface StreamInfo {
  /** Unique within the entry, e.g. `215-4/IT01V1375092232` or `ssrc:0x1234abcd`. */
  key: string
  connectionKey?: string
  participant?: string
  kind: MediaKind
  direction: Direction
  ssrc?: number
  codec?: string
  /** Simulcast rid or SVC layer, when the stream is one layer of several. */
  layer?: string
  label?: string
  meta?: Record<string, Scalar>
}

/** A columnar time series of one metric for one stream or connection (or the whole entry). */
export interface SeriesData {
  /** A metric id from the catalog (`metrics.ts`), or `stat.<type>.<property>` for raw numeric stats. */
  metric: string
  unit: string
  streamKey?: string
  connectionKey?: string
  /** Epoch ms, ascending. */
  t: Float64Array
  /** Same length as t; NaN marks a gap. */
  v: Float64Array
}

/** A typed event on the timeline (state change, error, candidate, SDK code...). */
export interface CallEvent {
  t: number
  /** An id from the event catalog (`events.ts`), e.g. `ice.state`, `gum.error`, `sdk.error`. */
  type: string
  severity: Severity
  /** One line, human readable, in English (the UI may re-render it from `data`). */
  message: string
  connectionKey?: string
  streamKey?: string
  /** 1-based line in the source entry, when the event came from a line. */
  line?: number
  data?: Record<string, Scalar>
}

/** One line of a text log, kept for full-text search and the log viewer. */
export interface LogLine {
  /** 1-based line number in the entry. */
  line: number
  /** Epoch ms, or null when the line carries no time (continuation lines inherit the previous). */
  t: number | null
  level?: LogLevel
  module?: string
  message: string
}

/** A problem met while reading input: reported, never thrown, never silently dropped. */
export interface Diagnostic {
  severity: Severity
  message: string
  /** Entry path inside the bundle (filled in by the job when the parser does not know it). */
  path?: string
  line?: number
}

/** Per-stream summary figures a format computes itself (e.g. Wireshark-style RTP analysis for pcap). */
export interface StreamSummary {
  streamKey: string
  figures: Record<string, Scalar>
}

/** Everything one parser learnt from one entry, except the log lines (streamed out separately). */
export interface ParsedEntry {
  kind: SourceKind
  /** Format variant, e.g. `webrtc-internals/standard`, `rtcstats/v3`, `pcapng`, `log/agora-4x`. */
  format: string
  connections: ConnectionInfo[]
  streams: StreamInfo[]
  series: SeriesData[]
  events: CallEvent[]
  diagnostics: Diagnostic[]
  summaries: StreamSummary[]
  /** Facts about the source: user agent, SDK version, app id (redacted on export), time zone... */
  meta: Record<string, Scalar>
  /** How many log lines were emitted through the sink. */
  logLineCount: number
}

/** An empty ParsedEntry to fill in. */
export function emptyEntry(kind: SourceKind, format: string): ParsedEntry {
  return {
    kind, format, connections: [], streams: [], series: [], events: [], diagnostics: [], summaries: [],
    meta: {}, logLineCount: 0,
  }
}

/** Time range [min, max] over an entry's series and events, or null when it has no time at all. */
export function entryTimeRange(e: ParsedEntry): [number, number] | null {
  let lo = Infinity
  let hi = -Infinity
  for (const s of e.series) {
    const n = s.t.length
    if (n === 0) continue
    lo = Math.min(lo, s.t[0]!)
    hi = Math.max(hi, s.t[n - 1]!)
  }
  for (const ev of e.events) {
    if (!Number.isFinite(ev.t)) continue
    lo = Math.min(lo, ev.t)
    hi = Math.max(hi, ev.t)
  }
  return lo <= hi ? [lo, hi] : null
}
