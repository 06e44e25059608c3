/**
 * Order statistics of the finite values of a series (NaN and ±Infinity are skipped): nearest-rank
 * quantiles and the median (detectors, clock offsets), and interpolated percentiles (what-if
 * summaries). Each copies its input; none sorts it in place.
 */

/** Median of the finite values (NaN when none). Copies; fine for windows, not for hot loops. */
export function median(xs: ArrayLike<number>): number {
  return quantile(xs, 0.5)
}

/** q-quantile (0..1, nearest rank) of the finite values (NaN when none). */
export function quantile(xs: ArrayLike<number>, q: number): number {
  const tmp = new Float64Array(xs.length)
  let n = 0
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]!)) tmp[n++] = xs[i]!
  if (n === 0) return NaN
  // a typed-array sort is numeric and several times faster than Array#sort with a comparator
  const a = tmp.subarray(0, n).sort()
  return a[Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))))]!
}

/** A reusable copy buffer for `percentile` (e.g. one per what-if replay, across its columns). */
export class PercentileScratch {
  buf = new Float64Array(0)
}

/**
 * Linear-interpolated percentile (p in 0…100) of the finite values, NaN when there are none. O(n):
 * Floyd–Rivest selection (R. W. Floyd and R. L. Rivest, "Algorithm 489: SELECT", CACM 18(3), 1975)
 * over a copy, in `scratch` when given. Its sampled bounds cut most of the work near the ends, where
 * the what-if table's 5th and 95th percentiles sit (a replay takes ~300 of 3600-value columns).
 */
export function percentile(values: ArrayLike<number>, p: number, scratch: PercentileScratch = new PercentileScratch()): number {
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
