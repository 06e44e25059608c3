/**
 * Wire shapes shared by both transports. JSON-safe only: no Date (epoch ms numbers), no bigint,
 * no typed arrays (series travel as plain number arrays, already downsampled to what is drawn).
 */
import { z } from 'zod'

export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'an id is letters, digits, - and _')
export const EpochMs = z.number().finite()

export const TimeRange = z.object({ start: EpochMs, end: EpochMs }).refine((r) => r.end >= r.start, 'end must not precede start')
export type TimeRange = z.infer<typeof TimeRange>

export const SCENARIOS = ['conversational-ai', 'live-show', '1v1-social', 'going-global', 'education', 'other'] as const
export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const
export const STATUSES = ['new', 'investigating', 'escalated', 'resolved', 'closed'] as const

/** One SLA clock: due time from creation + the priority's target; stopped by the first response / resolution. */
export const SlaClockDto = z.object({
  targetMin: z.number(),
  dueAt: EpochMs,
  stoppedAt: EpochMs.nullable(),
  /** As of when the case was read (the UI counts the time left from `dueAt` itself). */
  state: z.enum(['running', 'overdue', 'met', 'breached']),
})
export type SlaClockDto = z.infer<typeof SlaClockDto>

export const CaseSummaryDto = z.object({
  id: Id,
  title: z.string(),
  customer: z.string(),
  scenario: z.enum(SCENARIOS),
  priority: z.enum(PRIORITIES),
  status: z.enum(STATUSES),
  tier: z.number().int(),
  owner: z.string(),
  tags: z.array(z.string()),
  createdAt: EpochMs,
  updatedAt: EpochMs,
  bundleCount: z.number().int(),
  isDemo: z.boolean(),
  firstResponseAt: EpochMs.nullable(),
  resolvedAt: EpochMs.nullable(),
  closedAt: EpochMs.nullable(),
  sla: z.object({ firstResponse: SlaClockDto, resolution: SlaClockDto }),
})
export type CaseSummaryDto = z.infer<typeof CaseSummaryDto>

export const DiagnosticDto = z.object({
  severity: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  path: z.string().optional(),
  line: z.number().int().optional(),
})
export type DiagnosticDto = z.infer<typeof DiagnosticDto>

export const EntryDto = z.object({
  id: z.number().int(),
  path: z.string(),
  kind: z.string(),
  format: z.string(),
  encoding: z.string().nullable(),
  sizeBytes: z.number(),
  participant: z.string(),
  clockOffsetMs: z.number(),
  diagnostics: z.array(DiagnosticDto),
})
export type EntryDto = z.infer<typeof EntryDto>

export const BundleDto = z.object({
  id: Id,
  caseId: Id,
  name: z.string(),
  sizeBytes: z.number(),
  importedAt: EpochMs,
  timeStart: EpochMs.nullable(),
  timeEnd: EpochMs.nullable(),
  entries: z.array(EntryDto),
})
export type BundleDto = z.infer<typeof BundleDto>

export const CaseDetailDto = CaseSummaryDto.extend({
  description: z.string(),
  appVersion: z.string(),
  bundles: z.array(BundleDto),
})
export type CaseDetailDto = z.infer<typeof CaseDetailDto>

export const StreamDto = z.object({
  id: z.number().int(),
  entryId: z.number().int(),
  key: z.string(),
  kind: z.enum(['audio', 'video']),
  direction: z.enum(['send', 'recv']),
  ssrc: z.number().nullable(),
  codec: z.string().nullable(),
  layer: z.string().nullable(),
  label: z.string(),
  participant: z.string(),
  connectionKey: z.string().nullable(),
})
export type StreamDto = z.infer<typeof StreamDto>

export const SeriesInfoDto = z.object({
  id: z.number().int(),
  entryId: z.number().int(),
  streamId: z.number().int().nullable(),
  connectionKey: z.string().nullable(),
  metric: z.string(),
  unit: z.string(),
  points: z.number().int(),
  timeStart: EpochMs.nullable(),
  timeEnd: EpochMs.nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
})
export type SeriesInfoDto = z.infer<typeof SeriesInfoDto>

export const EventDto = z.object({
  id: z.number().int(),
  entryId: z.number().int(),
  t: EpochMs,
  type: z.string(),
  severity: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  streamId: z.number().int().nullable(),
  connectionKey: z.string().nullable(),
  line: z.number().int().nullable(),
})
export type EventDto = z.infer<typeof EventDto>

/** Everything the timeline needs to lay out a case, without the point data. */
export const CaseTimelineDto = z.object({
  caseId: Id,
  timeStart: EpochMs.nullable(),
  timeEnd: EpochMs.nullable(),
  streams: z.array(StreamDto),
  series: z.array(SeriesInfoDto),
  events: z.array(EventDto),
})
export type CaseTimelineDto = z.infer<typeof CaseTimelineDto>

/** Point data of one series, downsampled (min/max per bucket) to at most `maxPoints` unless exact. */
export const SeriesPointsDto = z.object({
  id: z.number().int(),
  t: z.array(z.number()),
  /** null marks a gap (JSON has no NaN). */
  v: z.array(z.number().nullable()),
  isExact: z.boolean(),
})
export type SeriesPointsDto = z.infer<typeof SeriesPointsDto>

export const JobDto = z.object({
  jobId: Id,
  kind: z.string(),
  label: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  stage: z.string(),
  percent: z.number(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
})
export type JobDto = z.infer<typeof JobDto>

export const ImportResultDto = z.object({
  caseId: Id,
  bundleId: Id,
  entries: z.number().int(),
  streams: z.number().int(),
  series: z.number().int(),
  events: z.number().int(),
  diagnostics: z.array(DiagnosticDto),
})
export type ImportResultDto = z.infer<typeof ImportResultDto>

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()])

/** What a bundle holds, parsed but not stored (`rtcwb inspect`, import preview). */
export const InspectDto = z.object({
  name: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  timeStart: EpochMs.nullable(),
  timeEnd: EpochMs.nullable(),
  entries: z.array(z.object({
    path: z.string(),
    kind: z.string(),
    format: z.string(),
    encoding: z.string().nullable(),
    sizeBytes: z.number(),
    participant: z.string(),
    logLines: z.number().int(),
    streams: z.number().int(),
    series: z.number().int(),
    events: z.number().int(),
    meta: z.record(z.string(), Scalar),
    diagnostics: z.array(DiagnosticDto),
  })),
  streams: z.array(z.object({
    entry: z.string(),
    key: z.string(),
    kind: z.enum(['audio', 'video']),
    direction: z.enum(['send', 'recv']),
    ssrc: z.number().nullable(),
    codec: z.string().nullable(),
    layer: z.string().nullable(),
    label: z.string(),
    /** Figures the format computes itself (pcap: Wireshark RTP Stream Analysis), or null. */
    summary: z.record(z.string(), Scalar).nullable(),
    /** Per canonical metric: points, min, mean, max over the stream. */
    metrics: z.record(z.string(), z.object({ unit: z.string(), points: z.number().int(), min: z.number().nullable(), mean: z.number().nullable(), max: z.number().nullable() })),
  })),
  eventsByType: z.record(z.string(), z.number().int()),
  diagnostics: z.array(DiagnosticDto),
})
export type InspectDto = z.infer<typeof InspectDto>

/** An entry's clock offset: the one applied, and the one the workbench estimates (null when it cannot). */
export const ClockOffsetDto = z.object({
  entryId: z.number().int(),
  path: z.string(),
  currentOffsetMs: z.number(),
  suggestedOffsetMs: z.number().nullable(),
  isReference: z.boolean(),
  /** What the suggestion rests on, in words. */
  basis: z.string().nullable(),
})
export type ClockOffsetDto = z.infer<typeof ClockOffsetDto>

// ---- Log viewer ---------------------------------------------------------------------------------

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'fatal'] as const
/** Rows of the log viewer: text-log lines, and the case's typed events (e.g. a dump's updateLog). */
export const LOG_ROW_KINDS = ['log', 'event'] as const

/** A position in the viewer's order (sort time, then row key): pages continue strictly after/before it. */
export const LogCursor = z.object({ t: z.number().finite(), id: z.number().int() })
export type LogCursor = z.infer<typeof LogCursor>

/**
 * What the viewer shows. Every list is optional (absent = no filter); an empty list matches nothing.
 * `text` is full-text (each word must appear; words are quoted, never FTS syntax); `regex` is a
 * JavaScript regular expression tested on the message, server-side, over a bounded scan.
 */
export const LogFilters = z.object({
  levels: z.array(z.enum(LOG_LEVELS)).max(LOG_LEVELS.length).optional(),
  modules: z.array(z.string().max(200)).max(500).optional(),
  entryIds: z.array(z.number().int()).max(10_000).optional(),
  kinds: z.array(z.enum(LOG_ROW_KINDS)).max(2).optional(),
  text: z.string().max(500).optional(),
  regex: z.string().max(500).optional(),
  isRegexCaseSensitive: z.boolean().optional(),
  range: TimeRange.optional(),
}).strict()
export type LogFilters = z.infer<typeof LogFilters>

/** One row: a log line (`id` = its line id) or an event (`id` = minus the event id). */
export const LogRowDto = z.object({
  id: z.number().int(),
  kind: z.enum(LOG_ROW_KINDS),
  entryId: z.number().int(),
  /** The entry's path inside its bundle. */
  path: z.string(),
  /** 1-based line in the entry, when known. */
  line: z.number().int().nullable(),
  /** Sort time, epoch ms with the entry's clock offset applied; a line without its own time has its previous line's. */
  t: z.number(),
  /** False when `t` was inherited (continuation line) or the line has no time at all. */
  isTimed: z.boolean(),
  /** Log level, or for an event its severity. */
  level: z.string().nullable(),
  /** Log module, or for an event its type (e.g. `ice.state`). */
  module: z.string().nullable(),
  message: z.string(),
})
export type LogRowDto = z.infer<typeof LogRowDto>

export const LogPageDto = z.object({
  /** Always in ascending viewer order, whichever direction was asked for. */
  rows: z.array(LogRowDto),
  /** More rows may follow in the direction asked for. */
  hasMore: z.boolean(),
  /** The regex scan stopped at its cap before filling the page: continue from `resume`. */
  isPartial: z.boolean(),
  /** Where the scan stopped (continue after/before it); null when it reached the end. */
  resume: LogCursor.nullable(),
  /** Candidate rows examined (regex scans). */
  scanned: z.number().int(),
})
export type LogPageDto = z.infer<typeof LogPageDto>

export const LogCountDto = z.object({
  total: z.number().int(),
  /** True when `total` and the histogram are estimated (large filtered sets, regex over many rows). */
  isEstimate: z.boolean(),
  timeStart: EpochMs.nullable(),
  timeEnd: EpochMs.nullable(),
  /** Rows per time bucket over [timeStart, timeEnd]: maps the scroll position to a time and back. */
  histogram: z.object({ start: EpochMs, bucketMs: z.number().positive(), counts: z.array(z.number().int()) }).nullable(),
})
export type LogCountDto = z.infer<typeof LogCountDto>

export const LogLocateDto = z.object({
  /** The first row at or after the time; null when none. */
  anchor: LogCursor.nullable(),
  /** How many rows precede it (the anchor's index in the viewer). */
  rank: z.number().int(),
  isEstimate: z.boolean(),
})
export type LogLocateDto = z.infer<typeof LogLocateDto>

const Facet = z.object({ value: z.string(), count: z.number().int() })
export const LogFacetsDto = z.object({
  entries: z.array(z.object({
    entryId: z.number().int(), path: z.string(), bundle: z.string(), participant: z.string(), kind: z.string(), format: z.string(),
    clockOffsetMs: z.number(), lines: z.number().int(), events: z.number().int(),
  })),
  /** Log levels of lines (events count under their severity). */
  levels: z.array(Facet),
  /** Log modules, most lines first (at most 500). */
  modules: z.array(Facet),
  /** Event types, most events first. */
  eventTypes: z.array(Facet),
  timeStart: EpochMs.nullable(),
  timeEnd: EpochMs.nullable(),
})
export type LogFacetsDto = z.infer<typeof LogFacetsDto>
