import { describe, expect, it } from 'vitest'
import { useTimelineStore } from '../../../src-renderer/stores/timeline'
import { T0, timelineLayout } from '../support/fixtures'
import { FakeTransport } from '../support/fake-transport'
import { createStoreEnv, flush } from '../support/store-env'

interface PointsIn { seriesIds: number[]; maxPoints: number; range?: { start: number; end: number } }

function setup() {
  const t = new FakeTransport()
    .handle('timeline.get', () => timelineLayout())
    .handle('timeline.points', (i) =>
      (i as PointsIn).seriesIds.map((id) => ({ id, t: [T0, T0 + 1000, T0 + 2000], v: [id, null, id + 1], isExact: true })),
    )
  createStoreEnv(t)
  return { t, store: useTimelineStore() }
}

describe('timeline store', () => {
  it('defaults to the first stream with a bitrate series and plans bitrate, loss and RTT/jitter panels', async () => {
    const { store } = setup()
    await store.load('case-1')
    expect(store.streamId).toBe(2)
    expect(store.panels.map((p) => [p.key, p.series.map((s) => s.series.id)])).toEqual([
      ['bitrate', [20]],
      ['loss', [21]],
      ['delay', [30, 22]],
    ])
    expect(store.visibleRange).toEqual({ start: T0, end: T0 + 100_000 })
  })

  it('loads the panels’ points for the chart width, with gaps kept as null', async () => {
    const { t, store } = setup()
    await store.load('case-1')
    await store.loadPoints(812.4)
    expect(t.callsOf('timeline.points')).toEqual([{ seriesIds: [20, 21, 30, 22], maxPoints: 812 }])
    expect(store.points[20]?.v).toEqual([20, null, 21])
  })

  it('re-fetches exact points for the zoomed range, and for the whole case after a reset', async () => {
    const { t, store } = setup()
    await store.load('case-1')
    await store.loadPoints(500)
    await store.setViewRange({ start: T0 + 10_000, end: T0 + 20_000 })
    expect(t.callsOf('timeline.points').at(-1)).toEqual({ seriesIds: [20, 21, 30, 22], maxPoints: 500, range: { start: T0 + 10_000, end: T0 + 20_000 } })
    expect(store.visibleRange).toEqual({ start: T0 + 10_000, end: T0 + 20_000 })
    await store.setViewRange(null)
    expect(t.callsOf('timeline.points').at(-1)).toEqual({ seriesIds: [20, 21, 30, 22], maxPoints: 500 })
  })

  it('switching stream loads that stream’s series; a stream without RTT/jitter has no delay panel', async () => {
    const { t, store } = setup()
    await store.load('case-1')
    await store.loadPoints(300)
    await store.selectStream(3)
    expect(store.panels.map((p) => p.key)).toEqual(['bitrate', 'loss'])
    expect(t.callsOf('timeline.points').at(-1)).toEqual({ seriesIds: [40], maxPoints: 300 })
  })

  it('reloads on case.updated for its case and keeps the chosen stream', async () => {
    const { t, store } = setup()
    await store.load('case-1')
    await store.selectStream(3)
    t.emit('case.updated', { caseId: 'other' })
    t.emit('case.updated', { caseId: 'case-1' })
    await flush()
    expect(t.callsOf('timeline.get')).toHaveLength(2)
    expect(store.streamId).toBe(3)
  })

  it('keeps an error with its code', async () => {
    const t = new FakeTransport().handle('timeline.get', () => {
      throw { code: 'NOT_FOUND', message: 'no case nope' }
    })
    createStoreEnv(t)
    const store = useTimelineStore()
    await store.load('nope')
    expect(store.error).toMatchObject({ code: 'NOT_FOUND' })
    expect(store.panels).toEqual([])
  })
})
