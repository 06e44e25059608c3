/**
 * THE API: every callable method with its input and output schema. The key is the wire name for both
 * transports (Electron IPC and loopback HTTP `POST /api/<method>`). Inputs are validated by the
 * dispatcher before any handler runs.
 */
import { z } from 'zod'
import {
  CaseDetailDto, CaseSummaryDto, ClockOffsetDto, CaseTimelineDto, EpochMs, Id, InspectDto, JobDto, PRIORITIES, SCENARIOS, STATUSES, SeriesPointsDto,
  LogCountDto, LogCursor, LogFacetsDto, LogFilters, LogLocateDto, LogPageDto,
} from './dto'
import { CaseListInput, caseMethods } from './case-methods'
import { whatifMethods } from './whatif-methods'

const CaseFields = z.object({
  title: z.string().trim().min(1).max(200),
  customer: z.string().max(200).default(''),
  appVersion: z.string().max(200).default(''),
  scenario: z.enum(SCENARIOS).default('other'),
  priority: z.enum(PRIORITIES).default('P2'),
  tier: z.number().int().min(2).max(3).default(2),
  status: z.enum(STATUSES).default('new'),
  owner: z.string().max(200).default(''),
  tags: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
  description: z.string().max(100_000).default(''),
})

export const methods = {
  /** Facts about this running workbench. */
  'app.info': {
    input: z.object({}).strict(),
    output: z.object({ version: z.string(), dataDir: z.string(), platform: z.string(), isElectron: z.boolean() }),
  },
  /** Cases, filtered (full text over the case and its notes, status, priority…), sorted and paged; newest first by default. */
  'cases.list': {
    input: CaseListInput,
    output: z.array(CaseSummaryDto),
  },
  'cases.get': { input: z.object({ caseId: Id }).strict(), output: CaseDetailDto },
  'cases.create': { input: CaseFields.strict(), output: CaseSummaryDto },
  /**
   * Imports a bundle file or folder from a path on this machine (in browser mode, a path returned by
   * the upload route). Into `caseId`, or into a new case named after the bundle. Runs as a job.
   */
  'bundles.import': {
    input: z.object({ path: z.string().min(1).max(4096), caseId: Id.optional(), displayName: z.string().max(500).optional() }).strict(),
    output: z.object({ jobId: Id }),
  },
  /** Parses a bundle (in a worker, with job progress events) and describes it without storing anything. */
  'bundles.inspect': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: InspectDto,
  },
  /** Per entry of a case: the clock offset applied and the one estimated from streams both sides saw. */
  'clock.estimate': { input: z.object({ caseId: Id }).strict(), output: z.array(ClockOffsetDto) },
  /** Shifts every time of one entry by `offsetMs` (positive = later), e.g. to line up two participants' logs. */
  'entries.setClockOffset': {
    input: z.object({ entryId: z.number().int().positive(), offsetMs: z.number().finite().min(-86_400_000).max(86_400_000) }).strict(),
    output: z.null(),
  },
  'jobs.list': { input: z.object({}).strict(), output: z.array(JobDto) },
  'jobs.cancel': { input: z.object({ jobId: Id }).strict(), output: z.null() },
  /** Streams, series catalog and events of every bundle in a case. */
  'timeline.get': { input: z.object({ caseId: Id }).strict(), output: CaseTimelineDto },
  /** Point data for series, min/max-downsampled to `maxPoints` buckets over the range (exact when fewer points). */
  'timeline.points': {
    input: z.object({
      seriesIds: z.array(z.number().int()).min(1).max(200),
      range: z.object({ start: EpochMs, end: EpochMs }).optional(),
      maxPoints: z.number().int().min(10).max(20_000).default(2000),
    }).strict(),
    output: z.array(SeriesPointsDto),
  },
  /**
   * A page of the case's log viewer rows (text-log lines and typed events, merged in sort-time order,
   * clock offsets applied), strictly after (`forward`) or before (`backward`) `cursor`, or from the
   * start / end without one. Keyset paging: no OFFSET, constant cost at any depth.
   */
  'logs.query': {
    input: z.object({
      caseId: Id,
      filters: LogFilters.default({}),
      cursor: LogCursor.optional(),
      direction: z.enum(['forward', 'backward']).default('forward'),
      limit: z.number().int().min(1).max(1000).default(200),
    }).strict(),
    output: LogPageDto,
  },
  /** The first row at or after time `t` under the filters, and its index (exact when cheap, else estimated). */
  'logs.locate': {
    input: z.object({ caseId: Id, t: EpochMs, filters: LogFilters.default({}) }).strict(),
    output: LogLocateDto,
  },
  /** How many rows the filters keep (exact when cheap, else an estimate flagged as such), with a time histogram. */
  'logs.count': {
    input: z.object({ caseId: Id, filters: LogFilters.default({}), buckets: z.number().int().min(1).max(2000).default(200) }).strict(),
    output: LogCountDto,
  },
  /** What the filters can choose from: entries (with line and event counts), levels, modules, event types. */
  'logs.facets': {
    input: z.object({ caseId: Id }).strict(),
    output: LogFacetsDto,
  },
  /** Every detector with its documented default thresholds (en/zh), and the overrides saved in this store. */
  'detectors.describe': {
    input: z.object({}).strict(),
    output: z.object({ detectors: z.array(z.object({ id: z.string(), version: z.number(), category: z.string(), title: z.object({ en: z.string(), zh: z.string() }), description: z.object({ en: z.string(), zh: z.string() }), sources: z.array(z.string()), params: z.array(z.object({ key: z.string(), default: z.number(), min: z.number(), max: z.number(), unit: z.string(), doc: z.object({ en: z.string(), zh: z.string() }) })) })), overrides: z.unknown() }),
  },
  /** Saves threshold overrides, e.g. `{ "high-rtt": { "warnMs": 250 } }`; an invalid set is refused whole. A change marks every case's stored findings stale: each is re-analysed on its next read. */
  'detectors.setThresholds': { input: z.object({ overrides: z.record(z.string(), z.unknown()) }).strict(), output: z.null() },
  ...caseMethods,
  ...whatifMethods,
} as const satisfies Record<string, { input: z.ZodTypeAny; output: z.ZodTypeAny }>

export type Methods = typeof methods
export type MethodName = keyof Methods
export type In<M extends MethodName> = z.input<Methods[M]['input']>
export type Out<M extends MethodName> = z.output<Methods[M]['output']>
export type ParsedIn<M extends MethodName> = z.output<Methods[M]['input']>
