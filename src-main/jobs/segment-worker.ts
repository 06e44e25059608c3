/**
 * The second part of a split text log on its own thread: `workerSegments` (in a parse worker) runs
 * each segment in a segment worker and hands its batches to `parseSplit` in order; `serveSegment` is
 * the segment worker's body (the same worker file, started with `workerData.role = 'segment'`). The
 * segment worker packs its lines (`log-batch.ts`) and stops parsing while more than the job's buffer
 * budget of them waits in the parent; the parent reports what it took. Cancelling terminates it; a
 * segment worker whose segment completed is kept for the next one (its code already optimised).
 */
import { type MessagePort, Worker } from 'node:worker_threads'
import { batchBytes, packLogs, transferList } from './log-batch'
import { type FromSegment, type SegmentWorkerData, type ToSegment, WORKER_EXEC_ARGV } from './protocol'
import { type SegmentResult, type SegmentRunner, SegmentChannel, runSegment } from './split-entry'

/** How often a segment whose lines are not sent reports how far it has read. */
const PROGRESS_MS = 50

/** Runs each segment in a worker started from `workerFile` (a parse worker build), one segment at a time. */
export function workerSegments(workerFile: string): SegmentRunner {
  let idle: { worker: Worker; forget: () => void } | null = null
  const keep = (worker: Worker) => {
    const gone = () => { idle = null }
    worker.on('exit', gone)
    worker.on('error', gone)
    worker.unref()
    idle = { worker, forget: () => { worker.off('exit', gone); worker.off('error', gone) } }
  }
  return (job, onProgress) => {
    let worker: Worker
    if (idle !== null) {
      worker = idle.worker
      idle.forget()
      idle = null
      worker.ref()
    } else {
      worker = new Worker(workerFile, { execArgv: WORKER_EXEC_ARGV, workerData: { role: 'segment' } satisfies SegmentWorkerData })
    }
    const channel = new SegmentChannel(Infinity, (bytes) => worker.postMessage({ type: 'taken', bytes } satisfies ToSegment))
    let completed = false
    let onMessage: (msg: FromSegment) => void = () => undefined
    let onFailure: (e: Error) => void = () => undefined
    let onExit: (code: number) => void = () => undefined
    const result = new Promise<SegmentResult>((resolve, reject) => {
      onFailure = (e) => {
        channel.fail(e)
        reject(e)
      }
      onMessage = (msg) => {
        if (msg.type === 'logs') channel.push({ batch: msg.batch, bytesRead: msg.bytesRead })
        else if (msg.type === 'progress') onProgress?.(msg.bytesRead)
        else if (msg.type === 'result') {
          completed = true
          channel.end()
          resolve(msg.result)
        } else onFailure(new Error(`segment worker: ${msg.message}`))
      }
      onExit = (code) => onFailure(new Error(`segment worker exited (${code})`))
      worker.on('message', onMessage)
      worker.on('error', onFailure)
      worker.on('exit', onExit)
    })
    result.catch(() => undefined)
    worker.postMessage({ type: 'start', job } satisfies ToSegment)
    let released = false
    return {
      hasNext: () => channel.hasNext(),
      next: () => channel.next(),
      result: () => result,
      cancel: () => {
        if (released) return
        released = true
        worker.off('message', onMessage)
        worker.off('error', onFailure)
        worker.off('exit', onExit)
        if (completed && idle === null) keep(worker)
        else void worker.terminate()
      },
    }
  }
}

/** The segment worker's side: parses each job it is sent, posting packed batches and the result. */
export function serveSegment(port: MessagePort): void {
  const post = (msg: FromSegment, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer)
  // The current segment's batches not yet taken by the parent, and the parse waiting for room.
  let waiting = 0
  let budget = Infinity
  let wake: (() => void) | null = null
  port.on('message', (msg: ToSegment) => {
    if (msg.type === 'taken') {
      waiting -= msg.bytes
      if (waiting <= budget && wake) {
        const w = wake
        wake = null
        w()
      }
      return
    }
    const job = msg.job
    waiting = 0
    budget = job.bufferBytes
    wake = null
    let reported = 0
    runSegment(job, new AbortController().signal, {
      batch: (lines, bytesRead) => {
        if (!job.sendLogs) return
        const batch = packLogs(lines)
        waiting += batchBytes(batch)
        post({ type: 'logs', batch, bytesRead }, transferList(batch))
      },
      room: () => (waiting <= budget ? Promise.resolve() : new Promise<void>((resolve) => { wake = resolve })),
      // Lines not sent are not even built (runSegment): how far it has read is reported instead.
      ...(job.sendLogs ? {} : {
        progress: (bytesRead: number) => {
          const now = Date.now()
          if (now - reported < PROGRESS_MS) return
          reported = now
          post({ type: 'progress', bytesRead })
        },
      }),
    }).then((result) => {
      const buffers = new Set<ArrayBuffer>()
      for (const s of result.parsed.series) buffers.add(s.t.buffer as ArrayBuffer).add(s.v.buffer as ArrayBuffer)
      post({ type: 'result', result }, [...buffers])
    }, (e: unknown) => post({ type: 'error', message: (e as Error).message }))
  })
}
