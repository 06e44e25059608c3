/**
 * Episode detection with hysteresis (Twilio StatsMonitor style): an episode is raised when at least N
 * of the last M known samples cross, and cleared after K consecutive quiet samples; episodes closer
 * than a gap are merged and short ones dropped. So a single spike is never a trend, and one problem
 * is one episode, not one per second. Also the small numeric helpers detectors share (counter deltas,
 * window statistics, medians). Times are epoch ms; a sample's value describes the interval ending at it.
 */
import type { ViewSeries } from './types'
import { median } from '../util/quantiles'

export interface HysteresisOptions {
  /** Raise when at least `raiseCount` of the last `raiseWindow` known samples cross. */
  raiseCount: number
  raiseWindow: number
  /** Clear after this many consecutive known samples that do not cross. */
  clearCount: number
  /** Episodes separated by at most this (and never less than 1.5 sample periods) are merged into one. */
  mergeGapMs: number
  /** Episodes shorter than this (after merging) are dropped. */
  minDurationMs: number
  /** Samples further apart than this are not consecutive: the window restarts (default 10 s). */
  maxSampleGapMs?: number
}

export interface Episode {
  /** Start of the interval of the first crossing sample (the previous sample's time when contiguous). */
  start: number
  /** Time of the last crossing sample. */
  end: number
  /** Indices of the first and last crossing samples. */
  first: number
  last: number
  /** Crossing samples inside the episode. */
  crossings: number
}

/**
 * Episodes of a predicate over samples 0..n-1 at times `t`. `cross(i)` returns true (crossing),
 * false (quiet) or undefined (unknown: NaN, too few packets...), which neither raises nor clears.
 */
export function detectEpisodes(t: ArrayLike<number>, n: number, cross: (i: number) => boolean | undefined, o: HysteresisOptions): Episode[] {
  const maxGap = o.maxSampleGapMs ?? 10_000
  const m = Math.max(1, Math.floor(o.raiseWindow))
  const need = Math.max(1, Math.min(m, Math.floor(o.raiseCount)))
  const clear = Math.max(1, Math.floor(o.clearCount))
  const ringIdx = new Int32Array(m)
  const ringHit = new Uint8Array(m)
  let ringLen = 0
  let ringPos = 0
  let hits = 0
  let active = false
  let first = -1
  let last = -1
  let crossings = 0
  let quiet = 0
  let prevKnown = -1
  const raw: Episode[] = []
  const close = () => {
    if (active) raw.push({ start: intervalStart(t, first, maxGap), end: t[last]!, first, last, crossings })
    active = false
    ringLen = 0
    ringPos = 0
    hits = 0
    quiet = 0
  }
  for (let i = 0; i < n; i++) {
    const c = cross(i)
    if (c === undefined) continue
    if (prevKnown >= 0 && t[i]! - t[prevKnown]! > maxGap) close()
    prevKnown = i
    if (!active) {
      if (ringLen === m) hits -= ringHit[ringPos]!
      else ringLen++
      ringIdx[ringPos] = i
      ringHit[ringPos] = c ? 1 : 0
      hits += c ? 1 : 0
      ringPos = (ringPos + 1) % m
      if (c && hits >= need) {
        active = true
        first = i
        // the episode starts at the earliest crossing sample still in the window
        for (let k = 0; k < ringLen; k++) {
          const j = (ringPos - ringLen + k + m) % m
          if (ringHit[j]) {
            first = ringIdx[j]!
            break
          }
        }
        last = i
        crossings = hits
        quiet = 0
      }
    } else if (c) {
      last = i
      crossings++
      quiet = 0
    } else if (++quiet >= clear) close()
  }
  close()
  // with sparse stats (rtcstats every 10 s) one quiet sample between two episodes is not a recovery
  const gap = Math.max(o.mergeGapMs, 1.5 * samplePeriodMs(t))
  return mergeEpisodes(raw, gap).filter((e) => e.end - e.start >= o.minDurationMs)
}

function intervalStart(t: ArrayLike<number>, i: number, maxGap: number): number {
  if (i > 0 && t[i]! - t[i - 1]! <= maxGap) return t[i - 1]!
  return t[i]!
}

/** Merges episodes (sorted by start) whose gap is at most `gapMs`. */
export function mergeEpisodes(list: Episode[], gapMs: number): Episode[] {
  const out: Episode[] = []
  for (const e of [...list].sort((a, b) => a.start - b.start)) {
    const prev = out[out.length - 1]
    if (prev && e.start - prev.end <= gapMs) {
      prev.end = Math.max(prev.end, e.end)
      prev.last = Math.max(prev.last, e.last)
      prev.crossings += e.crossings
    } else out.push({ ...e })
  }
  return out
}

/** Merges plain [start, end] intervals (any order) whose gap is at most `gapMs`. */
export function mergeIntervals(list: { start: number; end: number }[], gapMs: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = []
  for (const e of [...list].sort((a, b) => a.start - b.start)) {
    const prev = out[out.length - 1]
    if (prev && e.start - prev.end <= gapMs) prev.end = Math.max(prev.end, e.end)
    else out.push({ start: e.start, end: e.end })
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Numeric helpers

/**
 * First index i with t[i] > x (t.length if none). Epoch-ms floats have no room for an epsilon
 * (1.7e12 + 1e-6 === 1.7e12), hence a real upper bound rather than lowerBound(x + ε).
 */
export function upperBound(t: ArrayLike<number>, x: number): number {
  let lo = 0
  let hi = t.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (t[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** v[i] - v[i-1] for a cumulative counter; NaN for the first sample, a gap or a reset (negative). */
export function counterDelta(v: ArrayLike<number>, i: number): number {
  if (i <= 0) return NaN
  const d = v[i]! - v[i - 1]!
  return d >= 0 ? d : NaN
}

/** Seconds between sample i-1 and i (NaN for the first). */
export function dtSeconds(t: ArrayLike<number>, i: number): number {
  return i > 0 ? (t[i]! - t[i - 1]!) / 1000 : NaN
}

export interface WindowStats { min: number; max: number; mean: number; n: number; sum: number }

/**
 * Statistics of the finite values of `s` with time in (from, to]: half-open like the intervals the
 * values describe, so an episode's window (which starts at the sample before its first crossing)
 * does not count that quiet sample.
 */
export function windowStats(s: ViewSeries | undefined, from: number, to: number): WindowStats {
  const out: WindowStats = { min: NaN, max: NaN, mean: NaN, n: 0, sum: 0 }
  if (!s) return out
  let lo = Infinity
  let hi = -Infinity
  for (let i = upperBound(s.t, from); i < s.t.length && s.t[i]! <= to; i++) {
    const v = s.v[i]!
    if (!Number.isFinite(v)) continue
    out.n++
    out.sum += v
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  if (out.n > 0) {
    out.min = lo
    out.max = hi
    out.mean = out.sum / out.n
  }
  return out
}

/** Finite values of `s` in (from, to]. */
export function valuesIn(s: ViewSeries | undefined, from: number, to: number): number[] {
  const out: number[] = []
  if (!s) return out
  for (let i = upperBound(s.t, from); i < s.t.length && s.t[i]! <= to; i++) if (Number.isFinite(s.v[i]!)) out.push(s.v[i]!)
  return out
}

/** Typical spacing of a series' samples in ms (median of the first 50 gaps; 1000 when unknown). */
export function samplePeriodMs(t: ArrayLike<number>): number {
  const gaps: number[] = []
  for (let i = 1; i < Math.min(t.length, 51); i++) gaps.push(t[i]! - t[i - 1]!)
  const m = median(gaps)
  return Number.isFinite(m) && m > 0 ? m : 1000
}
