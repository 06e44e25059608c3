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

/** Linear-interpolated percentile (p in 0…100) of the finite values, NaN when there are none (O(n) selection). */
export function percentile(values: ArrayLike<number>, p: number): number {
  const buf = new Float64Array(values.length)
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isFinite(v)) buf[n++] = v
  }
  if (n === 0) return NaN
  const pos = (Math.min(100, Math.max(0, p)) / 100) * (n - 1)
  const lo = Math.floor(pos)
  const a = select(buf, n, lo)
  if (lo + 1 >= n || pos === lo) return a
  // After selecting lo, every element right of it is ≥ it: the next order statistic is their minimum.
  let b = Infinity
  for (let i = lo + 1; i < n; i++) if (buf[i]! < b) b = buf[i]!
  return a + (b - a) * (pos - lo)
}

/** Hoare quickselect: moves the k-th smallest of buf[0..n) to index k (left ≤, right ≥) and returns it. */
function select(buf: Float64Array, n: number, k: number): number {
  let left = 0
  let right = n - 1
  while (left < right) {
    const pivot = buf[(left + right) >>> 1]!
    let i = left
    let j = right
    while (i <= j) {
      while (buf[i]! < pivot) i++
      while (buf[j]! > pivot) j--
      if (i <= j) {
        const t = buf[i]!
        buf[i] = buf[j]!
        buf[j] = t
        i++
        j--
      }
    }
    if (k <= j) right = j
    else if (k >= i) left = i
    else break
  }
  return buf[k]!
}
