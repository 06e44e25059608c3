/**
 * strftime-like time specs compiled into small, allocation-free parsers. Supported tokens:
 * %Y %y %m %d %e %H %I %p %M %S %L (ms, 1-3 digits) %f (fraction, 1-9 digits) %z %b %B %a %s (epoch
 * seconds) %Q (epoch ms) %E (seconds elapsed since the log started) %%. Numeric fields accept leading
 * space padding; a space in the spec matches one or more spaces. The whole text must be consumed.
 */

/** What a spec can tell about an instant. */
export type TimeKind = 'full' | 'no-year' | 'time-only' | 'epoch' | 'elapsed'

/** Fields read from one time text; reused between calls (no allocation per line). */
export interface TimeParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** Milliseconds within the second, may be fractional (µs precision from %f). */
  ms: number
  /** Minutes east of UTC read from %z, or NaN. */
  offsetMin: number
  /** Epoch ms from %s / %Q, or NaN. */
  epochMs: number
  /** Elapsed ms from %E, or NaN. */
  elapsedMs: number
  /** 0 = no %p, 1 = AM, 2 = PM. */
  ampm: number
}

/** A compiled spec. */
export interface TimeFormat {
  spec: string
  kind: TimeKind
  /** Reads `text` into `out`; false when it does not fit the spec. */
  parse(text: string, out: TimeParts): boolean
}

type Op =
  | { t: 'num'; field: keyof TimeParts; max: number; min: number; max2: number }
  | { t: 'lit'; ch: number }
  | { t: 'space' }
  | { t: 'frac' } | { t: 'zone' } | { t: 'month-name' } | { t: 'word' } | { t: 'ampm' }

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** A fresh parts object. */
export function newTimeParts(): TimeParts {
  return { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, ms: 0, offsetMin: NaN, epochMs: NaN, elapsedMs: NaN, ampm: 0 }
}

/** Compiles a spec; throws an Error naming the bad token (callers validate definitions with it). */
export function compileTimeFormat(spec: string): TimeFormat {
  const ops: Op[] = []
  const seen = new Set<string>()
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i]!
    if (c === ' ') { ops.push({ t: 'space' }); continue }
    if (c !== '%') { ops.push({ t: 'lit', ch: spec.charCodeAt(i) }); continue }
    const tok = spec[++i]
    if (tok === undefined) throw new Error(`"${spec}": lone % at the end`)
    seen.add(tok)
    const op = tokenOp(tok)
    if (!op) throw new Error(`"${spec}": unknown token %${tok}`)
    ops.push(op)
  }
  const kind = kindOf(seen, spec)
  return { spec, kind, parse: (text, out) => run(ops, text, out) }
}

function num(field: keyof TimeParts, max: number, min = 1): Op {
  return { t: 'num', field, max, min, max2: max }
}

function tokenOp(tok: string): Op | null {
  switch (tok) {
    case 'Y': return num('year', 4, 4)
    case 'y': return num('year', 2, 2)
    case 'm': return num('month', 2)
    case 'd': case 'e': return num('day', 2)
    case 'H': case 'I': return num('hour', 2)
    case 'M': return num('minute', 2)
    case 'S': return num('second', 2)
    case 'L': return num('ms', 3)
    case 's': return num('epochMs', 12)
    case 'Q': return num('epochMs', 15)
    case 'E': return num('elapsedMs', 10)
    case 'f': return { t: 'frac' }
    case 'z': return { t: 'zone' }
    case 'b': case 'B': return { t: 'month-name' }
    case 'a': case 'A': return { t: 'word' }
    case 'p': return { t: 'ampm' }
    case '%': return { t: 'lit', ch: 37 }
    default: return null
  }
}

function kindOf(seen: Set<string>, spec: string): TimeKind {
  if (seen.has('s') || seen.has('Q')) return 'epoch'
  if (seen.has('E')) return 'elapsed'
  const hasMonth = seen.has('m') || seen.has('b') || seen.has('B')
  const hasDay = seen.has('d') || seen.has('e')
  if (!seen.has('H') && !seen.has('I')) throw new Error(`"${spec}": needs an hour (%H or %I) or an epoch token`)
  if (!hasMonth || !hasDay) return 'time-only'
  return seen.has('Y') || seen.has('y') ? 'full' : 'no-year'
}

function run(ops: readonly Op[], s: string, out: TimeParts): boolean {
  out.year = 0; out.month = 1; out.day = 1; out.hour = 0; out.minute = 0; out.second = 0; out.ms = 0
  out.offsetMin = NaN; out.epochMs = NaN; out.elapsedMs = NaN; out.ampm = 0
  let p = 0
  const n = s.length
  for (const op of ops) {
    switch (op.t) {
      case 'lit':
        if (s.charCodeAt(p) !== op.ch) return false
        p++
        break
      case 'space':
        if (s.charCodeAt(p) !== 32 && s.charCodeAt(p) !== 9) return false
        while (s.charCodeAt(p) === 32 || s.charCodeAt(p) === 9) p++
        break
      case 'num': {
        while (s.charCodeAt(p) === 32) p++
        const start = p
        let v = 0
        while (p - start < op.max && p < n) {
          const d = s.charCodeAt(p) - 48
          if (d < 0 || d > 9) break
          v = v * 10 + d
          p++
        }
        if (p - start < op.min) return false
        if (op.field === 'year' && op.max === 2) v += v < 70 ? 2000 : 1900
        if (op.field === 'epochMs') v = op.max === 12 ? v * 1000 : v
        if (op.field === 'elapsedMs') v *= 1000
        out[op.field] = v
        break
      }
      case 'frac': {
        const start = p
        let v = 0
        let scale = 1000
        while (p < n && p - start < 9) {
          const d = s.charCodeAt(p) - 48
          if (d < 0 || d > 9) break
          scale /= 10
          v += d * scale
          p++
        }
        if (p === start) return false
        // %f after %s / %E adds to the epoch or elapsed value instead of the ms field.
        if (!Number.isNaN(out.epochMs)) out.epochMs += v
        else if (!Number.isNaN(out.elapsedMs)) out.elapsedMs += v
        else out.ms = v
        break
      }
      case 'zone': {
        const r = readZone(s, p)
        if (r < 0) return false
        p = r
        out.offsetMin = zoneValue
        break
      }
      case 'month-name': {
        const m = MONTHS.indexOf(s.slice(p, p + 3).toLowerCase())
        if (m < 0) return false
        out.month = m + 1
        p += 3
        while (isLetter(s.charCodeAt(p))) p++
        break
      }
      case 'word':
        if (!isLetter(s.charCodeAt(p))) return false
        while (isLetter(s.charCodeAt(p))) p++
        break
      case 'ampm': {
        const c = s.charCodeAt(p) | 32
        if ((c !== 97 && c !== 112) || (s.charCodeAt(p + 1) | 32) !== 109) return false
        out.ampm = c === 97 ? 1 : 2
        p += 2
        break
      }
    }
  }
  while (s.charCodeAt(p) === 32) p++
  if (p !== n) return false
  if (!Number.isNaN(out.elapsedMs) && out.ms !== 0) out.elapsedMs += out.ms
  if (out.ampm !== 0) {
    if (out.hour < 1 || out.hour > 12) return false
    if (out.ampm === 1 && out.hour === 12) out.hour = 0
    if (out.ampm === 2 && out.hour < 12) out.hour += 12
  }
  return out.month >= 1 && out.month <= 12 && out.day >= 1 && out.day <= 31 && out.hour <= 24 && out.minute <= 59 && out.second <= 60
}

let zoneValue = 0

/** Reads Z, ±HH, ±HHMM or ±HH:MM at p; returns the new position (zone in `zoneValue`) or -1. */
function readZone(s: string, p: number): number {
  const c = s.charCodeAt(p)
  if (c === 90 || c === 122) { zoneValue = 0; return p + 1 }
  if (c !== 43 && c !== 45) return -1
  const d = (i: number): number => { const v = s.charCodeAt(i) - 48; return v >= 0 && v <= 9 ? v : -1 }
  const h1 = d(p + 1), h2 = d(p + 2)
  if (h1 < 0 || h2 < 0) return -1
  let q = p + 3
  if (s.charCodeAt(q) === 58) q++
  const m1 = d(q), m2 = d(q + 1)
  let minutes = (h1 * 10 + h2) * 60
  if (m1 >= 0 && m2 >= 0) { minutes += m1 * 10 + m2; q += 2 } else q = p + 3
  zoneValue = c === 45 ? -minutes : minutes
  return q
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
}
