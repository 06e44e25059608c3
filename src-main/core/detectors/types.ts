/**
 * Types of the detector engine: the CallView it reads (several entries of one case, already on one
 * clock), the findings it writes, and the shape of a detector. Invariants: every time is UTC epoch ms
 * after clock offset; series columns ascend in time; NaN in a value column is a gap. Findings carry
 * their evidence (metric points, event refs, log line refs) and bilingual text (en + zh-CN).
 */
import type { CallEvent, Direction, MediaKind, Scalar } from '../model/call'

export type Category = 'network' | 'media' | 'connectivity' | 'device' | 'integration'
export type FindingSeverity = 'info' | 'warning' | 'error'

/** A text in both UI languages. */
export interface Text { en: string; zh: string }
export interface TextList { en: string[]; zh: string[] }

// ---------------------------------------------------------------------------------------------
// Input: the call view

/** One metric column of a stream, connection or entry, times already clock-offset. */
export interface ViewSeries { readonly t: Float64Array; readonly v: Float64Array; readonly unit: string }

export interface ViewStream {
  /** Unique in the view: `${entryId}/${key}`. */
  id: string
  entryId: string
  /** The stream key inside its entry (what the store and the UI know it by). */
  key: string
  participant: string
  connectionKey?: string
  kind: MediaKind
  direction: Direction
  ssrc?: number
  codec?: string
  /** Simulcast rid or SVC layer, when the stream is one layer of several. */
  layer?: string
  label?: string
  meta: Record<string, Scalar>
  /** Metric id (catalog id or `stat.<type>.<prop>`) -> series. */
  series: ReadonlyMap<string, ViewSeries>
}

export interface ViewConnection {
  /** Unique in the view: `${entryId}/${key}`. */
  id: string
  entryId: string
  key: string
  participant: string
  label?: string
  /** Connection meta plus the entry's `<key>.pair.*` facts as `pair.*` (first selected candidate pair). */
  meta: Record<string, Scalar>
  series: ReadonlyMap<string, ViewSeries>
  streams: ViewStream[]
}

export interface ViewEntry {
  /** Unique in the view (the stored entry id, or a generated one). */
  id: string
  participant: string
  kind: string
  format: string
  meta: Record<string, Scalar>
  /** Sorted by time, clock offset applied. */
  events: readonly CallEvent[]
  /** Series owned by neither a stream nor a connection (e.g. process CPU). */
  series: ReadonlyMap<string, ViewSeries>
}

/** Everything the detectors see of one case. */
export interface CallView {
  entries: ViewEntry[]
  connections: ViewConnection[]
  streams: ViewStream[]
  participants: string[]
  /** Earliest and latest time over all series and events (0, 0 when empty). */
  start: number
  end: number
}

// ---------------------------------------------------------------------------------------------
// Output: findings

export interface MetricPoint { t: number; v: number }

/** The metric values that triggered a finding (a bounded sample of the window, peaks kept). */
export interface MetricEvidence {
  metric: string
  unit: string
  entryId: string
  participant: string
  streamKey?: string
  connectionKey?: string
  /** The threshold the values were compared with, in the metric's unit. */
  threshold?: number
  points: MetricPoint[]
  stats: { min: number; max: number; mean: number; n: number }
}

/** A reference to an event of an entry (enough to find it again and to show it). */
export interface EventRef {
  entryId: string
  t: number
  type: string
  message: string
  line?: number
  connectionKey?: string
  streamKey?: string
}

export interface LogLineRef { entryId: string; line: number }

export interface Evidence {
  metrics: MetricEvidence[]
  events: EventRef[]
  logLines: LogLineRef[]
  /** Figures the detector computed (burst counts, attribution votes, averages...). */
  figures: Record<string, Scalar>
}

export interface Finding {
  /** Stable for the same input: detector, entry, owner, code and start time. */
  id: string
  detectorId: string
  detectorVersion: number
  category: Category
  severity: FindingSeverity
  /** Sub-kind inside the detector, e.g. `bursty-loss`, `uplink-congestion`. */
  code: string
  title: Text
  start: number
  end: number
  participant?: string
  entryId?: string
  streamKey?: string
  connectionKey?: string
  evidence: Evidence
  explanation: Text
  nextSteps: TextList
  /** Stable string for similar-case matching: no times, keys or names, only what kind of problem it is. */
  signature: string
}

/** What a detector returns; the engine adds id, detector id and version, category and signature. */
export type FindingDraft = Omit<Finding, 'id' | 'detectorId' | 'detectorVersion' | 'category' | 'signature'> & {
  category?: Category
  /** Extra signature parts after `<detector>/<code>` (media kind, direction, cause...). */
  signatureParts?: string[]
}

// ---------------------------------------------------------------------------------------------
// Detectors and their thresholds

/** One documented, user-changeable threshold. Booleans are 0/1. */
export interface ParamSpec {
  default: number
  min: number
  max: number
  unit: string
  doc: Text
}

export type ParamSpecs = Record<string, ParamSpec>
export type ParamValues<S extends ParamSpecs> = { [K in keyof S]: number }

export interface DetectorDef<Id extends string = string, S extends ParamSpecs = ParamSpecs> {
  id: Id
  /** Bumped whenever the rule or a default changes, so stored findings can be recomputed. */
  version: number
  category: Category
  title: Text
  description: Text
  /** Where the rule and its defaults come from (anchors-mission §2, standards, vendor docs). */
  sources: string[]
  params: S
  run(view: CallView, p: ParamValues<S>): FindingDraft[]
}
