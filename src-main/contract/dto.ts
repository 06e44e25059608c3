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
