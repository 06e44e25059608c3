/**
 * Min/max per pixel column, in the renderer: over [start, end] (epoch ms) drawn `pixels` wide, keep
 * each column's minimum and maximum (in time order), so every spike and dip a full draw would show
 * still shows, from at most 2 points per pixel. The visible slice is found by binary search, so a
 * zoomed-in redraw only touches the points it draws; when the slice holds no more than 2 points per
 * pixel it is returned exactly. One neighbour each side is kept so lines reach the plot edges. A gap
 * (null or NaN) inside a column with no value stays a gap, so lines break where data is missing.
 */

import { lowerBound } from '@core/timeline/search'

/** Time column (ascending epoch ms) and value column of one line. */
export interface Columns {
  t: ArrayLike<number>
  v: ArrayLike<number | null>
}

// The same binary search as the server's downsampler: one implementation, from the pure core.
export { lowerBound }

/** The points to draw: `t` in epoch ms, `v` with null for gaps; `isExact` when nothing was dropped. */
export interface DrawPoints {
  t: number[]
  v: (number | null)[]
  isExact: boolean
}

export function minMaxPerPixel(src: Columns, start: number, end: number, pixels: number): DrawPoints {
  const { t, v } = src
  const lo = Math.max(0, lowerBound(t, start) - 1)
  const hi = Math.min(t.length, lowerBound(t, end, lo) + 1)
  const cols = Math.max(1, Math.floor(pixels))
  if (hi - lo <= 2 * cols || end <= start) {
    const outT = new Array<number>(hi - lo)
    const outV = new Array<number | null>(hi - lo)
    for (let i = lo; i < hi; i++) {
      const x = v[i]
      outT[i - lo] = t[i]!
      outV[i - lo] = x === null || x === undefined || Number.isNaN(x) ? null : x
    }
    return { t: outT, v: outV, isExact: true }
  }
  const outT: number[] = []
  const outV: (number | null)[] = []
  const perMs = cols / (end - start)
  let i = lo
  while (i < hi) {
    // Column of this point; points before `start` (the left neighbour) fall in column -1, after `end` in `cols`.
    const col = Math.floor((t[i]! - start) * perMs)
    const colEnd = col >= cols ? Infinity : start + (col + 1) / perMs
    let minI = -1
    let maxI = -1
    let sawGap = false
    for (; i < hi && t[i]! < colEnd; i++) {
      const x = v[i]
      if (x === null || x === undefined || Number.isNaN(x)) {
        sawGap = true
        continue
      }
      if (minI < 0 || x < (v[minI] as number)) minI = i
      if (maxI < 0 || x > (v[maxI] as number)) maxI = i
    }
    if (minI < 0) {
      if (sawGap) {
        outT.push(start + col / perMs)
        outV.push(null)
      }
      continue
    }
    const a = Math.min(minI, maxI)
    const b = Math.max(minI, maxI)
    outT.push(t[a]!)
    outV.push(v[a] as number)
    if (b !== a) {
      outT.push(t[b]!)
      outV.push(v[b] as number)
    }
  }
  return { t: outT, v: outV, isExact: false }
}
