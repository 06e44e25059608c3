import { describe, expect, it } from 'vitest'
import { EMPTY_WINDOW, appendPage, nextLoad, normalize, prependPage, rankAtTime, rowAt, timeAtRank, windowAround } from '../../../src-renderer/lib/log-window'
import { logPage, logRow } from '../support/fixtures'

const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => logRow(from + i, 1000 * (from + i)))

describe('log window', () => {
  it('grows forward and trims the front past its cap, keeping cursors to continue both ways', () => {
    let w = appendPage(EMPTY_WINDOW, logPage(rows(1, 5)), 8)
    expect(w).toMatchObject({ start: 0, before: null, after: { t: 5000, id: 5 } })
    w = appendPage(w, logPage(rows(6, 5)), 8)
    expect(w.rows.map((r) => r.id)).toEqual([3, 4, 5, 6, 7, 8, 9, 10])
    expect(w).toMatchObject({ start: 2, before: { t: 3000, id: 3 }, after: { t: 10_000, id: 10 } })
    expect(rowAt(w, 2)?.id).toBe(3)
    w = appendPage(w, logPage([], { hasMore: false }), 8)
    expect(w.after).toBeNull()
  })

  it('grows backward, trims the end, and pins index 0 when the start is reached', () => {
    const w0 = { start: 10, rows: rows(11, 3), after: { t: 13_000, id: 13 }, before: { t: 11_000, id: 11 } }
    const w = prependPage(w0, logPage(rows(8, 3)), 4)
    expect(w.rows.map((r) => r.id)).toEqual([8, 9, 10, 11])
    expect(w).toMatchObject({ start: 7, after: { t: 11_000, id: 11 }, before: { t: 8000, id: 8 } })
    const reached = normalize(prependPage(w0, logPage(rows(1, 10), { hasMore: false }), 100), 100, 200)
    expect(reached.w.start).toBe(0)
    expect(reached.shift).toBe(0)
  })

  it('continues a partial (regex) scan from where the server stopped, not from the last row', () => {
    const w = appendPage(EMPTY_WINDOW, logPage(rows(1, 2), { isPartial: true, resume: { t: 90_000, id: 90 } }), 100)
    expect(w.after).toEqual({ t: 90_000, id: 90 })
  })

  it('places a window around an anchor at its rank; normalizes ranks that drifted', () => {
    const w = windowAround(logPage(rows(48, 2)), logPage(rows(50, 3)), 500)
    expect(w).toMatchObject({ start: 498, before: { t: 48_000, id: 48 }, after: { t: 52_000, id: 52 } })
    const drift = normalize({ ...w, start: -3 }, 1000, 200)
    expect(drift.w.start).toBe(200)
    expect(drift.shift).toBe(203)
    expect(drift.total).toBe(1203)
    expect(normalize({ ...w, after: null }, 9999, 200).total).toBe(503)
  })

  it('decides what to load: a page after, a page before, a jump, or nothing', () => {
    const w = { start: 1000, rows: rows(1000, 100), after: { t: 1, id: 1 }, before: { t: 0, id: 0 } }
    expect(nextLoad(w, 1010, 1050, 200)).toBeNull()
    expect(nextLoad(w, 1080, 1130, 200)).toBe('forward')
    expect(nextLoad(w, 950, 1010, 200)).toBe('backward')
    expect(nextLoad(w, 5000, 5040, 200)).toBe('jump')
    expect(nextLoad({ ...w, after: null }, 1080, 1130, 200)).toBeNull()
    expect(nextLoad(EMPTY_WINDOW, 0, 10, 200)).toBeNull()
  })

  it('maps a virtual index to a time and back through the histogram', () => {
    const h = { start: 0, bucketMs: 100, counts: [10, 0, 30] }
    expect(timeAtRank(h, 0)).toBe(0)
    expect(timeAtRank(h, 5)).toBe(50)
    expect(timeAtRank(h, 10)).toBe(200)
    expect(timeAtRank(h, 25)).toBe(250)
    expect(rankAtTime(h, 50)).toBe(5)
    expect(rankAtTime(h, 150)).toBe(10)
    expect(rankAtTime(h, 250)).toBe(25)
    expect(rankAtTime(h, 1e9)).toBe(40)
  })
})
