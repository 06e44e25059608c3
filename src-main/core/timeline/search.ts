/** Binary search over ascending time columns. */

/** First index i in [from, t.length) with t[i] >= x (t.length if none). */
export function lowerBound(t: ArrayLike<number>, x: number, from = 0): number {
  let lo = from
  let hi = t.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (t[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}
