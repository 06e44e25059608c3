/**
 * The renderer's real client and HTTP transport against the real server on port 0, with parsing in
 * the built worker thread (out/main/parse.worker.js): upload a dump, import it, watch progress over
 * SSE (monotonic, ending at 100 %), read the timeline; cancel a big import and find nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp } from '../../src-main/app'
import type { JobDto } from '../../src-main/contract/dto'
import type { EventPayload } from '../../src-main/contract/events'
import { type RunningHttp, startHttp } from '../../src-main/transport/http'
import { type Api, createApi } from '../../src-renderer/api/client'
import { createHttpTransport } from '../../src-renderer/api/http-transport'
import { miniDump } from '../support/mini-dump'
import { NodeEventSource } from '../support/node-event-source'

const WORKER = resolve(import.meta.dirname, '../../out/main/parse.worker.js')
let dir: string
let app: App
let http: RunningHttp
let api: Api
let events: NodeEventSource[] = []

beforeAll(async () => {
  if (!existsSync(WORKER)) throw new Error('out/main/parse.worker.js is missing: run `npm run build` first')
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-client-'))
  app = await createApp({ dataDir: join(dir, 'data'), jobsMode: 'worker', workerPath: WORKER, checkOutputs: true, log: () => undefined })
  http = await startHttp({ dispatch: app.dispatch, bus: app.bus, rendererDir: null, uploadDir: join(dir, 'data/uploads'), port: 0 })
  const EventSource = class extends NodeEventSource {
    constructor(url: string) {
      super(url)
      events.push(this)
    }
  }
  api = createApi(createHttpTransport({ token: http.token, base: `http://127.0.0.1:${http.port}`, EventSource }))
})
afterAll(async () => {
  await http?.close()
  await app?.dispose()
  rmSync(dir, { recursive: true, force: true })
})

/** Subscribes to a job's events before it starts; resolves with its progress trail and end. */
async function watchJobs() {
  const progress: JobDto[] = []
  let finish: (e: EventPayload<'job.finished'>) => void = () => undefined
  const finished = new Promise<EventPayload<'job.finished'>>((ok) => (finish = ok))
  const offProgress = api.on('job.progress', (p) => progress.push(p))
  const offFinished = api.on('job.finished', (e) => finish(e))
  await events.at(-1)!.ready
  return { progress, finished, stop: () => { offProgress(); offFinished() } }
}

describe('renderer HTTP client against the real server', () => {
  it('uploads and imports a dump with progress over SSE, then reads its timeline', async () => {
    const file = join(dir, 'bob.json')
    writeFileSync(file, miniDump({ seconds: 3000 }))
    const watch = await watchJobs()
    const source = await api.resolveFile(new File([readFileSync(file)], 'bob.json'))
    expect(source.path.startsWith(join(dir, 'data/uploads'))).toBe(true)
    const { jobId } = await api.call('bundles.import', { path: source.path, displayName: 'bob.json' })
    const end = await watch.finished
    watch.stop()
    expect(end).toMatchObject({ jobId, state: 'done' })
    const mine = watch.progress.filter((p) => p.jobId === jobId)
    const percents = mine.map((p) => p.percent)
    expect(percents).toEqual([...percents].sort((a, b) => a - b))
    expect(mine.at(-1)).toMatchObject({ state: 'done', percent: 100 })
    const cases = await api.call('cases.list', {})
    expect(cases.map((c) => c.title)).toEqual(['bob.json'])
    const timeline = await api.call('timeline.get', { caseId: end.result!.caseId })
    const bitrate = timeline.series.find((s) => s.metric === 'bitrate')!
    const [points] = await api.call('timeline.points', { seriesIds: [bitrate.id], maxPoints: 200 })
    expect(points!.isExact).toBe(false)
    expect(points!.t.length).toBeLessThanOrEqual(202)
    expect(points!.t.length).toBeGreaterThanOrEqual(100)
  })

  it('cancels a running import and leaves the store as it was', async () => {
    const file = join(dir, 'huge.json')
    writeFileSync(file, miniDump({ seconds: 400_000 }))
    const before = await api.call('cases.list', {})
    const watch = await watchJobs()
    const { jobId } = await api.call('bundles.import', { path: file })
    await api.call('jobs.cancel', { jobId })
    const end = await watch.finished
    watch.stop()
    expect(end).toMatchObject({ jobId, state: 'cancelled', error: { code: 'CANCELLED' } })
    expect(await api.call('cases.list', {})).toEqual(before)
    expect((await api.call('jobs.list', {})).find((j) => j.jobId === jobId)?.state).toBe('cancelled')
  })

  it('surfaces server errors as typed ApiErrors', async () => {
    await expect(api.call('cases.get', { caseId: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
