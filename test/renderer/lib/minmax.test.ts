import { describe, expect, it } from 'vitest'
import { lowerBound, minMaxPerPixel } from '../../../src-renderer/lib/minmax'

function columns(n: number, f: (i: number) => number | null): { t: Float64Array; v: (number | null)[] } {
  return { t: Float64Array.from({ length: n }, (_, i) => i * 10), v: Array.from({ length: n }, (_, i) => f(i)) }
}

describe('minMaxPerPixel', () => {
  it('returns the visible points exactly, with one neighbour each side, when there are few', () => {
    const c = columns(100, (i) => i)
    const p = minMaxPerPixel(c, 200, 305, 50)
    expect(p.isExact).toBe(true)
    expect(p.t[0]).toBe(190)
    expect(p.t.at(-1)).toBe(310)
    expect(p.v).toEqual(p.t.map((t) => t / 10))
  })

  it('keeps each pixel column’s min and max in time order, so a one-point spike survives', () => {
    const c = columns(1_000_000, (i) => (i === 500_123 ? 1e6 : i === 700_001 ? -5 : Math.sin(i / 100)))
    const p = minMaxPerPixel(c, 0, 10_000_000, 800)
    expect(p.isExact).toBe(false)
    expect(p.t.length).toBeLessThanOrEqual(2 * 800 + 4)
    expect(p.v).toContain(1e6)
    expect(p.v).toContain(-5)
    for (let i = 1; i < p.t.length; i++) expect(p.t[i]!).toBeGreaterThanOrEqual(p.t[i - 1]!)
  })

  it('keeps a gap where a whole column has no value, and treats NaN like null', () => {
    const c = columns(10_000, (i) => (i >= 4000 && i < 6000 ? null : i === 100 ? NaN : 1))
    const p = minMaxPerPixel(c, 0, 100_000, 100)
    const gaps = p.v.filter((x) => x === null).length
    expect(gaps).toBeGreaterThanOrEqual(19)
    expect(p.v.some((x) => Number.isNaN(x))).toBe(false)
  })

  it('only reads the visible slice (binary search)', () => {
    expect(lowerBound([1, 2, 2, 5], 2)).toBe(1)
    expect(lowerBound([1, 2, 2, 5], 6)).toBe(4)
    const c = columns(1000, (i) => i)
    expect(minMaxPerPixel(c, 5000, 5095, 100).t).toEqual([4990, 5000, 5010, 5020, 5030, 5040, 5050, 5060, 5070, 5080, 5090, 5100])
  })
})
