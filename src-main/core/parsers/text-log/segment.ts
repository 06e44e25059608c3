/**
 * Parsing one text log in two segments (the job layer runs them on two threads) and merging the two
 * results into exactly what one pass over the whole log gives. A second segment starts at a line
 * that starts a record with a time that parses on its own (`recordStartTest`), so from its first line
 * on the parser's state (current time, level, records seen) is what a single pass would have there.
 * That holds only for formats without date headers whose record times carry a full date or an
 * epoch (`segmentable`): year roll-over, midnight roll-over and elapsed times depend on earlier lines.
 *
 * `mergeSegments` rebuilds the end-of-parse figures (caps on events, counts and "first at line" in
 * diagnostics) from both results. It reads the TextLogParser's diagnostics back, so it returns null
 * whenever it meets one it does not recognise or a case it cannot decide exactly (an event cap
 * reached, a stream registered differently): the caller then parses the log in one pass instead.
 */
import type { CallEvent, ConnectionInfo, Diagnostic, ParsedEntry, Scalar, SeriesData, StreamInfo } from '../../model/call'
import { type CompiledPattern, compileLogFormat } from './compile'
import { firstCharOk } from './regex-source'
import { newTimeParts } from './time-format'
import type { LogFormatDefinition } from './types'

/** The TextLogParser's caps (parser.ts); a unit test checks they still agree. */
export const PARSER_MAX_EVENTS = 100_000
export const PARSER_MAX_ERROR_EVENTS = 500

const ERROR_EVENT = 'log.error'

/** Why a definition cannot be parsed in segments, or null when it can. */
export function unsegmentableReason(def: LogFormatDefinition): string | null {
  if (def.dateHeaders.length > 0) return 'date headers date the lines after them'
  const cf = compileLogFormat(def)
  for (const p of cf.patterns) {
    if (p.time === 0) continue
    if (p.timeFormats.length !== 1) return 'a pattern has several time formats (the one tried first depends on earlier lines)'
    const kind = p.timeFormats[0]!.kind
    if (kind !== 'full' && kind !== 'epoch') return `a pattern's times are ${kind} (they depend on earlier lines)`
  }
  if (def.extractors.some((x) => x.event?.type === ERROR_EVENT)) return `an extractor makes ${ERROR_EVENT} events (capped together with the error lines')`
  return null
}

/**
 * A test for "this line starts a record whose time parses": the first pattern the parser would match
 * has a time group, and the time text gives a time without looking at any other line. `line` has no
 * terminator (as the parser gets it). Only meaningful for a segmentable definition.
 */
export function recordStartTest(def: LogFormatDefinition, assumedUtcOffsetMin = 0): (line: string) => boolean {
  const patterns = compileLogFormat(def).patterns
  const parts = newTimeParts()
  const timed = (p: CompiledPattern, m: RegExpExecArray): boolean => {
    if (p.time === 0 || p.timeFormats.length !== 1) return false
    const text = m[p.time]
    const f = p.timeFormats[0]!
    if (text === undefined || !f.parse(text, parts)) return false
    if (f.kind === 'epoch') return Number.isFinite(parts.epochMs)
    if (f.kind !== 'full') return false
    const offsetMin = parts.offsetMin === parts.offsetMin ? parts.offsetMin : assumedUtcOffsetMin
    const t = Date.UTC(parts.year, parts.month - 1, parts.day) + ((parts.hour * 60 + parts.minute) * 60 + parts.second) * 1000 + parts.ms - offsetMin * 60_000
    return Number.isFinite(t)
  }
  return (line) => {
    for (const p of patterns) {
      if (!firstCharOk(p.firstChar, line)) continue
      const m = p.re.exec(line)
      if (m !== null) return timed(p, m)
    }
    return false
  }
}

// ---- merging -------------------------------------------------------------------------------------

/** The parser's end-of-parse diagnostics (parser.ts `diagnose`), read back into numbers. */
interface Figures {
  noRecords: boolean
  preamble: Diagnostic | null
  unmatched: { n: number; first: number } | null
  badTimes: { n: number; first: number; text: string } | null
  droppedEvents: number
  droppedErrors: number
  untimedEvents: Diagnostic | null
  untimedPoints: Diagnostic | null
}

const RE_NO_RECORDS = /^no line matched the record patterns of "/
const RE_PREAMBLE = /^\d+ line\(s\) before the first record \(header or preamble\) kept without a time$/
const RE_UNMATCHED = /^(\d+) line\(s\) matched no record pattern \(first at line (\d+)\); kept without a time$/
const RE_BAD_TIMES = /^(\d+) time text\(s\) fit none of the time formats \(first at line (\d+): "([\s\S]*)"\)$/
const RE_DROPPED_EVENTS = /^(\d+) event\(s\) dropped beyond the limit of \d+$/
const RE_DROPPED_ERRORS = /^(\d+) more error line\(s\) not turned into log\.error events \(limit \d+\); they remain in the log$/
const RE_UNTIMED_EVENTS = /^events found on lines without a time \(none before them either\) are not placed on the timeline: /
const RE_UNTIMED_POINTS = /^\d+ series value\(s\) skipped: their lines carry no time$/

function figures(diagnostics: readonly Diagnostic[]): Figures | null {
  const f: Figures = { noRecords: false, preamble: null, unmatched: null, badTimes: null, droppedEvents: 0, droppedErrors: 0, untimedEvents: null, untimedPoints: null }
  for (const d of diagnostics) {
    const msg = d.message
    let m: RegExpExecArray | null
    if (RE_NO_RECORDS.test(msg)) f.noRecords = true
    else if (RE_PREAMBLE.test(msg)) f.preamble = d
    else if ((m = RE_UNMATCHED.exec(msg)) !== null) f.unmatched = { n: Number(m[1]), first: Number(m[2]) }
    else if ((m = RE_BAD_TIMES.exec(msg)) !== null) f.badTimes = { n: Number(m[1]), first: Number(m[2]), text: m[3]! }
    else if ((m = RE_DROPPED_EVENTS.exec(msg)) !== null) f.droppedEvents = Number(m[1])
    else if ((m = RE_DROPPED_ERRORS.exec(msg)) !== null) f.droppedErrors = Number(m[1])
    else if (RE_UNTIMED_EVENTS.test(msg)) f.untimedEvents = d
    else if (RE_UNTIMED_POINTS.test(msg)) f.untimedPoints = d
    else return null
  }
  return f
}

const seriesKey = (s: SeriesData): string => `${s.metric}\u0000${s.streamKey ?? ''}\u0000${s.connectionKey ?? ''}`

/** Two ascending time columns end to end, stably re-sorted when the second starts before the first ends (as the parser sorts). */
function concatColumns(a: SeriesData, b: SeriesData): { t: Float64Array; v: Float64Array } {
  const na = a.t.length
  const nb = b.t.length
  const t = new Float64Array(na + nb)
  const v = new Float64Array(na + nb)
  if (na === 0 || nb === 0 || a.t[na - 1]! <= b.t[0]!) {
    t.set(a.t)
    t.set(b.t, na)
    v.set(a.v)
    v.set(b.v, na)
    return { t, v }
  }
  // Both runs are sorted: a stable merge (ties keep the first segment's points first).
  let i = 0
  let j = 0
  for (let k = 0; k < na + nb; k++) {
    if (j >= nb || (i < na && a.t[i]! <= b.t[j]!)) {
      t[k] = a.t[i]!
      v[k] = a.v[i++]!
    } else {
      t[k] = b.t[j]!
      v[k] = b.v[j++]!
    }
  }
  return { t, v }
}

/**
 * The result of one pass over a log from the results of its two segments: `first` parsed lines
 * 1..lineOffset, `second` the rest, numbered from 1. Both must be TextLogParser results of the same
 * segmentable definition, `second` starting at a line `recordStartTest` accepts. Null when the merge
 * cannot be exact (see the file comment). Does not modify its arguments.
 */
export function mergeSegments(first: ParsedEntry, second: ParsedEntry, lineOffset: number): ParsedEntry | null {
  const fa = figures(first.diagnostics)
  const fb = figures(second.diagnostics)
  if (fa === null || fb === null) return null
  // A first segment without records, capped events, or lines without a time in the second: decided in one pass.
  if (fa.noRecords || fb.noRecords || fb.preamble || fb.untimedEvents || fb.untimedPoints) return null
  if (fa.droppedEvents > 0 || fb.droppedEvents > 0) return null
  if (first.events.length + second.events.length + PARSER_MAX_ERROR_EVENTS >= PARSER_MAX_EVENTS) return null

  // Events: the second segment's error events fill what the first left of the cap, in line order.
  const errorsA = first.events.reduce((n, e) => n + (e.type === ERROR_EVENT ? 1 : 0), 0)
  if (errorsA < PARSER_MAX_ERROR_EVENTS && fa.droppedErrors > 0) return null
  const errorLinesB = second.events.filter((e) => e.type === ERROR_EVENT).map((e) => e.line ?? 0).sort((x, y) => x - y)
  const candidatesB = errorLinesB.length + fb.droppedErrors
  const keepB = Math.min(Math.max(0, PARSER_MAX_ERROR_EVENTS - errorsA), candidatesB)
  if (keepB > errorLinesB.length) return null
  const lastKeptLine = keepB > 0 ? errorLinesB[keepB - 1]! : -Infinity
  const events: CallEvent[] = first.events.slice()
  for (const e of second.events) {
    if (e.type === ERROR_EVENT && !((e.line ?? 0) <= lastKeptLine)) continue
    events.push(e.line === undefined ? { ...e } : { ...e, line: e.line + lineOffset })
  }
  if (events.some((e, i) => i > 0 && e.t < events[i - 1]!.t)) events.sort((a, b) => (a.t - b.t) || ((a.line ?? 0) - (b.line ?? 0)))
  const droppedErrors = fa.droppedErrors + candidatesB - keepB

  // Series: same key = one series (columns end to end), new keys after the first segment's.
  const seriesB = new Map(second.series.map((s) => [seriesKey(s), s]))
  const series: SeriesData[] = first.series.map((a) => {
    const b = seriesB.get(seriesKey(a))
    if (!b) return a
    seriesB.delete(seriesKey(a))
    return { ...a, ...concatColumns(a, b) }
  })
  series.push(...seriesB.values())

  // Streams are registered when a series first appears: one the first segment has a series of but did not register is undecidable here.
  const streamKeys = new Set(first.streams.map((s) => s.key))
  const streams: StreamInfo[] = first.streams.slice()
  for (const s of second.streams) {
    if (streamKeys.has(s.key)) continue
    if (first.series.some((x) => x.streamKey === s.key)) return null
    streamKeys.add(s.key)
    streams.push(s)
  }
  const connectionKeys = new Set(first.connections.map((c) => c.key))
  const connections: ConnectionInfo[] = first.connections.slice()
  for (const c of second.connections) if (!connectionKeys.has(c.key)) connections.push(c)

  // Meta: first value wins; `untimedEvents` is written last, at the end of the parse.
  const meta: Record<string, Scalar> = {}
  for (const [k, v] of Object.entries(first.meta)) if (k !== 'untimedEvents') meta[k] = v
  for (const [k, v] of Object.entries(second.meta)) if (!(k in meta) && k !== 'untimedEvents') meta[k] = v
  if ('untimedEvents' in first.meta) meta.untimedEvents = first.meta.untimedEvents!

  // Diagnostics, in the parser's order.
  const diagnostics: Diagnostic[] = []
  if (fa.preamble) diagnostics.push(fa.preamble)
  const unmatchedN = (fa.unmatched?.n ?? 0) + (fb.unmatched?.n ?? 0)
  if (unmatchedN > 0) {
    const line = fa.unmatched ? fa.unmatched.first : fb.unmatched!.first + lineOffset
    diagnostics.push({ severity: 'warning', line, message: `${unmatchedN} line(s) matched no record pattern (first at line ${line}); kept without a time` })
  }
  const badN = (fa.badTimes?.n ?? 0) + (fb.badTimes?.n ?? 0)
  if (badN > 0) {
    const firstBad = fa.badTimes ? fa.badTimes : { ...fb.badTimes!, first: fb.badTimes!.first + lineOffset }
    diagnostics.push({
      severity: 'warning', line: firstBad.first,
      message: `${badN} time text(s) fit none of the time formats (first at line ${firstBad.first}: "${firstBad.text}")`,
    })
  }
  if (droppedErrors > 0) {
    diagnostics.push({ severity: 'info', message: `${droppedErrors} more error line(s) not turned into log.error events (limit ${PARSER_MAX_ERROR_EVENTS}); they remain in the log` })
  }
  if (fa.untimedEvents) diagnostics.push(fa.untimedEvents)
  if (fa.untimedPoints) diagnostics.push(fa.untimedPoints)

  return {
    kind: first.kind, format: first.format, connections, streams, series, events, diagnostics,
    summaries: [...first.summaries, ...second.summaries], meta, logLineCount: first.logLineCount + second.logLineCount,
  }
}
