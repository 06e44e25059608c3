/**
 * What-if on a stored case through the dispatcher (issue 6): the demo call (Alice's uplink congests
 * from 2:00 to 3:10) imported into a real SQLite store; replays of stored streams against the
 * bundle path, clock offsets, sweeps around a stream's measured network, scenarios saved with the
 * case (and removed with it), and refused inputs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp } from '../../../src-main/app'
import type { SavedScenarioDto, StreamReplayDto, SweepDto, WhatIfCatalogDto, WhatIfStreamDto } from '../../../src-main/contract/whatif-dto'
import { DEMO, call, importAndWait } from '../../support/case-bundle'

let dir: string
let app: App
let caseId: string
let streams: WhatIfStreamDto[]
/** Bob receiving Alice's audio: the stream that carries the congested minute. */
let bobAudioIn: WhatIfStreamDto

const RED2 = { id: 'red2', label: 'RED distance 2', audio: { recovery: { red: { distance: 2 } } } }
const NO_FEC = { id: 'no-fec', label: 'Opus FEC off', audio: { recovery: { opusFec: false } } }

const refused = async (method: string, input: unknown) => {
  const r = await app.dispatch(method, input, { origin: 'cli' })
  return r.ok ? 'ok' : r.error.code
}

/** Mean of the projected column over the seconds whose measured loss exceeds 2 %. */
function lossyMean(s: StreamReplayDto, scenarioId: string): number {
  const p = s.projections.find((x) => x.scenarioId === scenarioId)!
  const xs = s.measured.lossPct.flatMap((l, i) => ((l ?? 0) > 2 && p.mos[i] !== null ? [p.mos[i]!] : []))
  expect(xs.length).toBeGreaterThan(30)
  return xs.reduce((a, b) => a + b, 0) / xs.length
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-whatif-'))
  app = await createApp({ dataDir: join(dir, 'data'), jobsMode: 'inline', checkOutputs: true, log: () => undefined })
  caseId = (await importAndWait(app, DEMO)).caseId
  streams = await call<WhatIfStreamDto[]>(app, 'whatif.streams', { caseId })
  bobAudioIn = streams.find((s) => s.participant === 'bob' && s.kind === 'audio' && s.direction === 'recv')!
}, 120_000)
afterAll(async () => {
  await app?.dispose()
  rmSync(dir, { recursive: true, force: true })
})

describe('whatif.presets and whatif.streams', () => {
  it('lists the four presets in en and zh with their patches, and the codec table', async () => {
    const c = await call<WhatIfCatalogDto>(app, 'whatif.presets', {})
    expect(c.presets.map((p) => p.id)).toEqual(['conversational-ai-low-latency', 'live-show-high-quality', 'social-1v1-weak-network', 'cross-border'])
    expect(c.presets[3]!.label).toEqual({ en: 'Cross-border links', zh: '跨境链路' })
    expect(c.presets[0]!.audio).toMatchObject({ audio: { packetMs: 10 }, recovery: { red: { distance: 1 } } })
    expect(c.audioCodecs.map((x) => x.id)).toEqual(expect.arrayContaining(['opus', 'g711-plc', 'g729a']))
  })

  it('lists the demo call\'s eight audio and video streams, all replayable', () => {
    expect(streams).toHaveLength(8)
    expect(streams.filter((s) => s.kind === 'audio')).toHaveLength(4)
    expect(streams.every((s) => s.isReplayable)).toBe(true)
    expect(bobAudioIn).toMatchObject({ codec: 'opus', label: expect.stringContaining('449850985') })
    // Alice's audio reaches Bob through her congested uplink; Bob's reaches Alice clean.
    const aliceAudioIn = streams.find((s) => s.participant === 'alice' && s.kind === 'audio' && s.direction === 'recv')!
    expect(bobAudioIn.lossMeanPct!).toBeGreaterThan(0.5)
    expect(aliceAudioIn.lossMeanPct!).toBeLessThan(0.1)
  })
})

describe('whatif.replay on the stored call', () => {
  let r: StreamReplayDto

  beforeAll(async () => {
    r = (await call<StreamReplayDto[]>(app, 'whatif.replay', { caseId, streamIds: [bobAudioIn.streamId], scenarios: [RED2, NO_FEC], presets: ['cross-border'] }))[0]!
  })

  it('reads the baseline from the data and compares every configuration with it', () => {
    expect(r.skipped).toBeNull()
    expect(r.baselineConfig).toMatchObject({ audio: { codec: 'opus', bitrateKbps: 'measured' }, recovery: { opusFec: true, red: null } })
    expect(r.table.map((x) => x.scenarioId)).toEqual(['baseline', 'red2', 'no-fec', 'cross-border'])
    expect(r.projections.map((x) => x.scenarioId)).toEqual(['baseline', 'red2', 'no-fec', 'cross-border'])
    const [base, red] = r.table
    expect(base!.isBaseline).toBe(true)
    expect(red!.delta.mosMean).toBeCloseTo(red!.mosMean! - base!.mosMean!, 3)
    // ~5 minutes at 1 s per point, the columns aligned with t.
    expect(r.stepSeconds).toBe(1)
    expect(r.t.length).toBeGreaterThan(280)
    for (const col of [r.measured.lossPct, r.measured.rttMs, r.projections[1]!.mos, r.projections[1]!.bandwidthKbps]) expect(col).toHaveLength(r.t.length)
  })

  it('RED lifts MOS in the lossy minute and costs bandwidth; switching Opus FEC off lowers it', () => {
    const base = lossyMean(r, 'baseline')
    expect(lossyMean(r, 'red2')).toBeGreaterThan(base + 0.05)
    expect(lossyMean(r, 'no-fec')).toBeLessThan(base - 0.05)
    const red = r.table[1]!
    expect(red.delta.worstMinuteMos!).toBeGreaterThan(0.05)
    expect(red.delta.bandwidthMeanKbps!).toBeGreaterThan(20)
    expect(red.delta.residualLossMeanPct!).toBeLessThan(0)
    // The congested minute is the worst one: well below the call's mean.
    expect(r.table[0]!.worstMinuteMos!).toBeLessThan(r.table[0]!.mosMean! - 0.5)
  })

  it('gives the same table as replaying the bundle file (the CLI path)', async () => {
    const fromBundle = await app.services.whatif.replayBundle(DEMO, { scenarios: [{ id: 'red2', label: 'RED distance 2', audio: RED2.audio }], presets: [] }, { stream: '449850985' })
    const bob = fromBundle.find((s) => s.entry.startsWith('bob') && s.direction === 'recv')!
    expect(bob.table.map((x) => x.mosMean)).toEqual([r.table[0]!.mosMean, r.table[1]!.mosMean].map((m) => expect.closeTo(m!, 3)))
  })

  it('averages long calls into at most maxPoints points', async () => {
    const [coarse] = await call<StreamReplayDto[]>(app, 'whatif.replay', { caseId, streamIds: [bobAudioIn.streamId], maxPoints: 50 })
    expect(coarse!.stepSeconds).toBe(Math.ceil(r.t.length / 50))
    expect(coarse!.t.length).toBeLessThanOrEqual(50)
    expect(coarse!.t[1]! - coarse!.t[0]!).toBe(coarse!.stepSeconds * 1000)
    expect(coarse!.table[0]!.mosMean).toBe(r.table[0]!.mosMean)
  })

  it('applies the entry clock offset to the times, as the timeline does', async () => {
    await call(app, 'entries.setClockOffset', { entryId: bobAudioIn.entryId, offsetMs: 5000 })
    try {
      const [shifted] = await call<StreamReplayDto[]>(app, 'whatif.replay', { caseId, streamIds: [bobAudioIn.streamId], scenarios: [RED2] })
      expect(shifted!.t[0]).toBe(r.t[0]! + 5000)
      expect(shifted!.table[1]!.mosMean).toBe(r.table[1]!.mosMean)
    } finally {
      await call(app, 'entries.setClockOffset', { entryId: bobAudioIn.entryId, offsetMs: 0 })
    }
  })

  it('replays video with the video patch of a scenario: FlexFEC cuts freezes in the congested uplink', async () => {
    const aliceVideoOut = streams.find((s) => s.participant === 'alice' && s.kind === 'video' && s.direction === 'send')!
    const [v] = await call<StreamReplayDto[]>(app, 'whatif.replay', {
      caseId, streamIds: [aliceVideoOut.streamId],
      scenarios: [{ id: 'fec', label: 'FlexFEC 30 %', audio: { recovery: { opusFec: false } }, video: { recovery: { fec: { scheme: 'flexfec', ratio: 0.3 } } } }],
    })
    expect(v!.stream.kind).toBe('video')
    expect(v!.table[0]!.freezeSeconds!).toBeGreaterThan(5)
    expect(v!.table[1]!.delta.freezeSeconds!).toBeLessThan(-2)
    expect(v!.table[1]!.delta.bandwidthMeanKbps!).toBeGreaterThan(0)
  })
})

describe('whatif.sweep', () => {
  it('sweeps loss × jitter buffer around the stream\'s measured network: more loss never helps, the grid is row-major', async () => {
    const s = await call<SweepDto>(app, 'whatif.sweep', {
      caseId, streamId: bobAudioIn.streamId, x: { param: 'lossPct', values: [0, 2, 5, 10, 20] }, y: { param: 'jitterBufferMs', values: [20, 60, 200] }, metric: 'mos',
    })
    expect(s.kind).toBe('audio')
    expect(s.values).toHaveLength(15)
    expect(s.network.rttMs!).toBeGreaterThan(10)
    for (let yi = 0; yi < 3; yi++) {
      const row = s.values.slice(yi * 5, yi * 5 + 5) as number[]
      for (let k = 1; k < 5; k++) expect(row[k]!).toBeLessThan(row[k - 1]!)
    }
    expect(s.min).toBe(Math.min(...(s.values as number[])))
    expect(s.max).toBe(Math.max(...(s.values as number[])))
  })

  it('sweeps without a stream from the defaults, and the mouth-to-ear delay grows with the buffer', async () => {
    const s = await call<SweepDto>(app, 'whatif.sweep', {
      kind: 'audio', x: { param: 'jitterBufferMs', values: [20, 100, 300] }, y: { param: 'rttMs', values: [50, 400] }, metric: 'mouthToEarMs',
    })
    expect(s.streamId).toBeNull()
    const v = s.values as number[]
    expect(v[1]! - v[0]!).toBeCloseTo(80, 0)
    expect(v[3]!).toBeGreaterThan(v[0]!)
  })
})

describe('scenarios saved with the case', () => {
  it('saves, lists, replaces and deletes; a deleted case takes its scenarios with it', async () => {
    const other = (await importAndWait(app, DEMO)).caseId
    const a = await call<SavedScenarioDto>(app, 'whatif.saveScenario', { caseId: other, scenario: RED2 })
    const b = await call<SavedScenarioDto>(app, 'whatif.saveScenario', { caseId: other, scenario: { ...NO_FEC, video: { video: { height: 360, width: 640 } } } })
    expect(a).toMatchObject({ caseId: other, id: 'red2', label: 'RED distance 2', audio: RED2.audio })
    let list = await call<SavedScenarioDto[]>(app, 'whatif.listScenarios', { caseId: other })
    expect(list.map((s) => s.id)).toEqual(['red2', 'no-fec'])
    expect(list[1]!.video).toEqual({ video: { height: 360, width: 640 } })
    const again = await call<SavedScenarioDto>(app, 'whatif.saveScenario', { caseId: other, scenario: { ...RED2, label: 'RED d=2 (edited)' } })
    expect(again.createdAt).toBe(a.createdAt)
    list = await call<SavedScenarioDto[]>(app, 'whatif.listScenarios', { caseId: other })
    expect(list.map((s) => s.label)).toEqual(['RED d=2 (edited)', b.label])
    expect(await call(app, 'whatif.deleteScenario', { caseId: other, scenarioId: 'no-fec' })).toBeNull()
    expect(await refused('whatif.deleteScenario', { caseId: other, scenarioId: 'no-fec' })).toBe('NOT_FOUND')
    expect((await call<SavedScenarioDto[]>(app, 'whatif.listScenarios', { caseId: other })).map((s) => s.id)).toEqual(['red2'])
    expect(await call<SavedScenarioDto[]>(app, 'whatif.listScenarios', { caseId })).toEqual([])
    await call(app, 'cases.delete', { caseId: other })
    const left = await app.store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM whatif_scenarios WHERE case_id = ?', [other])
    expect(left!.n).toBe(0)
    expect(await refused('whatif.listScenarios', { caseId: other })).toBe('NOT_FOUND')
  })
})

describe('scenarios in case archives', () => {
  it('travel with the case archive; importing it twice adds them once', async () => {
    const other = (await importAndWait(app, DEMO)).caseId
    const plain = await call<{ path: string }>(app, 'archives.export', { caseId: other, path: join(dir, 'plain.rtcwb') })
    await call(app, 'whatif.saveScenario', { caseId: other, scenario: RED2 })
    const out = await call<{ path: string; counts: Record<string, number> }>(app, 'archives.export', { caseId: other, path: join(dir, 'whatif.rtcwb') })
    expect(out.counts.whatif_scenarios).toBe(1)
    // An archive says the lowest version that reads it: older builds still open those without scenarios.
    const version = (path: string) => (JSON.parse(gunzipSync(readFileSync(path)).toString('utf8').split('\n', 1)[0]!) as { version: number }).version
    expect([version(plain.path), version(out.path)]).toEqual([1, 2])
    await call(app, 'cases.delete', { caseId: other })
    // The store's write queue busy as the import starts (a regression: the import used to lose the
    // archive's lines read while it waited, and hang).
    const busy = app.store.db.tx(() => new Promise((r) => setTimeout(r, 200)))
    const first = await call<{ caseId: string; added: Record<string, number>; skipped: Record<string, number> }>(app, 'archives.import', { path: out.path })
    await busy
    expect(first.caseId).toBe(other)
    expect(first.added.whatif_scenarios).toBe(1)
    const second = await call<{ added: Record<string, number>; skipped: Record<string, number> }>(app, 'archives.import', { path: out.path })
    expect(second.added.whatif_scenarios).toBeUndefined()
    expect(second.skipped.whatif_scenarios).toBe(1)
    const list = await call<SavedScenarioDto[]>(app, 'whatif.listScenarios', { caseId: other })
    expect(list).toEqual([expect.objectContaining({ id: 'red2', label: 'RED distance 2', audio: RED2.audio })])
    await call(app, 'cases.delete', { caseId: other })
  })
})

describe('refused inputs', () => {
  it('refuses unknown presets, codecs, fields, ids and out-of-range values', async () => {
    const replay = (x: object) => refused('whatif.replay', { caseId, streamIds: [bobAudioIn.streamId], ...x })
    expect(await replay({ presets: ['no-such-preset'] })).toBe('INVALID_INPUT')
    expect(await replay({ scenarios: [{ id: 'x', label: 'x', audio: { audio: { codec: 'no-such-codec' } } }] })).toBe('INVALID_INPUT')
    expect(await replay({ scenarios: [{ id: 'x', label: 'x', audio: { recovery: { red: { distance: 99 } } } }] })).toBe('INVALID_INPUT')
    expect(await replay({ scenarios: [{ id: 'x', label: 'x', audio: { wat: 1 } }] })).toBe('INVALID_INPUT')
    expect(await replay({ scenarios: [{ id: 'has space', label: 'x' }] })).toBe('INVALID_INPUT')
    expect(await replay({ scenarios: [RED2, RED2] })).toBe('INVALID_INPUT')
    expect(await replay({ scenarios: [{ id: 'cross-border', label: 'x' }], presets: ['cross-border'] })).toBe('INVALID_INPUT')
    expect(await refused('whatif.replay', { caseId, streamIds: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toBe('INVALID_INPUT')
    expect(await refused('whatif.replay', { caseId, streamIds: [99_999] })).toBe('NOT_FOUND')
    expect(await refused('whatif.replay', { caseId: 'nope', streamIds: [bobAudioIn.streamId] })).toBe('NOT_FOUND')
    const axis = { param: 'lossPct', values: [0, 1] }
    expect(await refused('whatif.sweep', { x: axis, y: axis })).toBe('INVALID_INPUT')
    expect(await refused('whatif.sweep', { x: { param: 'lossPct', values: [0, 120] }, y: { param: 'rttMs', values: [50] } })).toBe('INVALID_INPUT')
    expect(await refused('whatif.sweep', { x: { param: 'lossPct', values: Array.from({ length: 42 }, (_, i) => i) }, y: { param: 'rttMs', values: [50] } })).toBe('INVALID_INPUT')
    expect(await refused('whatif.sweep', { streamId: bobAudioIn.streamId, x: axis, y: { param: 'rttMs', values: [50] } })).toBe('INVALID_INPUT')
    expect(await refused('whatif.saveScenario', { caseId, scenario: { id: 'x', label: '' } })).toBe('INVALID_INPUT')
    expect(await refused('whatif.saveScenario', { caseId: 'nope', scenario: RED2 })).toBe('NOT_FOUND')
  })
})
