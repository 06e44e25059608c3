/** Typed messages between the job runner (main thread) and a parse worker. */
import type { ApiErrorDto } from '../contract/errors'
import type { LogLine } from '../core/model/call'
import type { ParseJobInput, ParseJobOutput } from './parse-job'

export interface JobProgress {
  stage: 'read' | 'parse' | 'store'
  bytesDone: number
  bytesTotal: number
}

export type ToWorker =
  | { type: 'start'; input: ParseJobInput }
  | { type: 'cancel' }

export type FromWorker =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'logs'; entryIndex: number; lines: LogLine[] }
  | { type: 'result'; output: ParseJobOutput }
  | { type: 'error'; error: ApiErrorDto }
