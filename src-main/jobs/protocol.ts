/** Typed messages between the job runner (main thread) and a parse worker. */
import type { ApiErrorDto } from '../contract/errors'
import type { LogLine } from '../core/model/call'
import type { ParseJobInput, ParseJobOutput } from './parse-job'

export interface JobProgress {
  stage: 'read' | 'parse' | 'store'
  bytesDone: number
  bytesTotal: number
}

/** Entry and log messages the worker may have sent but the main thread not yet stored (backpressure). */
export const MAX_IN_FLIGHT = 8

export type ToWorker =
  | { type: 'start'; input: ParseJobInput }
  | { type: 'cancel' }
  /** One `entry` or `logs` message has been stored. */
  | { type: 'ack' }

export type FromWorker =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'entry'; entryIndex: number; path: string; sizeBytes: number }
  | { type: 'logs'; entryIndex: number; lines: LogLine[] }
  | { type: 'result'; output: ParseJobOutput }
  | { type: 'error'; error: ApiErrorDto }
