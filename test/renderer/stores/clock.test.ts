import { describe, expect, it } from 'vitest'
import { useClockStore } from '../../../src-renderer/stores/clock'
import { FakeTransport } from '../support/fake-transport'
import { createStoreEnv, flush } from '../support/store-env'

const offsets = [
  { entryId: 1, path: 'alice.txt', currentOffsetMs: 0, suggestedOffsetMs: 0, isReference: true, basis: 'reference clock' },
  { entryId: 2, path: 'bob.txt', currentOffsetMs: 0, suggestedOffsetMs: -640, isReference: false, basis: 'RTP packet counters of SSRC 22' },
]

describe('clock store', () => {
  it('loads the offsets, sets one (rounded), applies a suggestion and reloads on case.updated', async () => {
    const t = new FakeTransport().handle('clock.estimate', () => offsets).handle('entries.setClockOffset', () => null)
    createStoreEnv(t)
    const store = useClockStore()
    await store.load('case-1')
    expect(store.items.map((i) => i.path)).toEqual(['alice.txt', 'bob.txt'])
    await store.setOffset(2, 120.6)
    expect(t.callsOf('entries.setClockOffset')).toEqual([{ entryId: 2, offsetMs: 121 }])
    expect(store.items[1]!.currentOffsetMs).toBe(121)
    await store.applySuggestion(2)
    expect(t.callsOf('entries.setClockOffset').at(-1)).toEqual({ entryId: 2, offsetMs: -640 })
    t.emit('case.updated', { caseId: 'case-1' })
    await flush()
    expect(t.callsOf('clock.estimate')).toHaveLength(2)
  })

  it('drops an estimate that was in flight when an offset was set (it read the old offsets)', async () => {
    let release: () => void = () => undefined
    let stale = false
    const t = new FakeTransport()
      .handle('clock.estimate', async () => {
        if (!stale) return offsets
        await new Promise<void>((r) => (release = r))
        return offsets // still currentOffsetMs 0: read before the set below
      })
      .handle('entries.setClockOffset', () => null)
    createStoreEnv(t)
    const store = useClockStore()
    await store.load('case-1')
    stale = true
    const inFlight = store.load('case-1')
    await store.setOffset(2, 1500)
    release()
    await inFlight
    expect(store.items[1]!.currentOffsetMs).toBe(1500)
  })

  it('keeps a failed set as an error', async () => {
    const t = new FakeTransport().handle('clock.estimate', () => offsets).handle('entries.setClockOffset', () => {
      throw { code: 'NOT_FOUND', message: 'no entry 9' }
    })
    createStoreEnv(t)
    const store = useClockStore()
    await store.load('case-1')
    await store.setOffset(9, 10)
    expect(store.error).toMatchObject({ code: 'NOT_FOUND' })
  })
})
