/** Zoom and pan arithmetic on epoch-ms ranges, clamped to the case's full range. */

export interface MsRange {
  start: number
  end: number
}

/** Narrowest range a zoom may reach (ms). */
export const MIN_SPAN_MS = 50

/** Keeps `r` inside `full` (shifting, then shrinking) and at least MIN_SPAN_MS wide; null when it covers `full`. */
export function clampRange(r: MsRange, full: MsRange): MsRange | null {
  const fullSpan = full.end - full.start
  const span = Math.max(MIN_SPAN_MS, r.end - r.start)
  if (span >= fullSpan) return null
  let start = r.start
  if (start < full.start) start = full.start
  if (start + span > full.end) start = full.end - span
  return { start, end: start + span }
}

/** Zooms by `factor` (< 1 in, > 1 out) keeping `at` (default: the middle) where it is. */
export function zoomRange(cur: MsRange, full: MsRange, factor: number, at?: number): MsRange | null {
  const pivot = at ?? (cur.start + cur.end) / 2
  const start = pivot - (pivot - cur.start) * factor
  const end = pivot + (cur.end - pivot) * factor
  return clampRange({ start, end }, full)
}

/** Pans by `fraction` of the visible span (negative = earlier). */
export function panRange(cur: MsRange, full: MsRange, fraction: number): MsRange | null {
  const d = (cur.end - cur.start) * fraction
  return clampRange({ start: cur.start + d, end: cur.end + d }, full)
}

/** A range of `span` centred on `t` (clamped). */
export function centreOn(t: number, span: number, full: MsRange): MsRange | null {
  return clampRange({ start: t - span / 2, end: t + span / 2 }, full)
}
