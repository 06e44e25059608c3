import { describe, expect, it } from 'vitest'
import { worstWindowMean } from '../../../../src-main/core/whatif'

describe('worstWindowMean', () => {
  it('finds the lowest mean over any window, skipping gaps', () => {
    const xs = [4, 4, 4, 1, 2, 4, 4, NaN, 4]
    expect(worstWindowMean(xs, 2)).toBeCloseTo(1.5, 9)
    expect(worstWindowMean(xs, 3)).toBeCloseTo(7 / 3, 9)
  })
  it('counts a window only when half of it has values, and falls back to the overall mean', () => {
    expect(worstWindowMean([4, NaN, NaN, NaN, 1, NaN, NaN, NaN, 4], 4)).toBe(3)
    expect(worstWindowMean([3, 1], 60)).toBe(2)
    expect(worstWindowMean([NaN, NaN], 2)).toBeNaN()
  })
})
