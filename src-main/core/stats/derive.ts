/**
 * Column arithmetic for getStats counters: rates, ratios of deltas and scaling. Every function returns
 * a column aligned with the sample times; NaN where the value is unknown (first sample, counter reset,
 * no time elapsed, nothing to divide by).
 */

/** d(counter)/dt per second, times `scale`. A counter that goes backwards (reset) gives NaN. */
export function ratePerSecond(t: ArrayLike<number>, c: Float64Array, scale = 1): Float64Array {
  const out = new Float64Array(c.length).fill(NaN)
  for (let i = 1; i < c.length; i++) {
    const dt = t[i]! - t[i - 1]!
    const dc = c[i]! - c[i - 1]!
    if (dt > 0 && dc >= 0) out[i] = (dc / dt) * 1000 * scale
  }
  return out
}

/** d(num)/d(den) per interval, times `scale`; NaN when d(den) <= 0. */
export function deltaRatio(num: Float64Array, den: Float64Array, scale = 1): Float64Array {
  const out = new Float64Array(num.length).fill(NaN)
  for (let i = 1; i < num.length; i++) {
    const dd = den[i]! - den[i - 1]!
    const dn = num[i]! - num[i - 1]!
    if (dd > 0 && dn >= 0) out[i] = (dn / dd) * scale
  }
  return out
}

/** Loss % per interval: dLost / (dLost + dReceived) * 100; negative dLost (duplicates) counts as 0. */
export function lossPercent(lost: Float64Array, received: Float64Array): Float64Array {
  const out = new Float64Array(lost.length).fill(NaN)
  for (let i = 1; i < lost.length; i++) {
    const dl = Math.max(0, lost[i]! - lost[i - 1]!)
    const dr = received[i]! - received[i - 1]!
    if (dr < 0 || !Number.isFinite(dl) || !Number.isFinite(dr)) continue
    if (dl + dr > 0) out[i] = (dl / (dl + dr)) * 100
  }
  return out
}

/** Multiplies a column by a constant (NaN stays NaN). */
export function scaled(c: Float64Array, factor: number): Float64Array {
  const out = new Float64Array(c.length)
  for (let i = 0; i < c.length; i++) out[i] = c[i]! * factor
  return out
}

/** Clamps every finite value into [lo, hi]. */
export function clamped(c: Float64Array, lo: number, hi: number): Float64Array {
  for (let i = 0; i < c.length; i++) {
    const v = c[i]!
    if (v < lo) c[i] = lo
    else if (v > hi) c[i] = hi
  }
  return c
}

/** True when the column holds at least one finite value. */
export function hasFinite(c: Float64Array): boolean {
  for (let i = 0; i < c.length; i++) if (Number.isFinite(c[i]!)) return true
  return false
}
