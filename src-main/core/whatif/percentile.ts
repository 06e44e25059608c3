/**
 * Interpolated percentiles for the comparison table: the same value as util/quantiles `percentile`
 * (same order statistics, same interpolation), found with Floyd–Rivest selection (R. W. Floyd and
 * R. L. Rivest, "Algorithm 489: SELECT", CACM 18(3), 1975) in a buffer reused across columns. A
 * replay takes three percentiles of each of its ~100 projected 3600-value columns; the table's 5th
 * and 95th percentiles sit near the ends, where Floyd–Rivest's sampled bounds cut most of the work
 * a middle-pivot quickselect does.
 */

/** A reusable copy buffer (one per replay). */
export class PercentileScratch {
  buf = new Float64Array(0)
}

/** Linear-interpolated percentile (p in 0…100) of the finite values, NaN when there are none. */
export function tablePercentile(values: Float64Array, p: number, scratch: PercentileScratch): number {
  if (scratch.buf.length < values.length) scratch.buf = new Float64Array(values.length)
  const buf = scratch.buf
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isFinite(v)) buf[n++] = v
  }
  if (n === 0) return NaN
  const pos = (Math.min(100, Math.max(0, p)) / 100) * (n - 1)
  const lo = Math.floor(pos)
  select(buf, lo, 0, n - 1)
  const a = buf[lo]!
  if (lo + 1 >= n || pos === lo) return a
  // Every element right of lo is ≥ it after the selection: the next order statistic is their minimum.
  let b = Infinity
  for (let i = lo + 1; i < n; i++) if (buf[i]! < b) b = buf[i]!
  return a + (b - a) * (pos - lo)
}

/** Floyd–Rivest: moves the k-th smallest of buf[left..right] to k, smaller-or-equal left of it, greater-or-equal right. */
function select(buf: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    if (right - left > 600) {
      // Recurse on a sample-sized window that holds the k-th smallest with high probability.
      const n = right - left + 1
      const m = k - left + 1
      const z = Math.log(n)
      const s = 0.5 * Math.exp((2 * z) / 3)
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1)
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd))
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd))
      select(buf, k, newLeft, newRight)
    }
    const t = buf[k]!
    let i = left
    let j = right
    swap(buf, left, k)
    if (buf[right]! > t) swap(buf, left, right)
    while (i < j) {
      swap(buf, i, j)
      i++
      j--
      while (buf[i]! < t) i++
      while (buf[j]! > t) j--
    }
    if (buf[left] === t) swap(buf, left, j)
    else {
      j++
      swap(buf, j, right)
    }
    if (j <= k) left = j + 1
    if (k <= j) right = j - 1
  }
}

function swap(buf: Float64Array, i: number, j: number): void {
  const t = buf[i]!
  buf[i] = buf[j]!
  buf[j] = t
}
