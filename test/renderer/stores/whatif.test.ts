import { describe, expect, it } from 'vitest'
import type { SavedScenarioDto, WhatIfStreamDto } from '../../../src-main/contract/whatif-dto'
import { emptyForm } from '../../../src-renderer/lib/whatif-scenario'
import { comparedScenarios, defaultStream, useWhatIfStore } from '../../../src-renderer/stores/whatif'
import { FakeTransport } from '../support/fake-transport'
import { createStoreEnv, flush } from '../support/store-env'

const stream = (id: number, kind: 'audio' | 'video', direction: 'send' | 'recv', lossMeanPct: number | null = 0): WhatIfStreamDto => ({
  streamId: id, entryId: 1, key: `k${id}`, kind, direction, codec: kind === 'audio' ? 'opus' : 'VP8', label: `${kind} ${direction} ${id}`, participant: 'bob',
  isReplayable: lossMeanPct !== null, lossMeanPct,
})
const STREAMS = [stream(1, 'video', 'send'), stream(2, 'audio', 'send'), stream(3, 'audio', 'recv', null), stream(4, 'audio', 'recv', 0.1), stream(5, 'audio', 'recv', 2.5), stream(6, 'audio', 'recv', 0.3)]
const saved = (id: string): SavedScenarioDto => ({ id, label: id.toUpperCase(), caseId: 'c1', createdAt: 1, updatedAt: 1, audio: { recovery: { red: { distance: 1 } } } })
const replayOf = (streamId: number) => ({ stream: STREAMS.find((s) => s.streamId === streamId), skipped: null, table: [], t: [], projections: [] })

function transport(): FakeTransport {
  return new FakeTransport()
    .handle('whatif.presets', () => ({ presets: [{ id: 'cross-border' }], audioCodecs: [], videoCodecs: [] }))
    .handle('whatif.streams', () => STREAMS)
    .handle('whatif.listScenarios', () => [saved('a')])
    .handle('whatif.replay', (i) => [replayOf((i as { streamIds: number[] }).streamIds[0]!)])
    .handle('whatif.sweep', (i) => ({ ...(i as object), values: [], min: null, max: null, network: {} }))
    .handle('whatif.saveScenario', (i) => ({ ...(i as { scenario: object }).scenario, caseId: 'c1', createdAt: 2, updatedAt: 2 }))
    .handle('whatif.deleteScenario', () => null)
}

describe('what-if helpers', () => {
  it('starts on the replayable received audio stream with the most loss', () => {
    expect(defaultStream(STREAMS)?.streamId).toBe(5)
    expect(defaultStream([stream(9, 'video', 'send')])?.streamId).toBe(9)
    expect(defaultStream([stream(9, 'video', 'send', null)])).toBeNull()
  })
  it('compares the shown saved scenarios and the draft, the draft replacing the saved one it edits', () => {
    const draft = emptyForm('a', 'A edited')
    expect(comparedScenarios([saved('a'), saved('b')], [], draft).map((s) => s.id)).toEqual(['a', 'b'])
    draft.audio.redDistance = 3
    expect(comparedScenarios([saved('a'), saved('b')], [], draft).map((s) => s.label)).toEqual(['B', 'A edited'])
    expect(comparedScenarios([saved('a'), saved('b')], ['b'], emptyForm('z')).map((s) => s.id)).toEqual(['a'])
  })
})

describe('what-if store', () => {
  it('opens a case: streams, saved scenarios, a replay of the default stream and a sweep around it', async () => {
    const t = transport()
    createStoreEnv(t)
    const w = useWhatIfStore()
    await w.open('c1', 'Mine')
    expect(w.streamId).toBe(5)
    expect(w.draft.label).toBe('Mine')
    expect(w.saved.map((s) => s.id)).toEqual(['a'])
    expect(t.callsOf('whatif.replay')).toEqual([{ caseId: 'c1', streamIds: [5], scenarios: [{ id: 'a', label: 'A', audio: saved('a').audio }], presets: [], maxPoints: 2000 }])
    expect(t.callsOf('whatif.sweep')[0]).toMatchObject({ caseId: 'c1', streamId: 5, kind: 'audio', metric: 'mos', x: { param: 'lossPct' }, y: { param: 'jitterBufferMs' } })
    expect(w.result?.stream?.streamId).toBe(5)
  })

  it('adds presets, saves the draft with the case and deletes a saved scenario', async () => {
    const t = transport()
    createStoreEnv(t)
    const w = useWhatIfStore()
    await w.open('c1')
    await w.togglePreset('cross-border')
    expect(t.callsOf('whatif.replay').at(-1)).toMatchObject({ presets: ['cross-border'] })
    w.draft = { ...w.draft, label: 'Big buffer', jitterBufferMs: 200 }
    expect(await w.saveDraft()).toBe(true)
    expect(t.callsOf('whatif.saveScenario')[0]).toMatchObject({ caseId: 'c1', scenario: { label: 'Big buffer', audio: { jitterBuffer: { mode: 'fixed', delayMs: 200 } } } })
    expect(w.saved.map((s) => s.label)).toEqual(['A', 'Big buffer'])
    await w.deleteSaved('a')
    expect(t.callsOf('whatif.deleteScenario')).toEqual([{ caseId: 'c1', scenarioId: 'a' }])
    expect(w.saved.map((s) => s.label)).toEqual(['Big buffer'])
  })

  it('fits the sweep to a video stream and drops a late answer for a stream no longer chosen', async () => {
    const t = transport()
    let release: () => void = () => undefined
    const gate = new Promise<void>((r) => (release = r))
    t.handle('whatif.replay', async (i) => {
      const id = (i as { streamIds: number[] }).streamIds[0]!
      if (id === 2) await gate
      return [replayOf(id)]
    })
    createStoreEnv(t)
    const w = useWhatIfStore()
    await w.open('c1')
    const slow = w.selectStream(2)
    await flush()
    await w.selectStream(1)
    release()
    await slow
    expect(w.result?.stream?.streamId).toBe(1)
    expect(w.sweepAxes).toEqual({ x: 'lossPct', y: 'bitrateKbps', metric: 'freezePct' })
    expect(t.callsOf('whatif.sweep').at(-1)).toMatchObject({ kind: 'video', y: { param: 'bitrateKbps', values: expect.arrayContaining([400, 1200]) } })
  })

  it('keeps a refused call as the error', async () => {
    const t = transport().handle('whatif.replay', () => {
      throw { code: 'INVALID_INPUT', message: 'scenario x: codec nope is not in the what-if codec table' }
    })
    createStoreEnv(t)
    const w = useWhatIfStore()
    await w.open('c1')
    expect(w.error).toMatchObject({ code: 'INVALID_INPUT' })
    expect(w.result).toBeNull()
  })
})
