/**
 * Public surface of the detector engine (the folder boundary services import).
 */
export type {
  CallView, Category, DetectorDef, EventRef, Evidence, Finding, FindingSeverity, LogLineRef, MetricEvidence, MetricPoint,
  ParamSpec, Text, TextList, ViewConnection, ViewEntry, ViewSeries, ViewStream,
} from './types'
export { callViewFromEntries, type EntryInput, streamPairs, type StreamPair } from './view'
export { DETECTORS, type DetectorId, type DetectorInfo, type ParamInfo, type ThresholdOverrides, type Thresholds, defaultThresholds, describeDetectors } from './registry'
export { type ResolvedThresholds, type ThresholdIssue, type Validation, resolveThresholds, validateThresholds } from './settings'
export { type DetectorRun, runDetectors, runFindings } from './engine'
export { AUDIO_MODEL, VIDEO_MODEL, type Band, type CallScores, type ParticipantScore, type StreamScore, bandOf, scoreCall, simplifiedMos, videoScore } from './score'
export { CLUSTER_MARGIN_MS, type CallSummary, type FindingCluster, MIN_SECONDS, type RankedFinding, SEVERITY_WEIGHT, impactOf, summarize } from './summary'
export { detectEpisodes, type Episode, type HysteresisOptions } from './episodes'
export { benchDetectors } from './bench'
export { DETECTOR_RAW_METRICS } from './raw-metrics'
