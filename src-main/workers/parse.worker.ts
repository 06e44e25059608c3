/**
 * Worker-thread entry for import jobs: messages in, `runParseJob` out. No store access here. Entry
 * and log messages wait for the main thread's acks (at most MAX_IN_FLIGHT outstanding), so a fast
 * parser cannot flood a slower store with batches held in memory.
 */
import { parentPort } from 'node:worker_threads'
import { DomainError } from '../contract/errors'
import { type JobSink, runParseJob } from '../jobs/parse-job'
import { type FromWorker, MAX_IN_FLIGHT, type ToWorker } from '../jobs/protocol'

const port = parentPort
if (!port) throw new Error('parse.worker must run in a worker thread')
const controller = new AbortController()
const post = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer)

let inFlight = 0
let waiters: (() => void)[] = []
const sink: JobSink = {
  entryStarted(entryIndex, path, sizeBytes) {
    inFlight++
    post({ type: 'entry', entryIndex, path, sizeBytes })
  },
  logs(entryIndex, lines) {
    inFlight++
    post({ type: 'logs', entryIndex, lines })
  },
  ready: () => (inFlight <= MAX_IN_FLIGHT ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'cancel') {
    controller.abort()
    for (const w of waiters.splice(0)) w()
    return
  }
  if (msg.type === 'ack') {
    inFlight--
    if (inFlight <= MAX_IN_FLIGHT) for (const w of waiters.splice(0)) w()
    return
  }
  runParseJob(msg.input, (progress) => post({ type: 'progress', progress }), controller.signal, sink)
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
