/**
 * Split text logs through the built parse worker (`npm run build`: out/main/parse.worker.js), as the
 * app runs them: a JobRunner in worker mode, the second part in a nested segment worker, its lines
 * forwarded through the same acked sink. The result and the lines delivered to the main thread equal
 * one inline pass; cancelling stops both threads; workers are reused from job to job.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DomainError } from '../../../src-main/contract/errors'
import type { EventPayload } from '../../../src-main/contract/events'
import type { LogLine } from '../../../src-main/core/model/call'
import { JobRunner } from '../../../src-main/jobs/job-runner'
import { batchLines } from '../../../src-main/jobs/log-batch'
import { type JobSink, type ParseJobInput, type ParseJobOutput, runParseJob } from '../../../src-main/jobs/parse-job'
import { EventBus } from '../../../src-main/transport/event-bus'
import { EPOCH_FORMAT, agoraLog, epochLog, jitsiLog } from './split-logs'

const ROOT = resolve(import.meta.dirname, '../../..')
const WORKER = join(ROOT, 'out/main/parse.worker.js')
const BUILTIN = join(ROOT, 'resources/log-formats')
const built = existsSync(WORKER)
if (!built) console.warn('[split-worker] out/main/parse.worker.js is missing (run `npm run build`): the worker-mode split tests are skipped')

let dir: string
let formats: string[]

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-split-worker-'))
  mkdirSync(join(dir, 'formats'))
  writeFileSync(join(dir, 'formats', 'test-epoch.json'), JSON.stringify(EPOCH_FORMAT))
  formats = [BUILTIN, join(dir, 'formats')]
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function inlineOnePass(path: string): Promise<{ output: ParseJobOutput; lines: LogLine[] }> {
  const lines: LogLine[] = []
  const sink: JobSink = { entryStarted: () => undefined, logs: (_i, b) => { lines.push(...batchLines(b)) }, ready: () => Promise.resolve() }
  const output = await runParseJob({ path, logFormatDirs: formats, splitThresholdBytes: Infinity }, () => {}, new AbortController().signal, sink)
  return { output, lines }
}

function viaWorker(runner: JobRunner, input: ParseJobInput): { jobId: string; done: Promise<{ output: ParseJobOutput; lines: LogLine[] }> } {
  const lines: LogLine[] = []
  const { jobId, done } = runner.start({ logFormatDirs: formats, ...input }, 'split test', {
    onLogs: async (_i, batch) => { lines.push(...batch) },
    onOutput: async (output) => ({ output, lines }),
  })
  return { jobId, done }
}

const threads = () => (existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : null)

describe.skipIf(!built)('split text logs in the built worker', () => {
  it('equal one inline pass: result, digest and every line delivered to the main thread', async () => {
    const runner = new JobRunner({ mode: 'worker', workerPath: WORKER, bus: new EventBus(), maxParallel: 1 })
    try {
      const files = {
        'agorasdk.log': agoraLog(2_000_000, 31),
        'jvb.log': jitsiLog(15_000, 32),
        'epoch.log': epochLog(20_000, 33),
        'crlf.log': agoraLog(400_000, 34, { crlf: true, bom: true, tail: false }),
      }
      for (const [name, text] of Object.entries(files)) {
        const path = join(dir, name)
        writeFileSync(path, text)
        const one = await inlineOnePass(path)
        // Twice: a fresh worker, then the same worker (and segment worker) again.
        for (let k = 0; k < 2; k++) {
          const got = await viaWorker(runner, { path, splitThresholdBytes: 0, splitAt: 0.3 + 0.3 * k }).done
          expect(got.output, name).toEqual(one.output)
          expect(got.lines.length, name).toBe(one.lines.length)
          expect(got.lines, name).toEqual(one.lines)
        }
      }
    } finally {
      runner.dispose()
    }
  })

  it('keep the result when nothing consumes the lines (they stay in the workers)', async () => {
    const runner = new JobRunner({ mode: 'worker', workerPath: WORKER, bus: new EventBus(), maxParallel: 1 })
    try {
      const path = join(dir, 'no-consumer.log')
      writeFileSync(path, agoraLog(1_000_000, 35))
      const one = await inlineOnePass(path)
      const output = await runner.start({ path, logFormatDirs: formats, splitThresholdBytes: 0 }, 'x', { onOutput: async (o) => o }).done
      expect(output).toEqual(one.output)
      expect(output.entries[0]!.parsed.logLineCount).toBe(one.lines.length)
    } finally {
      runner.dispose()
    }
  })

  it('stop both threads when cancelled', async () => {
    const bus = new EventBus()
    const runner = new JobRunner({ mode: 'worker', workerPath: WORKER, bus, maxParallel: 1 })
    const path = join(dir, 'cancel.log')
    writeFileSync(path, agoraLog(40_000_000, 36))
    const before = threads()
    let during: number | null = null
    try {
      const job = viaWorker(runner, { path, splitThresholdBytes: 0 })
      // Cancel once the first part's lines are flowing (the segment worker is running by then).
      const off = bus.subscribe((name, p) => {
        const e = p as EventPayload<'job.progress'>
        if (name === 'job.progress' && e.jobId === job.jobId && e.bytesDone > 4_000_000) {
          off()
          during = threads()
          runner.cancel(job.jobId)
        }
      })
      const err = await job.done.then(() => null, (e: unknown) => e)
      expect(err).toBeInstanceOf(DomainError)
      expect((err as DomainError).code).toBe('CANCELLED')
      if (before !== null) {
        // Two more threads while it ran: the parse worker and its segment worker...
        expect(during).toBeGreaterThanOrEqual(before + 2)
        // ...and both are gone.
        const deadline = Date.now() + 5000
        while (threads()! > before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
        expect(threads()).toBeLessThanOrEqual(before)
      }
      // The runner goes on with the next job.
      const small = join(dir, 'after-cancel.log')
      writeFileSync(small, agoraLog(300_000, 37))
      const one = await inlineOnePass(small)
      expect((await viaWorker(runner, { path: small, splitThresholdBytes: 0 }).done).output).toEqual(one.output)
    } finally {
      runner.dispose()
    }
  }, 60_000)
})
