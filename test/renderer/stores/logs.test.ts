import { describe, expect, it } from 'vitest'
import type { LogFilters } from '../../../src-main/contract/dto'
import { useLogsStore } from '../../../src-renderer/stores/logs'
import { T0, logPage, logRow } from '../support/fixtures'
import { FakeTransport } from '../support/fake-transport'
import { createStoreEnv, flush } from '../support/store-env'

interface QueryIn { caseId: string; filters: LogFilters; cursor?: { t: number; id: number }; direction: 'forward' | 'backward'; limit: number }

/** 10,000 rows, one per second, ids 1..10000; pages answered from them like the server would. */
const ALL = Array.from({ length: 10_000 }, (_, i) => logRow(i + 1, T0 + i * 1000))
const after = (c: { t: number; id: number }) => ALL.filter((r) => r.t > c.t || (r.t === c.t && r.id > c.id))
const beforeOf = (c: { t: number; id: number }) => ALL.filter((r) => r.t < c.t || (r.t === c.t && r.id < c.id))

function setup() {
  const t = new FakeTransport()
    .handle('logs.facets', () => ({ entries: [], levels: [{ value: 'info', count: 10_000 }], modules: [], eventTypes: [], timeStart: T0, timeEnd: T0 + 9_999_000 }))
    .handle('logs.count', () => ({ total: 10_000, isEstimate: false, timeStart: T0, timeEnd: T0 + 9_999_000, histogram: { start: T0, bucketMs: 1_000_000, counts: Array(10).fill(1000) } }))
    .handle('logs.query', (i) => {
      const q = i as QueryIn
      if (q.direction === 'forward') {
        const rows = (q.cursor ? after(q.cursor) : ALL).slice(0, q.limit)
        return logPage(rows, { hasMore: rows.length === q.limit })
      }
      const all = q.cursor ? beforeOf(q.cursor) : ALL
      const rows = all.slice(Math.max(0, all.length - q.limit))
      return logPage(rows, { hasMore: all.length > q.limit })
    })
    .handle('logs.locate', (i) => {
      const at = (i as { t: number }).t
      const idx = ALL.findIndex((r) => r.t >= at)
      return { anchor: idx < 0 ? null : { t: ALL[idx]!.t, id: ALL[idx]!.id }, rank: idx < 0 ? ALL.length : idx, isEstimate: false }
    })
  createStoreEnv(t)
  return { t, store: useLogsStore() }
}

describe('logs store', () => {
  it('opens a case: facets, the count with its histogram, the first page at index 0', async () => {
    const { t, store } = setup()
    await store.open('case-1')
    expect(store.facets?.levels[0]?.value).toBe('info')
    expect(store.total).toBe(10_000)
    expect(store.window.start).toBe(0)
    expect(store.window.rows[0]?.id).toBe(1)
    expect(store.scrollTo?.index).toBe(0)
    expect(t.callsOf('logs.query')[0]).toEqual({ caseId: 'case-1', filters: {}, direction: 'forward', limit: 200 })
  })

  it('covers what the viewer shows: a page after, a page before, or a jump through the histogram', async () => {
    const { store } = setup()
    await store.open('case-1')
    await store.ensure(180, 240, 180)
    expect(store.window.rows.at(-1)?.id).toBe(400)
    await store.ensure(5000, 5040, 5000)
    const w = store.window
    expect(w.rows.find((r) => w.start + w.rows.indexOf(r) === 5000)?.id).toBe(5001)
    await store.ensure(4890, 4950, 4890)
    expect(store.window.start).toBeLessThanOrEqual(4890)
    expect(store.window.rows[0]!.id).toBe(store.window.start + 1)
  })

  it('jumps to a time: the first row at or after it is focused and scrolled to, at its rank', async () => {
    const { t, store } = setup()
    await store.open('case-1')
    await store.jumpTo(T0 + 7_000_500)
    expect(t.callsOf('logs.locate').at(-1)).toMatchObject({ t: T0 + 7_000_500 })
    expect(store.focusId).toBe(7002)
    expect(store.scrollTo).toMatchObject({ index: 7001, above: 3 })
    const w = store.window
    expect(w.rows[store.scrollTo!.index - w.start]?.id).toBe(7002)
  })

  it('selects rows (alone, toggled, ranges) and exposes their times for the charts', async () => {
    const { store } = setup()
    await store.open('case-1')
    const rows = store.window.rows
    store.select(rows[3]!)
    store.select(rows[6]!, 'range')
    expect(store.selectedTimes).toEqual([rows[3]!.t, rows[4]!.t, rows[5]!.t, rows[6]!.t])
    store.select(rows[4]!, 'toggle')
    expect(store.selected.size).toBe(3)
    store.select(rows[9]!)
    expect(store.selectedTimes).toEqual([rows[9]!.t])
    store.clearSelection()
    expect(store.selectedTimes).toEqual([])
  })

  it('sends the filters as the contract wants them and reloads at the time shown', async () => {
    const { t, store } = setup()
    await store.open('case-1')
    await store.ensure(3000, 3030, 3000)
    await store.setFilters({ levels: ['error', 'fatal'], text: '  ice  ', regex: 'x+', kinds: ['log'], range: { start: T0, end: T0 + 5 } })
    expect(t.callsOf('logs.count').at(-1)).toEqual({
      caseId: 'case-1', buckets: 200,
      filters: { levels: ['error', 'fatal'], kinds: ['log'], text: 'ice', regex: 'x+', isRegexCaseSensitive: false, range: { start: T0, end: T0 + 5 } },
    })
    expect(t.callsOf('logs.locate').at(-1)).toMatchObject({ t: T0 + 3_000_000 })
  })

  it('reloads with the top row shown still at the top, not the first row loaded above it', async () => {
    const { t, store } = setup()
    await store.open('case-1')
    await store.ensure(2980, 3050, 3000)
    await store.refresh()
    expect(t.callsOf('logs.locate').at(-1)).toMatchObject({ t: T0 + 3_000_000 })
    expect(store.scrollTo).toMatchObject({ index: 3000, above: 0 })
    expect(store.focusId).toBeNull()
  })

  it('reopens on case.updated (clock offsets move rows) and forgets everything on close', async () => {
    const { t, store } = setup()
    await store.open('case-1')
    t.emit('case.updated', { caseId: 'case-1' })
    await flush()
    expect(t.callsOf('logs.facets')).toHaveLength(2)
    store.close()
    expect(store.window.rows).toEqual([])
    expect(store.caseId).toBeNull()
  })
})
