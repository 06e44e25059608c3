/**
 * Worker-thread entry for import jobs: messages in, `runParseJob` out. No store access here. Entry
 * and log messages wait for the main thread's acks (at most MAX_IN_FLIGHT outstanding), so a fast
 * parser cannot flood a slower store with batches held in memory. Log lines cross packed
 * (`log-batch.ts`). A worker may be given several jobs, one after the other (the runner keeps it
 * idle in between). Started with `workerData.role = 'segment'`, the same file is instead the
 * segment worker a parse worker starts to parse the second part of a large text log.
 */
import { availableParallelism } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { DomainError } from '../contract/domain-error'
import { isPacked, packLogs, transferList } from '../jobs/log-batch'
import { type JobEnv, type JobSink, runParseJob } from '../jobs/parse-job'
import { type FromWorker, type JobProgress, MAX_IN_FLIGHT, type SegmentWorkerData, type ToWorker } from '../jobs/protocol'
import { serveSegment, workerSegments } from '../jobs/segment-worker'

const port = parentPort
if (!port) throw new Error('parse.worker must run in a worker thread')

if ((workerData as SegmentWorkerData | null)?.role === 'segment') serveSegment(port)
else serveJobs(port)

function serveJobs(port: NonNullable<typeof parentPort>): void {
  const post = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer)
  // A second thread for a split text log only pays when there is a second core.
  const env: JobEnv = { segments: availableParallelism() > 1 ? workerSegments(__filename) : null }
  // The job being run (the runner may send this worker another job once this one is over).
  let job: { controller: AbortController; inFlight: number; waiters: (() => void)[] } | null = null

  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'cancel') {
      if (!job) return
      job.controller.abort()
      for (const w of job.waiters.splice(0)) w()
      return
    }
    if (msg.type === 'ack') {
      if (!job) return
      job.inFlight--
      if (job.inFlight <= MAX_IN_FLIGHT) for (const w of job.waiters.splice(0)) w()
      return
    }
    const current = { controller: new AbortController(), inFlight: 0, waiters: [] as (() => void)[] }
    job = current
    const sendLogs = msg.sendLogs !== false
    const sink: JobSink = {
      dropsLogs: !sendLogs,
      entryStarted(entryIndex, path, sizeBytes) {
        current.inFlight++
        post({ type: 'entry', entryIndex, path, sizeBytes })
      },
      logs(entryIndex, lines) {
        if (!sendLogs) return
        current.inFlight++
        const batch = isPacked(lines) ? lines : packLogs(lines)
        post({ type: 'logs', entryIndex, batch }, transferList(batch))
      },
      ready: () => (current.inFlight <= MAX_IN_FLIGHT ? Promise.resolve() : new Promise<void>((resolve) => current.waiters.push(resolve))),
    }
    runParseJob(msg.input, throttled((progress) => post({ type: 'progress', progress })), current.controller.signal, sink, env)
      .then((output) => {
        // Series columns move to the main thread without a copy.
        const buffers = new Set<ArrayBuffer>()
        for (const e of output.entries) for (const s of e.parsed.series) buffers.add(s.t.buffer as ArrayBuffer).add(s.v.buffer as ArrayBuffer)
        post({ type: 'result', output }, [...buffers])
      })
      .catch((e: unknown) => {
        const error = e instanceof DomainError ? e.toDto() : { code: 'IMPORT_FAILED' as const, message: (e as Error).message }
        post({ type: 'error', error })
      })
  })
}

/** At most one progress message per PROGRESS_MS (the runner publishes ≤ 10 per second anyway), but every stage change and every completion. */
const PROGRESS_MS = 50

function throttled(send: (p: JobProgress) => void): (p: JobProgress) => void {
  let last = 0
  let stage = ''
  return (p) => {
    const now = Date.now()
    if (now - last < PROGRESS_MS && p.stage === stage && p.bytesDone < p.bytesTotal) return
    last = now
    stage = p.stage
    send(p)
  }
}
