/**
 * The application through its one dispatcher (the path both transports take), on a real SQLite
 * file in a temp dir, parsing inline: create and list cases, import a dump into a new case and
 * read its timeline back, refuse bad input with typed errors and write nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type App, createApp } from '../../../src-main/app'
import type { ImportResultDto } from '../../../src-main/contract/dto'
import { CLOCK_OFFSET_METRICS, estimateEntryOffsets } from '../../../src-main/core/timeline/clock-offset'
import { DETECTOR_RAW_METRICS, callViewFromEntries, runDetectors } from '../../../src-main/core/detectors'
import { type LoadOptions, loadCaseEntries } from '../../../src-main/store/repos/call-repo'
import { miniDump } from '../../support/mini-dump'

let dir: string
let app: App

const call = async (method: string, input: unknown) => app.dispatch(method, input, { origin: 'cli' })
const value = async <T>(method: string, input: unknown): Promise<T> => {
  const r = await call(method, input)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}
const rowCounts = async () => {
  const out: Record<string, number> = {}
  for (const t of ['cases', 'bundles', 'entries', 'streams', 'series', 'events']) out[t] = (await app.store.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`))!.n
  return out
}
/** Starts an import through the contract and waits for its result. */
const importAndWait = async (path: string, caseId?: string): Promise<ImportResultDto> => {
  const done = new Promise<ImportResultDto>((ok, fail) => {
    app.bus.subscribe((name, p) => {
      const payload = p as { state: string; result?: ImportResultDto; error?: { message: string } }
      if (name !== 'job.finished') return
      if (payload.state === 'done' && payload.result) ok(payload.result)
      else fail(new Error(payload.error?.message ?? payload.state))
    })
  })
  await value('bundles.import', caseId ? { path, caseId } : { path })
  return done
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-app-'))
  app = await createApp({ dataDir: join(dir, 'data'), jobsMode: 'inline', checkOutputs: true, log: () => undefined })
})
afterEach(async () => {
  await app.dispose()
  rmSync(dir, { recursive: true, force: true })
})

describe('app through the dispatcher', () => {
  it('creates, lists and searches cases', async () => {
    await value('cases.create', { title: 'Robotic audio in Jakarta', customer: 'Acme', tags: ['audio'] })
    await value('cases.create', { title: 'Slow join', customer: 'Globex' })
    expect((await value<unknown[]>('cases.list', {})).length).toBe(2)
    const found = await value<{ title: string }[]>('cases.list', { query: 'acme' })
    expect(found.map((c) => c.title)).toEqual(['Robotic audio in Jakarta'])
  })

  it('imports a webrtc-internals dump into a new case and serves its timeline', async () => {
    const file = join(dir, 'call.json')
    writeFileSync(file, miniDump({ seconds: 10 }))
    const result = await importAndWait(file)
    expect(result.streams).toBe(1)
    const timeline = await value<{ streams: { kind: string; ssrc: number }[]; series: { id: number; metric: string }[] }>('timeline.get', { caseId: result.caseId })
    expect(timeline.streams).toMatchObject([{ kind: 'video', ssrc: 1111 }])
    const bitrate = timeline.series.find((s) => s.metric === 'bitrate')!
    const [points] = await value<{ v: (number | null)[] }[]>('timeline.points', { seriesIds: [bitrate.id] })
    // 125,000 bytes per second = 1,000 kbps.
    expect(points!.v.filter((v) => v !== null).every((v) => Math.abs(v! - 1000) < 1e-6)).toBe(true)
    const loss = timeline.series.find((s) => s.metric === 'loss_pct')!
    const [lossPoints] = await value<{ v: (number | null)[] }[]>('timeline.points', { seriesIds: [loss.id] })
    // 2 lost per 100 received each second: 2 / 102 ≈ 1.96 %.
    expect(lossPoints!.v.filter((v) => v !== null).at(-1)).toBeCloseTo(200 / 102, 2)
  })

  it('refuses a file that is not a dump, naming it, and writes nothing', async () => {
    const file = join(dir, 'notes.txt')
    writeFileSync(file, 'Customer says the video froze around 10:42. Please check.\n')
    const before = await rowCounts()
    await expect(importAndWait(file)).rejects.toThrow(/notes\.txt.*not a dump/)
    expect(await rowCounts()).toEqual(before)
  })

  it('rejects invalid input and unknown methods with typed errors', async () => {
    expect(await call('cases.create', { title: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await call('cases.get', { caseId: '../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await call('cases.get', { caseId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await call('bundles.import', { path: join(dir, 'missing.json') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await call('cases.drop', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    expect(await call('cases.list', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })
})

describe('clock offsets between the sources of a case', () => {
  it("estimates the demo callee's clock offset from the RTP counters both sides saw, and applies a set offset", async () => {
    const result = await importAndWait(join(import.meta.dirname, '../../../resources/demo/bundle'))
    const offsets = await value<{ entryId: number; path: string; suggestedOffsetMs: number | null; isReference: boolean; basis: string | null }[]>('clock.estimate', { caseId: result.caseId })
    expect(offsets.map((o) => [o.path, o.isReference])).toEqual([['alice-webrtc-internals.txt', true], ['bob-webrtc-internals.txt', false]])
    // The generator runs Bob's clock 640 ms ahead of Alice's: his times need about −640 ms.
    const bob = offsets[1]!
    expect(bob.suggestedOffsetMs).toBeGreaterThan(-640 - 60)
    expect(bob.suggestedOffsetMs).toBeLessThan(-640 + 60)
    expect(bob.basis).toMatch(/RTP packet counters of SSRC \d+/)
    // The service reads only the series the estimate needs; the whole case gives the same answer.
    const whole = estimateEntryOffsets((await loadCaseEntries(app.store.db, result.caseId)).map((e) => e.parsed))
    const narrow = estimateEntryOffsets((await loadCaseEntries(app.store.db, result.caseId, { metrics: CLOCK_OFFSET_METRICS, events: false })).map((e) => e.parsed))
    expect(narrow).toEqual(whole)
    expect(whole[1]?.basis?.samples).toBeGreaterThan(10)
    // A diagnosis reads the derived series and only the raw ones detectors use: same findings.
    const view = (o?: LoadOptions) => async () => callViewFromEntries((await loadCaseEntries(app.store.db, result.caseId, o)).map((e) => ({
      participant: e.participant, parsed: e.parsed, clockOffsetMs: e.clockOffsetMs, entryId: String(e.entryId),
    })))
    const all = runDetectors(await view()())
    expect(all.findings.length).toBeGreaterThan(5)
    expect(runDetectors(await view({ rawMetrics: DETECTOR_RAW_METRICS })())).toEqual(all)
    const before = await value<{ events: { entryId: number; t: number }[] }>('timeline.get', { caseId: result.caseId })
    await value('entries.setClockOffset', { entryId: bob.entryId, offsetMs: bob.suggestedOffsetMs })
    const after = await value<{ events: { entryId: number; t: number }[] }>('timeline.get', { caseId: result.caseId })
    const bobFirst = (tl: { events: { entryId: number; t: number }[] }) => tl.events.find((e) => e.entryId === bob.entryId)!.t
    expect(bobFirst(after) - bobFirst(before)).toBeCloseTo(bob.suggestedOffsetMs!, 6)
    expect(await call('entries.setClockOffset', { entryId: 999_999, offsetMs: 5 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

describe('detector thresholds in settings', () => {
  it('describes every detector and saves valid overrides, refusing invalid ones whole', async () => {
    const d = await value<{ detectors: { id: string; params: { key: string; default: number }[] }[]; overrides: unknown }>('detectors.describe', {})
    expect(d.detectors.length).toBeGreaterThan(20)
    const rtt = d.detectors.find((x) => x.id === 'high-rtt')!
    const param = rtt.params[0]!
    expect(await call('detectors.setThresholds', { overrides: { 'high-rtt': { [param.key]: param.default + 1 } } })).toEqual({ ok: true, value: null })
    expect((await value<{ overrides: unknown }>('detectors.describe', {})).overrides).toEqual({ 'high-rtt': { [param.key]: param.default + 1 } })
    const bad = await call('detectors.setThresholds', { overrides: { 'no-such-detector': { x: 1 } } })
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect((await value<{ overrides: unknown }>('detectors.describe', {})).overrides).toEqual({ 'high-rtt': { [param.key]: param.default + 1 } })
  })
})
