import { afterEach, describe, expect, it, vi } from 'vitest'
import { useTimelineStore } from '../../../src-renderer/stores/timeline'
import { T0, pairedLayout, timelineLayout } from '../support/fixtures'
import { FakeTransport } from '../support/fake-transport'
import { createStoreEnv, flush } from '../support/store-env'

interface PointsIn { seriesIds: number[]; maxPoints: number; range?: { start: number; end: number } }

function setup(layout = pairedLayout()) {
  const t = new FakeTransport()
    .handle('timeline.get', () => layout)
    .handle('timeline.points', (i) => {
      const { seriesIds, range } = i as PointsIn
      const at = range ? range.start : T0
      return seriesIds.map((id) => ({ id, t: [at, at + 1000, at + 2000], v: [id, null, id + 1], isExact: true }))
    })
  createStoreEnv(t)
  return { t, store: useTimelineStore() }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('timeline store', () => {
  it('opens on a sent video stream and its receiver, the default metrics, and the whole case', async () => {
    const { store } = setup()
    await store.load('case-1')
    expect(store.streamIds).toEqual([2, 4])
    expect(store.panels.map((p) => p.key)).toEqual(['bitrate', 'loss', 'rtt', 'fps', 'quality-limitation'])
    expect(store.visibleRange).toEqual({ start: T0, end: T0 + 100_000 })
    expect(store.view).toEqual({ range: null, streams: [2, 4], metrics: null, isSplit: false })
  })

  it('loads the points with the layout when given a width hint, for the chart width, with gaps kept', async () => {
    const { t, store } = setup()
    await store.load('case-1', undefined, 812.4)
    expect(t.callsOf('timeline.points')).toEqual([{ seriesIds: [20, 31, 40, 21, 41, 30, 42, 23], maxPoints: 812 }])
    expect(store.pointsFor(20)?.v).toEqual([20, null, 21])
  })

  it('restores a view from the route: streams, metrics, split and range (clamped to the case)', async () => {
    const { store } = setup()
    await store.load('case-1', { range: { start: T0 - 5000, end: T0 + 20_000 }, streams: [5, 99], metrics: ['bitrate'], isSplit: true })
    expect(store.streamIds).toEqual([5])
    expect(store.panels.map((p) => p.key)).toEqual(['bitrate:5'])
    expect(store.viewRange).toEqual({ start: T0, end: T0 + 25_000 })
  })

  it('zooms at once from the points held and fetches the exact detail for the range; quick zooms wait until they settle', async () => {
    const { t, store } = setup()
    await store.load('case-1', undefined, 500)
    await store.setViewRange({ start: T0 + 10_000, end: T0 + 20_000 })
    expect(t.callsOf('timeline.points').at(-1)).toMatchObject({ maxPoints: 500, range: { start: T0 + 10_000, end: T0 + 20_000 } })
    expect(store.pointsFor(20)?.t[0]).toBe(T0 + 10_000)
    vi.useFakeTimers()
    const before = t.callsOf('timeline.points').length
    await store.zoomBy(0.5)
    expect(store.pointsFor(20)?.t[0]).toBe(T0 + 10_000) // still inside the detail held
    await store.panBy(3)
    expect(t.callsOf('timeline.points').length).toBe(before)
    expect(store.pointsFor(20)?.t[0]).toBe(T0) // outside it: the overview draws meanwhile
    vi.advanceTimersByTime(200)
    vi.useRealTimers()
    await flush()
    expect(t.callsOf('timeline.points').length).toBe(before + 1)
    await store.setViewRange(null)
    expect(store.viewRange).toBeNull()
  })

  it('reveals a time outside the view by centring on it at the same zoom', async () => {
    const { store } = setup()
    await store.load('case-1')
    await store.setViewRange({ start: T0, end: T0 + 10_000 })
    await store.reveal(T0 + 5000)
    expect(store.viewRange).toEqual({ start: T0, end: T0 + 10_000 })
    await store.reveal(T0 + 50_000)
    expect(store.viewRange).toEqual({ start: T0 + 45_000, end: T0 + 55_000 })
  })

  it('changes streams, metrics (null = defaults) and split mode', async () => {
    const { t, store } = setup()
    await store.load('case-1', undefined, 300)
    await store.setStreams([3])
    expect(store.panels.map((p) => p.key)).toEqual(['bitrate', 'rtt'])
    await store.setMetrics(['rtt_ms'])
    expect(store.panels.map((p) => p.key)).toEqual(['rtt'])
    expect(t.callsOf('timeline.points').at(-1)).toEqual({ seriesIds: [30], maxPoints: 300 })
    await store.setMetrics(null)
    await store.setStreams([2, 4])
    store.setSplit(true)
    expect(store.panels[0]!.key).toBe('bitrate:2')
  })

  it('keeps marks and shaded ranges from any source', async () => {
    const { store } = setup()
    await store.load('case-1')
    store.setMarks([T0 + 1, T0 + 2])
    store.setRanges('finding', [{ id: 'f1', start: T0, end: T0 + 10, label: 'loss burst', kind: 'finding' }])
    store.setRanges('annotation', [{ id: 'a1', start: T0 + 20, end: T0 + 30, label: 'user says frozen', kind: 'annotation' }])
    expect(store.marks).toEqual([T0 + 1, T0 + 2])
    expect(store.ranges.map((r) => r.id)).toEqual(['f1', 'a1'])
  })

  it('reloads on case.updated for its case and keeps the chosen streams', async () => {
    const { t, store } = setup()
    await store.load('case-1')
    await store.setStreams([3])
    t.emit('case.updated', { caseId: 'other' })
    t.emit('case.updated', { caseId: 'case-1' })
    await flush()
    expect(t.callsOf('timeline.get')).toHaveLength(2)
    expect(store.streamIds).toEqual([3])
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

  it('falls back to the first stream with bitrate when no stream is seen by both sides', async () => {
    const { store } = setup(timelineLayout())
    await store.load('case-1')
    expect(store.streamIds).toEqual([2])
  })
})
