/**
 * Runs import jobs: in a worker thread (the app, integration and e2e tests) or inline on the main
 * thread (unit tests), with identical logic (`runParseJob`). Queues beyond `maxParallel`, publishes
 * progress as contract events throttled to ≤ 10 per second per job (the last one always sent),
 * cancels with a message first and `terminate()` after a grace period. A worker whose job ended
 * normally (a result or a reported failure, no cancel) is kept idle for the next job for a while:
 * its code is then already loaded and optimised (a cancelled or crashed worker is never reused).
 */
import { randomUUID } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { JobDto } from '../contract/dto'
import type { ApiErrorDto } from '../contract/errors'
import { DomainError } from '../contract/domain-error'
import type { LogLine } from '../core/model/call'
import type { EventBus } from '../transport/event-bus'
import { batchLines, unpackLogs } from './log-batch'
import { type JobSink, type ParseJobInput, type ParseJobOutput, runParseJob } from './parse-job'
import { type FromWorker, type JobProgress, MAX_IN_FLIGHT, type ToWorker, WORKER_EXEC_ARGV } from './protocol'
import { SerialQueue } from './serial-queue'

export type JobsMode = 'worker' | 'inline'

/** What the owning service does with a job's stream of log lines and its result (on the main thread). */
export interface JobHooks<R> {
  /** Called before parsing starts (e.g. to open the store transaction). */
  onStart?: () => Promise<void>
  /** An entry is about to be parsed (before any of its log lines). */
  onEntry?: (entryIndex: number, path: string, sizeBytes: number) => Promise<void>
  onLogs?: (entryIndex: number, lines: LogLine[]) => Promise<void>
  /** Persists the output; its return value is the job's result. */
  onOutput: (output: ParseJobOutput, progress: (p: JobProgress) => void) => Promise<R>
  /** Called after a failure or cancellation (e.g. to roll back). */
  onAbort?: (error: ApiErrorDto) => Promise<void>
}

interface Job { dto: JobDto; cancel: () => void; lastEmit: number }

const CANCEL_GRACE_MS = 2000
const PROGRESS_INTERVAL_MS = 100
/** Idle workers are ended after this long without a job. */
const WORKER_IDLE_MS = 30_000

export class JobRunner {
  private readonly jobs = new Map<string, Job>()
  private running = 0
  private readonly queue: (() => void)[] = []
  private readonly maxParallel: number
  private readonly idle: { worker: Worker; forget: () => void }[] = []
  private idleTimer: NodeJS.Timeout | undefined
  private disposed = false

  constructor(private readonly opts: { mode: JobsMode; workerPath: string; bus: EventBus; maxParallel?: number }) {
    this.maxParallel = opts.maxParallel ?? Math.max(1, availableParallelism() - 1)
  }

  list(): JobDto[] {
    return [...this.jobs.values()].map((j) => ({ ...j.dto }))
  }

  /** Starts (or queues) an import job; returns its id at once and a promise of its result. */
  start<R>(input: ParseJobInput, label: string, hooks: JobHooks<R>): { jobId: string; done: Promise<R> } {
    const jobId = randomUUID()
    const dto: JobDto = { jobId, kind: 'import', label, state: 'queued', stage: 'read', percent: 0, bytesDone: 0, bytesTotal: 0 }
    let cancelled = false
    let cancelRunning: (() => void) | null = null
    const job: Job = { dto, lastEmit: 0, cancel: () => { cancelled = true; cancelRunning?.() } }
    this.jobs.set(jobId, job)
    this.opts.bus.emit('job.progress', { ...dto })
    const done = this.whenSlotFree().then(async () => {
      this.running++
      try {
        if (cancelled) throw new DomainError('CANCELLED', 'import cancelled before it started')
        dto.state = 'running'
        await hooks.onStart?.()
        const progress = (p: JobProgress) => this.progress(job, p)
        const run = this.opts.mode === 'worker' ? this.runInWorker(input, progress, hooks) : this.runInline(input, progress, hooks)
        cancelRunning = run.cancel
        if (cancelled) run.cancel() // cancelled while onStart was waiting for the store
        const output = await run.output
        const result = await hooks.onOutput(output, progress)
        this.finish(job, 'done')
        this.opts.bus.emit('job.finished', { jobId, state: 'done', ...(isImportResult(result) ? { result } : {}) })
        return result
      } catch (e) {
        const error = e instanceof DomainError ? e.toDto() : { code: 'INTERNAL' as const, message: (e as Error).message }
        await hooks.onAbort?.(error).catch(() => undefined)
        const state = error.code === 'CANCELLED' ? 'cancelled' : 'failed'
        this.finish(job, state)
        this.opts.bus.emit('job.finished', { jobId, state, error })
        throw e instanceof DomainError ? e : new DomainError('IMPORT_FAILED', error.message)
      } finally {
        this.running--
        this.queue.shift()?.()
      }
    })
    done.catch(() => undefined) // the caller may not await; failures are reported as events
    return { jobId, done }
  }

  cancel(jobId: string): void {
    const job = this.jobs.get(jobId)
    if (!job) throw new DomainError('NOT_FOUND', `no job ${jobId}`)
    job.cancel()
  }

  private whenSlotFree(): Promise<void> {
    if (this.running < this.maxParallel) return Promise.resolve()
    return new Promise((resolve) => this.queue.push(resolve))
  }

  private progress(job: Job, p: JobProgress, force = false): void {
    Object.assign(job.dto, p, { percent: p.bytesTotal > 0 ? Math.min(100, (100 * p.bytesDone) / p.bytesTotal) : 0 })
    const now = Date.now()
    if (force || now - job.lastEmit >= PROGRESS_INTERVAL_MS) {
      job.lastEmit = now
      this.opts.bus.emit('job.progress', { ...job.dto })
    }
  }

  private finish(job: Job, state: JobDto['state']): void {
    job.dto.state = state
    if (state === 'done') job.dto.percent = 100
    this.opts.bus.emit('job.progress', { ...job.dto })
  }

  private runInline<R>(input: ParseJobInput, progress: (p: JobProgress) => void, hooks: JobHooks<R>) {
    const controller = new AbortController()
    const queue = new SerialQueue()
    const sink: JobSink = {
      entryStarted: (i, path, size) => queue.push(async () => hooks.onEntry?.(i, path, size)),
      logs: (i, lines) => queue.push(async () => hooks.onLogs?.(i, batchLines(lines))),
      ready: () => (queue.size > MAX_IN_FLIGHT ? queue.drained() : Promise.resolve()),
      dropsLogs: hooks.onLogs === undefined,
    }
    const output = runParseJob(input, progress, controller.signal, sink).then(async (o) => {
      await queue.drained()
      return o
    })
    return { output, cancel: () => controller.abort() }
  }

  private runInWorker<R>(input: ParseJobInput, progress: (p: JobProgress) => void, hooks: JobHooks<R>) {
    const worker = this.takeWorker()
    const queue = new SerialQueue()
    const ack = () => worker.postMessage({ type: 'ack' } satisfies ToWorker)
    let killTimer: NodeJS.Timeout | undefined
    let reusable = false
    let cancelled = false
    let onMessage: (msg: FromWorker) => void = () => undefined
    let onError: (e: Error) => void = () => undefined
    let onExit: (code: number) => void = () => undefined
    const output = new Promise<ParseJobOutput>((resolve, reject) => {
      onMessage = (msg) => {
        if (msg.type === 'progress') progress(msg.progress)
        else if (msg.type === 'entry') queue.push(async () => hooks.onEntry?.(msg.entryIndex, msg.path, msg.sizeBytes), ack)
        // Unpacked only when the consumer is ready for the batch (packed batches are compact).
        else if (msg.type === 'logs') queue.push(async () => hooks.onLogs?.(msg.entryIndex, unpackLogs(msg.batch)), ack)
        else if (msg.type === 'result') {
          reusable = true
          queue.drained().then(() => resolve(msg.output), reject)
        } else if (msg.type === 'error') {
          reusable = true
          reject(new DomainError(msg.error.code, msg.error.message, msg.error.details))
        }
      }
      onError = (e) => {
        reusable = false
        reject(new DomainError('IMPORT_FAILED', `parse worker crashed: ${e.message}`))
      }
      onExit = (code) => {
        reusable = false
        reject(new DomainError('CANCELLED', `parse worker exited (${code})`))
      }
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
    }).finally(() => {
      clearTimeout(killTimer)
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      if (reusable && !cancelled) this.releaseWorker(worker)
      else void worker.terminate()
    })
    worker.postMessage({ type: 'start', input, sendLogs: hooks.onLogs !== undefined } satisfies ToWorker)
    return {
      output,
      cancel: () => {
        cancelled = true
        worker.postMessage({ type: 'cancel' } satisfies ToWorker)
        killTimer = setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS)
      },
    }
  }

  /** An idle worker from an earlier job, or a new one. */
  private takeWorker(): Worker {
    const kept = this.idle.pop()
    if (!kept) return new Worker(this.opts.workerPath, { execArgv: WORKER_EXEC_ARGV })
    kept.forget()
    kept.worker.ref()
    return kept.worker
  }

  /** Keeps a worker for the next job (unreferenced: it does not hold the process open), up to `maxParallel` of them. */
  private releaseWorker(worker: Worker): void {
    if (this.disposed || this.idle.length >= this.maxParallel) {
      void worker.terminate()
      return
    }
    // An idle worker that dies is dropped (and its error event handled).
    const gone = () => {
      const i = this.idle.findIndex((k) => k.worker === worker)
      if (i >= 0) this.idle.splice(i, 1)
    }
    const forget = () => {
      worker.off('exit', gone)
      worker.off('error', gone)
    }
    worker.on('exit', gone)
    worker.on('error', gone)
    worker.unref()
    this.idle.push({ worker, forget })
    clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => this.endIdleWorkers(), WORKER_IDLE_MS)
    this.idleTimer.unref()
  }

  private endIdleWorkers(): void {
    for (const { worker, forget } of this.idle.splice(0)) {
      forget()
      void worker.terminate()
    }
  }

  /** Cancels everything and waits for nothing: used on shutdown. */
  dispose(): void {
    this.disposed = true
    clearTimeout(this.idleTimer)
    this.endIdleWorkers()
    for (const job of this.jobs.values()) if (job.dto.state === 'running' || job.dto.state === 'queued') job.cancel()
  }
}

function isImportResult(r: unknown): r is import('../contract/dto').ImportResultDto {
  return typeof r === 'object' && r !== null && 'bundleId' in r
}
