/** Min/max-per-bucket downsampling for the timeline: spikes survive, small ranges are exact, gaps stay gaps. */
import { describe, expect, it } from 'vitest'
import { downsampleMinMax } from '../../../src-main/core/timeline/downsample'
import { Rng } from '../../fixtures/generate/prng'

function ramp(n: number, step = 1, t0 = 0): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => t0 + i * step)
}

describe('downsampleMinMax', () => {
  it('returns the points exactly when the range holds no more than 2 per bucket', () => {
    const t = ramp(10)
    const v = Float64Array.from([5, 1, 4, 1, 5, 9, 2, 6, 5, 3])
    const all = downsampleMinMax(t, v, 0, 9, 5)
    expect(all.isExact).toBe(true)
    expect(Array.from(all.t)).toEqual(Array.from(t))
    expect(Array.from(all.v)).toEqual(Array.from(v))
  })

  it('adds one neighbour on each side of the range so lines reach the edges', () => {
    const t = ramp(10)
    const v = ramp(10, 10)
    const part = downsampleMinMax(t, v, 3.5, 5.5, 100)
    expect(part.isExact).toBe(true)
    expect(Array.from(part.t)).toEqual([3, 4, 5, 6])
    expect(Array.from(part.v)).toEqual([30, 40, 50, 60])
    const edge = downsampleMinMax(t, v, 0, 4, 100)
    expect(Array.from(edge.t)).toEqual([0, 1, 2, 3, 4]) // nothing before the first point
    expect(downsampleMinMax(new Float64Array(0), new Float64Array(0), 0, 10, 4)).toEqual({ t: new Float64Array(0), v: new Float64Array(0), isExact: true })
  })

  it('keeps a one-sample spike and a one-sample dip among 10 000 flat points', () => {
    const n = 10_000
    const t = ramp(n, 1000, 1_758_031_331_000)
    const v = new Float64Array(n).fill(1)
    v[5123] = 100
    v[7777] = -50
    const out = downsampleMinMax(t, v, t[0]!, t[n - 1]!, 100)
    expect(out.isExact).toBe(false)
    expect(out.t.length).toBeLessThanOrEqual(202)
    expect(out.t.length).toBeGreaterThanOrEqual(100)
    const spike = Array.from(out.v).indexOf(100)
    const dip = Array.from(out.v).indexOf(-50)
    expect(out.t[spike]).toBe(t[5123])
    expect(out.t[dip]).toBe(t[7777])
    for (let i = 1; i < out.t.length; i++) expect(out.t[i]).toBeGreaterThan(out.t[i - 1]!)
  })

  it("emits each bucket's minimum and maximum, first-in-time, in time order", () => {
    const rng = new Rng(7)
    const n = 5000
    const t = ramp(n, 10)
    const v = Float64Array.from({ length: n }, () => Math.round(rng.uniform(0, 1000)))
    const start = 0
    const end = t[n - 1]!
    const buckets = 50
    const out = downsampleMinMax(t, v, start, end, buckets)
    const width = (end - start) / buckets
    const expected: [number, number][] = []
    for (let b = 0; b < buckets; b++) {
      const idx = Array.from(t.keys()).filter((i) => t[i]! >= start + b * width && (b === buckets - 1 || t[i]! < start + (b + 1) * width))
      let minI = idx[0]!
      let maxI = idx[0]!
      for (const i of idx) {
        if (v[i]! < v[minI]!) minI = i
        if (v[i]! > v[maxI]!) maxI = i
      }
      for (const i of [...new Set([minI, maxI])].sort((a, c) => a - c)) expected.push([t[i]!, v[i]!])
    }
    expect(Array.from(out.t, (x, i) => [x, out.v[i]!])).toEqual(expected)
  })

  it('keeps a gap as one NaN point per empty bucket, and ignores NaN inside a bucket with data', () => {
    const n = 1000
    const t = ramp(n)
    const v = Float64Array.from({ length: n }, (_, i) => (i >= 400 && i < 600 ? NaN : i % 7))
    v[395] = NaN // a lone NaN next to data is dropped, the bucket keeps its min/max
    const out = downsampleMinMax(t, v, 0, n - 1, 10)
    const width = (n - 1) / 10
    const nanTimes = Array.from(out.t).filter((_, i) => Number.isNaN(out.v[i]!))
    // buckets 4 [399.6, 499.5) and 5 [499.5, 599.4) hold only NaN: one NaN each, at the bucket start
    expect(nanTimes).toEqual([4 * width, 5 * width])
    expect(out.isExact).toBe(false)
    // every finite output value is a real input value at that time
    for (let i = 0; i < out.t.length; i++) if (Number.isFinite(out.v[i]!)) expect(out.v[i]).toBe(v[out.t[i]!])
    // the finite extremes of the bucket around the lone NaN survive
    expect(Array.from(out.v).filter(Number.isFinite)).toContain(6)
  })
})
