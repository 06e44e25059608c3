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
  /**
   * When the spec is fixed-width and ends with %L: the length of the text before the milliseconds
   * (everything down to the second), so a caller may reuse the previous text's time when only the
   * last three digits changed (`subSecondMs`). 0 otherwise.
   */
  secondsPrefix: number
}

/**
 * True when `text` starts with `prefix` (a time text down to the second). A slice compared with
 * `===`, not `startsWith` or a char loop: on the regex's sliced match strings those cost ~75 ns a
 * line against ~30 (measured in the log loop), and this test runs on nearly every line.
 */
export function sameSecondPrefix(text: string, prefix: string): boolean {
  return text.slice(0, prefix.length) === prefix
}

/** The milliseconds of the three digits ending `text` (a text of a format with `secondsPrefix`), or -1. */
export function subSecondMs(text: string, prefix: number): number {
  const a = text.charCodeAt(prefix) - 48
  const b = text.charCodeAt(prefix + 1) - 48
  const c = text.charCodeAt(prefix + 2) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 && c >= 0 && c <= 9 ? a * 100 + b * 10 + c : -1
}

/** Fields an op writes (indexes into the scratch array of `run`). */
const F_YEAR = 0, F_MONTH = 1, F_DAY = 2, F_HOUR = 3, F_MINUTE = 4, F_SECOND = 5, F_MS = 6, F_EPOCH = 7, F_ELAPSED = 8

/** Op kinds. */
const K_NUM = 0, K_LIT = 1, K_SPACE = 2, K_FRAC = 3, K_ZONE = 4, K_MONTH = 5, K_WORD = 6, K_AMPM = 7

interface Op {
  k: number
  /** K_NUM: field, digit count max/min, and whether it is a 2-digit year. */
  field: number
  max: number
  min: number
  /** K_LIT: the char code. */
  ch: number
}

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
    if (c === ' ') { ops.push(op(K_SPACE)); continue }
    if (c !== '%') { ops.push({ ...op(K_LIT), ch: spec.charCodeAt(i) }); continue }
    const tok = spec[++i]
    if (tok === undefined) throw new Error(`"${spec}": lone % at the end`)
    seen.add(tok)
    const o = tokenOp(tok)
    if (!o) throw new Error(`"${spec}": unknown token %${tok}`)
    ops.push(o)
  }
  const kind = kindOf(seen, spec)
  const fixed = fixedLayout(ops)
  const scratch = new Float64Array(9)
  const lastOp = ops[ops.length - 1]
  const endsWithMs = fixed !== null && !fixed.frac && lastOp !== undefined && lastOp.k === K_NUM && lastOp.field === F_MS
  return {
    spec, kind,
    secondsPrefix: endsWithMs ? fixed.len - 3 : 0,
    parse: (text, out) => (fixed !== null && runFixed(fixed, text, out)) || run(ops, text, out, scratch),
  }
}

function op(k: number): Op {
  return { k, field: 0, max: 0, min: 0, ch: 0 }
}

function num(field: number, max: number, min = 1): Op {
  return { k: K_NUM, field, max, min, ch: 0 }
}

function tokenOp(tok: string): Op | null {
  switch (tok) {
    case 'Y': return num(F_YEAR, 4, 4)
    case 'y': return { ...num(F_YEAR, 2, 2), ch: 1 }
    case 'm': return num(F_MONTH, 2)
    case 'd': case 'e': return num(F_DAY, 2)
    case 'H': case 'I': return num(F_HOUR, 2)
    case 'M': return num(F_MINUTE, 2)
    case 'S': return num(F_SECOND, 2)
    case 'L': return num(F_MS, 3)
    case 's': return { ...num(F_EPOCH, 12), ch: 1000 }
    case 'Q': return { ...num(F_EPOCH, 15), ch: 1 }
    case 'E': return num(F_ELAPSED, 10)
    case 'f': return op(K_FRAC)
    case 'z': return op(K_ZONE)
    case 'b': case 'B': return op(K_MONTH)
    case 'a': case 'A': return op(K_WORD)
    case 'p': return op(K_AMPM)
    case '%': return { ...op(K_LIT), ch: 37 }
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

/**
 * The fast path: a spec made only of fixed-width date/time numbers (%Y %y %m %d %H %M %S %L), single
 * literal characters and at most a trailing %f reads each field at a known offset. Any surprise
 * (padding spaces, short fields) falls back to the general reader.
 */
interface Fixed { len: number; fields: Int32Array; frac: boolean; lits: Int32Array }

function fixedLayout(ops: readonly Op[]): Fixed | null {
  const fields: number[] = []
  const lits: number[] = []
  let pos = 0
  let frac = false
  for (const [i, o] of ops.entries()) {
    if (o.k === K_LIT) { lits.push(pos, o.ch); pos++; continue }
    if (o.k === K_SPACE) { lits.push(pos, 32); pos++; continue }
    if (o.k === K_FRAC && i === ops.length - 1) { frac = true; continue }
    if (o.k !== K_NUM || o.field > F_MS || o.max !== (o.field === F_YEAR && o.ch === 0 ? 4 : o.field === F_MS ? 3 : 2)) return null
    fields.push(pos, o.max, o.field, o.ch)
    pos += o.max
  }
  return { len: pos, fields: Int32Array.from(fields), frac, lits: Int32Array.from(lits) }
}

function runFixed(f: Fixed, s: string, out: TimeParts): boolean {
  const n = s.length
  if (f.frac ? n < f.len + 1 || n > f.len + 9 : n !== f.len) return false
  const lits = f.lits
  for (let i = 0; i < lits.length; i += 2) if (s.charCodeAt(lits[i]!) !== lits[i + 1]) return false
  let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0
  const fields = f.fields
  for (let i = 0; i < fields.length; i += 4) {
    const at = fields[i]!
    const width = fields[i + 1]!
    let v = 0
    for (let k = 0; k < width; k++) {
      const d = s.charCodeAt(at + k) - 48
      if (d < 0 || d > 9) return false
      v = v * 10 + d
    }
    switch (fields[i + 2]) {
      case F_YEAR: year = fields[i + 3] === 1 ? v + (v < 70 ? 2000 : 1900) : v; break
      case F_MONTH: month = v; break
      case F_DAY: day = v; break
      case F_HOUR: hour = v; break
      case F_MINUTE: minute = v; break
      case F_SECOND: second = v; break
      default: ms = v
    }
  }
  if (f.frac) {
    let v = 0
    let scale = 1000
    for (let p = f.len; p < n; p++) {
      const d = s.charCodeAt(p) - 48
      if (d < 0 || d > 9) return false
      scale /= 10
      v += d * scale
    }
    ms = v
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return false
  out.year = year; out.month = month; out.day = day; out.hour = hour; out.minute = minute; out.second = second; out.ms = ms
  out.offsetMin = NaN; out.epochMs = NaN; out.elapsedMs = NaN; out.ampm = 0
  return true
}

/** The general reader: padding spaces, variable widths, names, zones, epochs. */
function run(ops: readonly Op[], s: string, out: TimeParts, v: Float64Array): boolean {
  v[F_YEAR] = 0; v[F_MONTH] = 1; v[F_DAY] = 1; v[F_HOUR] = 0; v[F_MINUTE] = 0; v[F_SECOND] = 0; v[F_MS] = 0
  v[F_EPOCH] = NaN; v[F_ELAPSED] = NaN
  let offsetMin = NaN
  let ampm = 0
  let p = 0
  const n = s.length
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i]!
    switch (o.k) {
      case K_LIT:
        if (s.charCodeAt(p) !== o.ch) return false
        p++
        break
      case K_SPACE:
        if (s.charCodeAt(p) !== 32 && s.charCodeAt(p) !== 9) return false
        while (s.charCodeAt(p) === 32 || s.charCodeAt(p) === 9) p++
        break
      case K_NUM: {
        while (s.charCodeAt(p) === 32) p++
        const start = p
        let x = 0
        while (p - start < o.max && p < n) {
          const d = s.charCodeAt(p) - 48
          if (d < 0 || d > 9) break
          x = x * 10 + d
          p++
        }
        if (p - start < o.min) return false
        if (o.field === F_YEAR && o.ch === 1) x += x < 70 ? 2000 : 1900
        else if (o.field === F_EPOCH) x *= o.ch
        else if (o.field === F_ELAPSED) x *= 1000
        v[o.field] = x
        break
      }
      case K_FRAC: {
        const start = p
        let x = 0
        let scale = 1000
        while (p < n && p - start < 9) {
          const d = s.charCodeAt(p) - 48
          if (d < 0 || d > 9) break
          scale /= 10
          x += d * scale
          p++
        }
        if (p === start) return false
        // %f after %s / %E adds to the epoch or elapsed value instead of the ms field.
        if (!Number.isNaN(v[F_EPOCH]!)) v[F_EPOCH] = v[F_EPOCH]! + x
        else if (!Number.isNaN(v[F_ELAPSED]!)) v[F_ELAPSED] = v[F_ELAPSED]! + x
        else v[F_MS] = x
        break
      }
      case K_ZONE: {
        const r = readZone(s, p)
        if (r < 0) return false
        p = r
        offsetMin = zoneValue
        break
      }
      case K_MONTH: {
        const m = MONTHS.indexOf(s.slice(p, p + 3).toLowerCase())
        if (m < 0) return false
        v[F_MONTH] = m + 1
        p += 3
        while (isLetter(s.charCodeAt(p))) p++
        break
      }
      case K_WORD:
        if (!isLetter(s.charCodeAt(p))) return false
        while (isLetter(s.charCodeAt(p))) p++
        break
      case K_AMPM: {
        const c = s.charCodeAt(p) | 32
        if ((c !== 97 && c !== 112) || (s.charCodeAt(p + 1) | 32) !== 109) return false
        ampm = c === 97 ? 1 : 2
        p += 2
        break
      }
    }
  }
  while (s.charCodeAt(p) === 32) p++
  if (p !== n) return false
  let hour = v[F_HOUR]!
  if (!Number.isNaN(v[F_ELAPSED]!) && v[F_MS] !== 0) v[F_ELAPSED] = v[F_ELAPSED]! + v[F_MS]!
  if (ampm !== 0) {
    if (hour < 1 || hour > 12) return false
    if (ampm === 1 && hour === 12) hour = 0
    if (ampm === 2 && hour < 12) hour += 12
  }
  const month = v[F_MONTH]!, day = v[F_DAY]!, minute = v[F_MINUTE]!, second = v[F_SECOND]!
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 24 && minute <= 59 && second <= 60)) return false
  out.year = v[F_YEAR]!; out.month = month; out.day = day; out.hour = hour; out.minute = minute; out.second = second; out.ms = v[F_MS]!
  out.offsetMin = offsetMin; out.epochMs = v[F_EPOCH]!; out.elapsedMs = v[F_ELAPSED]!; out.ampm = ampm
  return true
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
