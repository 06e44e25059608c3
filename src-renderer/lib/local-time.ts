/**
 * The one rule for times a person reads or types in case work (annotations, findings): local time
 * with the zone offset of that instant, to the millisecond — "2026-11-26 14:03:05.120 +08:00".
 * Storage stays epoch milliseconds. Parsing takes that text back exactly (the offset settles the
 * hour a DST change repeats), or a local wall time without an offset ("2026-11-26 14:03:05",
 * seconds and milliseconds optional, "T" or a space between date and time), resolved in the local
 * zone: a repeated hour means its first occurrence, a skipped hour is read with the offset before the
 * change (as JavaScript's Date does). The zone is a parameter (`offsetOf`) so tests can fix one.
 */

/** Minutes east of UTC at an instant (e.g. +480 for China, +60/+120 for Berlin). */
export type OffsetOf = (ms: number) => number

const MINUTE = 60_000
const DAY = 86_400_000

/** The machine's zone (from Date, which follows DST). */
export const localOffset: OffsetOf = (ms) => {
  const o = -new Date(ms).getTimezoneOffset()
  return o === 0 ? 0 : o // never -0
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** "+08:00", "-03:30", "+00:00". */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const a = Math.abs(minutes)
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`
}

/** "2026-11-26 14:03:05.120 +08:00" (`withMs` false: "2026-11-26 14:03:05 +08:00"); "—" for no time. Rounds to the millisecond. */
export function formatLocal(ms: number | null | undefined, withMs = true, offsetOf: OffsetOf = localOffset): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—'
  const t = Math.round(ms)
  const off = offsetOf(t)
  const w = new Date(t + off * MINUTE)
  const date = `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`
  const time = `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}${withMs ? `.${pad(w.getUTCMilliseconds(), 3)}` : ''}`
  return `${date} ${time} ${formatOffset(off)}`
}

/** Local time of day with milliseconds, "14:03:05.120", for compact ranges next to a full time. */
export function formatLocalTimeOfDay(ms: number, offsetOf: OffsetOf = localOffset): string {
  if (!Number.isFinite(ms)) return '—'
  return formatLocal(ms, true, offsetOf).slice(11, 23)
}

/** A range: "2026-11-26 14:03:05.120 – 14:03:40.000 +08:00" on one local day and offset, else both in full. */
export function formatLocalRange(start: number, end: number, offsetOf: OffsetOf = localOffset): string {
  const a = formatLocal(start, true, offsetOf)
  const b = formatLocal(end, true, offsetOf)
  return a.slice(0, 10) === b.slice(0, 10) && a.slice(24) === b.slice(24) ? `${a.slice(0, 23)} – ${b.slice(11, 23)} ${a.slice(24)}` : `${a} – ${b}`
}

/** A compact range for lists: "14:03:05.120 – 14:03:40.000 +08:00" (each end with its offset when they differ). */
export function formatLocalClockRange(start: number, end: number, offsetOf: OffsetOf = localOffset): string {
  const a = formatLocal(start, true, offsetOf)
  const b = formatLocal(end, true, offsetOf)
  return a.slice(24) === b.slice(24) ? `${a.slice(11, 23)} – ${b.slice(11, 23)} ${a.slice(24)}` : `${a.slice(11)} – ${b.slice(11)}`
}

const PATTERN = /^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/i

/** Parses what `formatLocal` writes (and the variants above); null when it is not a valid time. */
export function parseLocal(text: string, offsetOf: OffsetOf = localOffset): number | null {
  const m = PATTERN.exec(text)
  if (!m) return null
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i]))
  const s = m[6] ? Number(m[6]) : 0
  const frac = m[7] ? Number(m[7].padEnd(3, '0')) : 0
  if (mo! < 1 || mo! > 12 || d! < 1 || h! > 23 || mi! > 59 || s > 59) return null
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s, frac)
  // Date.UTC rolls 31 April over to 1 May: refuse days the month does not have.
  if (new Date(wall).getUTCDate() !== d || y! < 100) return null
  const zone = m[8]
  if (zone) {
    if (zone.toUpperCase() === 'Z') return wall
    const digits = zone.replace(':', '')
    const oh = Number(digits.slice(1, 3))
    const om = Number(digits.slice(3, 5))
    if (oh > 23 || om > 59) return null
    return wall - (digits[0] === '-' ? -1 : 1) * (oh * 60 + om) * MINUTE
  }
  return resolveWall(wall, offsetOf)
}

/** The instant whose local wall time is `wall` (a wall time written as if UTC). */
export function resolveWall(wall: number, offsetOf: OffsetOf = localOffset): number {
  const before = offsetOf(wall - DAY)
  const after = offsetOf(wall + DAY)
  const fits = [...new Set([before, offsetOf(wall), after])]
    .map((off) => wall - off * MINUTE)
    .filter((t) => offsetOf(t) * MINUTE === wall - t)
    .sort((a, b) => a - b)
  // A skipped wall time (the hour DST jumps over) fits no offset: read it with the offset before.
  return fits[0] ?? wall - before * MINUTE
}
