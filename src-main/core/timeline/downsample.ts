/**
 * Min/max-per-bucket downsampling for drawing: over [start, end] split into `buckets` equal time
 * buckets, keep each bucket's first-in-time min and max points (in time order), so spikes and dips
 * survive at any zoom. When the range holds no more than 2·buckets points they are returned exactly.
 * Gaps (NaN) are kept as a single NaN point so lines break where data is missing.
 */
import { lowerBound } from './search'

export interface Points { t: Float64Array; v: Float64Array; isExact: boolean }

/** Points of (t, v) within [start, end] (plus one neighbour each side, so lines reach the edges). */
export function downsampleMinMax(t: Float64Array, v: Float64Array, start: number, end: number, buckets: number): Points {
  const n = t.length
  const lo = Math.max(0, lowerBound(t, start) - 1)
  const hi = Math.min(n, lowerBound(t, end, lo) + 1)
  const count = hi - lo
  if (count <= 2 * buckets) return { t: t.slice(lo, hi), v: v.slice(lo, hi), isExact: true }
  const outT = new Float64Array(2 * buckets + 2)
  const outV = new Float64Array(2 * buckets + 2)
  let k = 0
  const width = (end - start) / buckets
  let i = lo
  for (let b = 0; b < buckets && i < hi; b++) {
    const bucketEnd = b === buckets - 1 ? Infinity : start + (b + 1) * width
    let minI = -1
    let maxI = -1
    let sawGap = false
    for (; i < hi && t[i]! < bucketEnd; i++) {
      const x = v[i]!
      if (Number.isNaN(x)) {
        sawGap = true
        continue
      }
      if (minI < 0 || x < v[minI]!) minI = i
      if (maxI < 0 || x > v[maxI]!) maxI = i
    }
    if (minI < 0) {
      if (sawGap) {
        outT[k] = start + b * width
        outV[k++] = NaN
      }
      continue
    }
    const first = Math.min(minI, maxI)
    const second = Math.max(minI, maxI)
    outT[k] = t[first]!
    outV[k++] = v[first]!
    if (second !== first) {
      outT[k] = t[second]!
      outV[k++] = v[second]!
    }
  }
  return { t: outT.slice(0, k), v: outV.slice(0, k), isExact: false }
}
