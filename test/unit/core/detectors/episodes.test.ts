/**
 * The hysteresis episode helper: N of M to raise, K quiet samples to clear, unknown samples neither
 * raise nor clear, episodes merge across short gaps and short ones are dropped.
 */
import { describe, expect, it } from 'vitest'
import { detectEpisodes, mergeIntervals } from '../../../../src-main/core/detectors/episodes'
import { quantile } from '../../../../src-main/core/util/quantiles'

const opts = { raiseCount: 3, raiseWindow: 5, clearCount: 3, mergeGapMs: 0, minDurationMs: 0 }
const t = (n: number) => Float64Array.from({ length: n }, (_, i) => i * 1000)

function episodes(flags: (boolean | undefined)[], o = opts) {
  return detectEpisodes(t(flags.length), flags.length, (i) => flags[i], o).map((e) => [e.start / 1000, e.end / 1000, e.crossings])
}

const X = true
const o = false
const u = undefined

describe('detectEpisodes', () => {
  it('raises on 3 of the last 5 samples and starts at the first crossing of the window', () => {
    // crossings at 2, 4, 5: raised at 5, interval starts at sample 1 (the one before the first crossing)
    expect(episodes([o, o, X, o, X, X, o, o, o, o])).toEqual([[1, 5, 3]])
  })

  it('never raises on a single spike or two', () => {
    expect(episodes([o, o, X, o, o, o, X, o, o, o, X, X, o, o, o, o])).toEqual([])
  })

  it('clears only after K consecutive quiet samples', () => {
    expect(episodes([X, X, X, o, o, X, o, o, o, X, o])).toEqual([[0, 5, 4]])
  })

  it('unknown samples neither raise nor clear', () => {
    expect(episodes([X, u, X, u, u, X, u, u, u, u, o, o, o])).toEqual([[0, 5, 3]])
  })

  it('merges episodes closer than the merge gap and drops short ones', () => {
    const flags = [X, X, X, o, o, o, o, X, X, X, o, o, o, o, o, o, o, o, o, o, X, X, X, o, o, o]
    expect(episodes(flags, { ...opts, mergeGapMs: 5000 })).toEqual([[0, 9, 6], [19, 22, 3]])
    expect(episodes(flags, { ...opts, mergeGapMs: 5000, minDurationMs: 5000 })).toEqual([[0, 9, 6]])
  })

  it('restarts the window across a time gap in the samples', () => {
    const times = Float64Array.from([0, 1000, 2000, 60_000, 61_000, 62_000])
    const flags = [X, X, o, X, o, o]
    expect(detectEpisodes(times, 6, (i) => flags[i], opts)).toEqual([])
  })

  it('mergeIntervals and quantile', () => {
    expect(mergeIntervals([{ start: 10, end: 20 }, { start: 0, end: 5 }, { start: 22, end: 30 }], 2)).toEqual([{ start: 0, end: 5 }, { start: 10, end: 30 }])
    expect(quantile([5, NaN, 1, 3], 0.5)).toBe(3)
  })
})
