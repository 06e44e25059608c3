/**
 * Parsing of human-formatted local times that carry no zone (Chrome's older updateLog `time`
 * strings such as `11/5/2020, 9:34:11 PM` or `08/11/2020, 10:58:45`). Returns "naive" epoch ms, i.e.
 * the wall-clock reading taken as if it were UTC; the caller applies the zone offset it knows or estimates.
 */

/** Day-first or month-first reading of an ambiguous `a/b/yyyy` date. */
export type DateOrder = 'mdy' | 'dmy'

/** Naive epoch ms of `a/b/yyyy, h:mm:ss[ AM|PM]` (also `.` or `-` separators), or NaN. */
export function parseNaiveLocal(text: string, order: DateOrder): number {
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?\s*([AaPp][Mm])?/.exec(text.trim())
  if (!m) return NaN
  const a = Number(m[1])
  const b = Number(m[2])
  const [month, day] = order === 'mdy' ? [a, b] : [b, a]
  if (month < 1 || month > 12 || day < 1 || day > 31) return NaN
  let hour = Number(m[4])
  const ampm = m[8]?.toLowerCase()
  if (ampm === 'pm' && hour < 12) hour += 12
  if (ampm === 'am' && hour === 12) hour = 0
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0
  return Date.UTC(Number(m[3]), month - 1, day, hour, Number(m[5]), Number(m[6] ?? 0), ms)
}

/**
 * Picks the date order and the zone offset (a multiple of 15 minutes, within ±14 h) that bring naive
 * local times closest to a reference UTC time known to be near them (e.g. the stats start time).
 * Returns null when no reading parses.
 */
export function estimateLocalClock(samples: string[], referenceUtcMs: number): { order: DateOrder; offsetMin: number } | null {
  let best: { order: DateOrder; offsetMin: number; error: number } | null = null
  for (const order of ['mdy', 'dmy'] as const) {
    const naive = samples.map((s) => parseNaiveLocal(s, order)).filter((v) => Number.isFinite(v))
    if (naive.length !== samples.length || naive.length === 0) continue
    const first = Math.min(...naive)
    const rawOffsetMin = (first - referenceUtcMs) / 60_000
    const offsetMin = Math.max(-14 * 60, Math.min(14 * 60, Math.round(rawOffsetMin / 15) * 15))
    const error = Math.abs(first - offsetMin * 60_000 - referenceUtcMs)
    if (!best || error < best.error) best = { order, offsetMin, error }
  }
  return best && { order: best.order, offsetMin: best.offsetMin }
}
