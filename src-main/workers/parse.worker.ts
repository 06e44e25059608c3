/** Worker-thread entry for import jobs: messages in, `runParseJob` out. No store access here. */
import { parentPort } from 'node:worker_threads'
import { DomainError } from '../contract/errors'
import { runParseJob } from '../jobs/parse-job'
import type { FromWorker, ToWorker } from '../jobs/protocol'

const port = parentPort
if (!port) throw new Error('parse.worker must run in a worker thread')
const controller = new AbortController()
const post = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer)

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'cancel') {
    controller.abort()
    return
  }
  runParseJob(msg.input, (progress) => post({ type: 'progress', progress }), controller.signal, (entryIndex, lines) => post({ type: 'logs', entryIndex, lines }))
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
