/**
 * Worst sustained stretch of a per-second column: the lowest mean over any window of consecutive
 * seconds (e.g. the worst minute of projected MOS). Gaps (NaN) are skipped inside a window; a
 * window counts only when at least half its seconds have a value.
 */

/** Lowest windowed mean of `xs` (NaN when there is no value); a call shorter than the window gives its overall mean. */
export function worstWindowMean(xs: ArrayLike<number>, window: number): number {
  const n = xs.length
  const w = Math.max(1, Math.floor(window))
  let sum = 0
  let count = 0
  let total = 0
  let totalN = 0
  for (let i = 0; i < n; i++) {
    const v = xs[i]!
    if (Number.isFinite(v)) {
      total += v
      totalN++
    }
  }
  if (totalN === 0) return NaN
  if (n <= w) return total / totalN
  let worst = Infinity
  for (let i = 0; i < n; i++) {
    const v = xs[i]!
    if (Number.isFinite(v)) {
      sum += v
      count++
    }
    if (i >= w) {
      const old = xs[i - w]!
      if (Number.isFinite(old)) {
        sum -= old
        count--
      }
    }
    if (i >= w - 1 && count > 0 && count * 2 >= w) worst = Math.min(worst, sum / count)
  }
  return Number.isFinite(worst) ? worst : total / totalN
}
