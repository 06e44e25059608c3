/** Typed messages between the job runner (main thread) and a parse worker, and between a parse worker and its segment worker. */
import type { ApiErrorDto } from '../contract/errors'
import type { PackedLogs } from './log-batch'
import type { ParseJobInput, ParseJobOutput } from './parse-job'
import type { SegmentJob, SegmentResult } from './split-entry'

export interface JobProgress {
  stage: 'read' | 'parse' | 'store'
  bytesDone: number
  bytesTotal: number
}

/**
 * Node options the parse and segment workers start with: none. They run the built bundle, so the
 * parent's loader hooks (tsx under the tests and benches) only slow their start (~300 ms measured
 * on the first import: every module went through the hooks' thread); Electron and `rtcwb` pass none.
 */
export const WORKER_EXEC_ARGV: string[] = []

/** Entry and log messages the worker may have sent but the main thread not yet stored (backpressure). */
export const MAX_IN_FLIGHT = 8

export type ToWorker =
  /** `sendLogs: false` when nothing consumes log lines (they are then dropped in the worker). */
  | { type: 'start'; input: ParseJobInput; sendLogs: boolean }
  | { type: 'cancel' }
  /** One `entry` or `logs` message has been stored. */
  | { type: 'ack' }

export type FromWorker =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'entry'; entryIndex: number; path: string; sizeBytes: number }
  | { type: 'logs'; entryIndex: number; batch: PackedLogs }
  | { type: 'result'; output: ParseJobOutput }
  | { type: 'error'; error: ApiErrorDto }

/** `workerData` of a parse worker started as the segment worker of another. */
export interface SegmentWorkerData { role: 'segment' }

export type ToSegment =
  | { type: 'start'; job: SegmentJob }
  /** The parent took batches worth `bytes` (log-batch `batchBytes`). */
  | { type: 'taken'; bytes: number }

export type FromSegment =
  | { type: 'logs'; batch: PackedLogs; bytesRead: number }
  /** How far it has read, when its lines are not sent. */
  | { type: 'progress'; bytesRead: number }
  | { type: 'result'; result: SegmentResult }
  | { type: 'error'; message: string }
