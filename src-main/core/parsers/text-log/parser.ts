/**
 * The line loop of the declarative text-log engine (a LineParser). Per line: a first-character check
 * and one regex exec per candidate pattern, a cached time parse (consecutive lines often share their
 * time text), a cached level lookup, one LogLine object into the current batch (none when nothing
 * consumes the lines: `ctx.discardLogs`), and the extractors only when the keyword scan finds one of
 * their keywords (`KeywordSet`; the message is scanned in place in the line, not copied first). Everything kept past the line (event text, meta, keys) is
 * rendered through templates, which copy (`detach`) so no 64 KiB chunk stays alive through a slice.
 */
import type { CallEvent, LogLevel, LogLine, ParsedEntry, Scalar, StreamInfo } from '../../model/call'
import { emptyEntry } from '../../model/call'
import type { LineParser, ParseContext } from '../../model/parser'
import type { CompiledExtractor, CompiledFormat, CompiledPattern, CompiledSeries } from './compile'
import { type GroupReader, detach } from './template'
import { type TimeKind, newTimeParts, sameSecondPrefix, subSecondMs } from './time-format'

/** Log lines per `emitLogs` call. */
export const LOG_BATCH = 2048
const MAX_EVENTS = 100_000
const MAX_ERROR_EVENTS = 500
const MAX_MESSAGE = 500
const DAY = 86_400_000
const HALF_DAY = DAY / 2

class SeriesBuf {
  t = new Float64Array(64)
  v = new Float64Array(64)
  n = 0
  sorted = true
  constructor(readonly metric: string, readonly unit: string, readonly streamKey: string, readonly connectionKey: string) {}

  push(t: number, v: number): void {
    if (this.n === this.t.length) {
      const t2 = new Float64Array(this.n * 2)
      const v2 = new Float64Array(this.n * 2)
      t2.set(this.t)
      v2.set(this.v)
      this.t = t2
      this.v = v2
    }
    if (this.n > 0 && t < this.t[this.n - 1]!) this.sorted = false
    this.t[this.n] = t
    this.v[this.n] = v
    this.n++
  }

  columns(): { t: Float64Array; v: Float64Array } {
    const t = this.t.slice(0, this.n)
    const v = this.v.slice(0, this.n)
    if (this.sorted) return { t, v }
    const order = Array.from({ length: this.n }, (_, i) => i).sort((a, b) => t[a]! - t[b]! || a - b)
    return { t: Float64Array.from(order, (i) => t[i]!), v: Float64Array.from(order, (i) => v[i]!) }
  }
}

/** A record's message: the rest of the line from `rest` (when >= 0), else its message group. */
function messageOf(m: RegExpExecArray, p: CompiledPattern, line: string, rest: number): string {
  return rest >= 0 ? line.slice(rest) : (m[p.message] ?? '')
}

/** -1 = no constraint, -2 = a digit, else the char code a matching line starts with. */
function firstCode(p: CompiledPattern): number {
  const fc = p.firstChar
  return fc === null ? -1 : fc.kind === 'digit' ? -2 : fc.code
}

export class TextLogParser implements LineParser {
  readonly mode = 'lines' as const
  private readonly entry: ParsedEntry
  private readonly pats: CompiledPattern[]
  private readonly codes: Int32Array
  private batch: LogLine[] = []
  /** False when nothing consumes the lines (`ctx.discardLogs`): they are counted, never built. */
  private readonly keep: boolean
  /** Lines emitted (or counted, when not kept). */
  private emitted = 0
  private records = 0
  private preamble = 0
  private unmatched = 0
  private firstUnmatched = 0
  private curT = NaN
  private curLevel: LogLevel | undefined = undefined
  private readonly defaultLevel: LogLevel | undefined
  private lastLevelRaw: string | undefined = undefined
  private lastLevel: LogLevel | undefined = undefined
  // time state
  private readonly parts = newTimeParts()
  private lastTimeText: string | undefined = undefined
  private lastTimePat: CompiledPattern | null = null
  private lastTimeValue = NaN
  /** The last fully parsed time text down to the second (see `TimeFormat.secondsPrefix`), or null; its time without the ms, and time of day. */
  private secondText: string | null = null
  private secondBase = NaN
  private secondTod = 0
  private headerDay = NaN
  private headerYear = NaN
  private headerTime = NaN
  private dayOffset = 0
  private lastTod = -1
  private year = NaN
  private lastMonth = 0
  private dayKey = -1
  private dayMs = 0
  private badTimes = 0
  private firstBadTime: { line: number; text: string } | null = null
  private readonly notes = new Set<string>()
  // outputs
  private readonly series = new Map<string, SeriesBuf>()
  private readonly streamKeys = new Set<string>()
  private readonly connectionKeys = new Set<string>()
  private droppedEvents = 0
  private errorEvents = 0
  private droppedErrorEvents = 0
  private untimedPoints = 0
  private readonly untimedEvents = new Map<string, number>()
  /** Per series spec (`slot`): the buffer it wrote to last. */
  private readonly lastSeries: (SeriesBuf | undefined)[] = []
  /** Scratch marks of the keywords found in the current message / line (cleared after use). */
  private readonly messageFound: Uint8Array
  private readonly lineFound: Uint8Array

  constructor(private readonly cf: CompiledFormat, private readonly ctx: ParseContext) {
    this.entry = emptyEntry('text-log', `log/${cf.def.id}`)
    this.entry.meta.logFormat = cf.def.title
    this.pats = cf.patterns
    this.codes = Int32Array.from(cf.patterns, firstCode)
    this.defaultLevel = cf.def.defaultLevel
    this.keep = ctx.discardLogs !== true
    this.messageFound = new Uint8Array(cf.messageTrigger?.words.length ?? 0)
    this.lineFound = new Uint8Array(cf.lineTrigger?.words.length ?? 0)
  }

  pushLine(line: string, lineNo: number): void {
    const pats = this.pats
    const codes = this.codes
    const c0 = line.charCodeAt(0)
    for (let i = 0; i < pats.length; i++) {
      const code = codes[i]!
      if (code !== -1 && (code === -2 ? !(c0 >= 48 && c0 <= 57) : c0 !== code)) continue
      const p = pats[i]!
      const m = p.re.exec(line)
      if (m !== null) {
        this.record(m, p, line, lineNo)
        return
      }
    }
    this.other(line, lineNo)
  }

  end(): ParsedEntry {
    this.flush()
    const entry = this.entry
    for (const buf of this.series.values()) {
      const { t, v } = buf.columns()
      const s: ParsedEntry['series'][number] = { metric: buf.metric, unit: buf.unit, t, v }
      if (buf.streamKey) s.streamKey = buf.streamKey
      if (buf.connectionKey) s.connectionKey = buf.connectionKey
      entry.series.push(s)
    }
    if (entry.events.some((e, i) => i > 0 && e.t < entry.events[i - 1]!.t)) {
      entry.events.sort((a, b) => (a.t - b.t) || ((a.line ?? 0) - (b.line ?? 0)))
    }
    entry.logLineCount = this.emitted
    this.diagnose()
    return entry
  }

  // ---- records -------------------------------------------------------------------------------------

  private record(m: RegExpExecArray, p: CompiledPattern, line: string, lineNo: number): void {
    let t = NaN
    if (p.time !== 0) {
      const text = m[p.time]
      if (text !== undefined) t = this.timeOf(text, p, lineNo)
    }
    if (t === t) this.curT = t
    let level = this.defaultLevel
    if (p.level !== 0) {
      const raw = m[p.level]
      if (raw !== undefined) level = raw === this.lastLevelRaw ? this.lastLevel : this.levelOf(raw)
    }
    // Where the message starts when it is the rest of the line (else -1): the keyword scan reads it
    // there, so a line that is not kept is never copied unless an extractor or error event needs it.
    const rest = p.messageIsRest ? m.index + m[0].length : -1
    let message: string | null = null
    this.curLevel = level
    this.records++
    if (this.keep) {
      message = rest >= 0 ? line.slice(rest) : (m[p.message] ?? '')
      let module: string | undefined = undefined
      if (p.module !== 0) module = m[p.module]
      if (module === undefined && p.file !== 0) module = m[p.file]
      this.batch.push({ line: lineNo, t: t === t ? t : null, level, module, message })
      if (this.batch.length >= LOG_BATCH) this.flush()
    } else this.emitted++

    const cf = this.cf
    if (cf.onMessage.length !== 0 || cf.onLine.length !== 0) message = this.extract(m, p, line, lineNo, rest, message)
    if ((level === 'error' || level === 'fatal') && cf.def.errorEvents) this.errorEvent(message ?? messageOf(m, p, line, rest), this.curT, lineNo)
  }

  /**
   * Runs the extractors whose keyword the message (or line) holds, and those without a keyword. A
   * message not copied yet is scanned in place in the line; returns the message if it was copied.
   */
  private extract(m: RegExpExecArray, p: CompiledPattern, line: string, lineNo: number, rest: number, copied: string | null): string | null {
    const cf = this.cf
    const t = this.curT
    let message = copied
    if (cf.onMessage.length !== 0) {
      const trigger = cf.messageTrigger
      let hit = false
      if (trigger !== null) {
        hit = message === null && rest >= 0
          ? trigger.collect(line, rest, this.messageFound)
          : trigger.collect(message ??= messageOf(m, p, line, rest), 0, this.messageFound)
      }
      if (hit || cf.messageAlways) {
        message ??= messageOf(m, p, line, rest)
        this.runExtractors(cf.onMessage, this.messageFound, message, m, p, message, line, lineNo, t)
        if (hit) this.messageFound.fill(0)
      }
    }
    if (cf.onLine.length !== 0) {
      const hit = cf.lineTrigger !== null && cf.lineTrigger.collect(line, 0, this.lineFound)
      if (hit || cf.lineAlways) {
        message ??= messageOf(m, p, line, rest)
        this.runExtractors(cf.onLine, this.lineFound, line, m, p, message, line, lineNo, t)
        if (hit) this.lineFound.fill(0)
      }
    }
    return message
  }

  private other(line: string, lineNo: number): void {
    if (this.cf.dateHeaders.length !== 0 && this.tryDateHeader(line, lineNo)) return
    const multiline = this.cf.def.multiline
    if (this.records === 0) this.preamble++
    else if (!multiline) {
      this.unmatched++
      if (this.firstUnmatched === 0) this.firstUnmatched = lineNo
    }
    this.keepLine(lineNo, null, this.records !== 0 && multiline ? this.curLevel : undefined, line)
  }

  /** A line without its own record fields (continuation, unmatched, date header) into the batch, if lines are kept. */
  private keepLine(lineNo: number, t: number | null, level: LogLevel | undefined, message: string): void {
    if (!this.keep) {
      this.emitted++
      return
    }
    this.batch.push({ line: lineNo, t, level, module: undefined, message })
    if (this.batch.length >= LOG_BATCH) this.flush()
  }

  private flush(): void {
    if (this.batch.length === 0) return
    const out = this.batch
    this.batch = []
    this.emitted += out.length
    this.ctx.emitLogs(out)
  }

  private levelOf(raw: string): LogLevel | undefined {
    const level = this.cf.levelExact.get(raw) ?? this.cf.levelLower.get(raw.toLowerCase()) ?? this.defaultLevel
    this.lastLevelRaw = raw
    this.lastLevel = level
    return level
  }

  // ---- extractors ----------------------------------------------------------------------------------

  /** Runs the extractors of `list` whose keyword is marked in `found` (and those without one) on `text`. */
  private runExtractors(
    list: CompiledExtractor[], found: Uint8Array, text: string, m: RegExpExecArray, p: CompiledPattern, message: string, line: string, lineNo: number, t: number,
  ): void {
    for (let i = 0; i < list.length; i++) {
      const x = list[i]!
      if (x.keywordIx >= 0 && found[x.keywordIx] === 0) continue
      const em = x.re.exec(text)
      if (em !== null) this.apply(x, em, m, p, message, line, lineNo, t)
    }
  }

  private apply(
    x: CompiledExtractor, em: RegExpExecArray, m: RegExpExecArray, p: CompiledPattern, message: string, line: string, lineNo: number, t: number,
  ): void {
    const read = (name: string): string | undefined => {
      const i = x.index.get(name)
      if (i !== undefined) return em[i]
      const j = p.index.get(name)
      if (j !== undefined) return m[j]
      return name === 'message' ? message : name === 'line' ? line : undefined
    }
    const entry = this.entry
    const e = x.event
    if (e !== null) {
      if (!(t === t)) this.untimed(e.type)
      else if (entry.events.length >= MAX_EVENTS) this.droppedEvents++
      else {
        const sev = e.severity.render(read)
        const ev: CallEvent = {
          t, type: e.type, severity: sev === 'error' || sev === 'warning' ? sev : 'info', message: e.message.render(read), line: lineNo,
        }
        if (e.data.length !== 0) {
          const data: Record<string, Scalar> = {}
          for (const [k, tpl] of e.data) {
            const v = tpl.value(read)
            if (v !== null) data[k] = v
          }
          ev.data = data
        }
        if (e.connection !== null) {
          const key = e.connection.render(read)
          if (key) { ev.connectionKey = key; this.connection(key) }
        }
        if (e.stream !== null) {
          const key = e.stream.render(read)
          if (key) ev.streamKey = key
        }
        entry.events.push(ev)
      }
    }
    for (const s of x.series) {
      const raw = read(s.value)
      if (raw === undefined || raw.length === 0) continue
      const v = Number(raw)
      if (!Number.isFinite(v)) continue
      if (!(t === t)) { this.untimedPoints++; continue }
      this.seriesBuf(s, read).push(t, v * s.scale)
    }
    for (const [k, tpl] of x.meta) {
      if (k in entry.meta) continue
      const v = tpl.value(read)
      if (v !== null) entry.meta[k] = v
    }
  }

  /**
   * The buffer of a series spec's value on this line. The one it wrote to last is reused without
   * building the map key when its stream and connection keys are the same (always, for fixed keys).
   */
  private seriesBuf(s: CompiledSeries, read: GroupReader): SeriesBuf {
    const last = this.lastSeries[s.slot]
    if (last !== undefined && s.fixedKeys) return last
    const streamKey = s.stream !== null ? s.stream.render(read) : ''
    const connectionKey = s.connection !== null ? s.connection.render(read) : ''
    if (last !== undefined && last.streamKey === streamKey && last.connectionKey === connectionKey) return last
    const key = `${s.metric}\u0000${streamKey}\u0000${connectionKey}`
    let buf = this.series.get(key)
    if (buf === undefined) {
      buf = new SeriesBuf(s.metric, s.unit, streamKey, connectionKey)
      this.series.set(key, buf)
      if (connectionKey) this.connection(connectionKey)
      if (streamKey && s.streamKind !== null && s.direction !== null && !this.streamKeys.has(streamKey)) {
        this.streamKeys.add(streamKey)
        const info: StreamInfo = { key: streamKey, kind: s.streamKind, direction: s.direction }
        if (connectionKey) info.connectionKey = connectionKey
        this.entry.streams.push(info)
      }
    }
    this.lastSeries[s.slot] = buf
    return buf
  }

  private connection(key: string): void {
    if (this.connectionKeys.has(key)) return
    this.connectionKeys.add(key)
    this.entry.connections.push({ key })
  }

  /** Events need a time (the store and the timeline place them): those of untimed lines are only counted. */
  private untimed(type: string): void {
    this.untimedEvents.set(type, (this.untimedEvents.get(type) ?? 0) + 1)
  }

  private errorEvent(message: string, t: number, lineNo: number): void {
    if (!(t === t)) { this.untimed('log.error'); return }
    if (this.errorEvents >= MAX_ERROR_EVENTS || this.entry.events.length >= MAX_EVENTS) { this.droppedErrorEvents++; return }
    this.errorEvents++
    const text = detach(message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message)
    this.entry.events.push({ t, type: 'log.error', severity: 'error', message: text, line: lineNo })
  }

  // ---- time ----------------------------------------------------------------------------------------

  private timeOf(text: string, p: CompiledPattern, lineNo: number): number {
    const last = this.lastTimeText
    if (last !== undefined && p === this.lastTimePat) {
      // Consecutive lines mostly differ only in their milliseconds: the same text down to the second
      // gives the same date, year and day rollover, so only the last three digits need reading. (The
      // last text starts with `second` too, so this also covers a repeat of it, without comparing.)
      const second = this.secondText
      if (second !== null) {
        if (text.length === last.length && sameSecondPrefix(text, second)) {
          const ms = subSecondMs(text, second.length)
          if (ms >= 0) {
            this.lastTod = this.secondTod + ms
            this.lastTimeText = text
            return (this.lastTimeValue = this.secondBase + ms)
          }
        }
      } else if (text === last) return this.lastTimeValue
    }
    const formats = p.timeFormats
    const n = formats.length
    const first = p.lastFormat
    for (let k = 0; k < n; k++) {
      const i = k === 0 ? first : (first + k) % n
      const f = formats[i]!
      if (!f.parse(text, this.parts)) continue
      if (i !== first) p.lastFormat = i
      const value = this.toEpoch(f.kind)
      this.lastTimeText = text
      this.lastTimePat = p
      this.lastTimeValue = value
      const parts = this.parts
      this.secondText = f.secondsPrefix !== 0 ? detach(text.slice(0, f.secondsPrefix)) : null
      this.secondBase = value - parts.ms
      this.secondTod = ((parts.hour * 60 + parts.minute) * 60 + parts.second) * 1000
      return value
    }
    this.badTimes++
    this.firstBadTime ??= { line: lineNo, text: detach(text) }
    return NaN
  }

  private toEpoch(kind: TimeKind): number {
    const p = this.parts
    if (kind === 'epoch') return p.epochMs
    if (kind === 'elapsed') return this.elapsedBase() + p.elapsedMs
    const tod = ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 + p.ms
    const offsetMs = (p.offsetMin === p.offsetMin ? p.offsetMin : this.ctx.assumedUtcOffsetMin) * 60_000
    if (kind === 'full') return this.day(p.year, p.month, p.day) + tod - offsetMs
    if (kind === 'no-year') {
      if (!(this.year === this.year)) this.year = this.initialYear()
      else if (p.month + 6 <= this.lastMonth) this.year++
      this.lastMonth = p.month
      return this.day(this.year, p.month, p.day) + tod - offsetMs
    }
    // time-only: the date comes from a date header, else the assumed date; midnight rolls the day over.
    if (this.lastTod >= 0 && tod + HALF_DAY < this.lastTod) this.dayOffset++
    this.lastTod = tod
    return this.dateBase() + this.dayOffset * DAY + tod - offsetMs
  }

  private day(y: number, m: number, d: number): number {
    const key = (y * 16 + m) * 32 + d
    if (key !== this.dayKey) {
      this.dayKey = key
      this.dayMs = Date.UTC(y, m - 1, d)
    }
    return this.dayMs
  }

  private dateBase(): number {
    if (this.headerDay === this.headerDay) return this.headerDay
    if (this.ctx.assumedDateMs !== undefined) return this.ctx.assumedDateMs
    this.notes.add('times in this log carry no date and none was given: they are placed on 1970-01-01 (set the bundle date to fix)')
    return 0
  }

  private initialYear(): number {
    if (this.headerYear === this.headerYear) return this.headerYear
    if (this.ctx.assumedDateMs !== undefined) return new Date(this.ctx.assumedDateMs).getUTCFullYear()
    const year = new Date().getUTCFullYear()
    this.notes.add(`times in this log carry no year: assumed ${year} (set the bundle date to fix)`)
    return year
  }

  private elapsedBase(): number {
    if (this.headerTime === this.headerTime) return this.headerTime
    if (this.ctx.assumedDateMs !== undefined) return this.ctx.assumedDateMs
    this.notes.add('times in this log are relative to its start and no start date was given: they count from 1970-01-01')
    return 0
  }

  private tryDateHeader(line: string, lineNo: number): boolean {
    for (const h of this.cf.dateHeaders) {
      const m = h.re.exec(line)
      if (m === null) continue
      const text = m[h.date]
      if (text === undefined) continue
      const f = h.formats.find((x) => x.parse(text, this.parts))
      if (!f) {
        this.badTimes++
        this.firstBadTime ??= { line: lineNo, text: detach(text) }
        continue
      }
      const p = this.parts
      const tod = ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 + p.ms
      const offsetMs = (p.offsetMin === p.offsetMin ? p.offsetMin : this.ctx.assumedUtcOffsetMin) * 60_000
      this.headerDay = this.day(p.year, p.month, p.day)
      this.headerYear = p.year
      this.headerTime = this.headerDay + tod - offsetMs
      this.year = p.year
      this.lastMonth = p.month
      this.dayOffset = 0
      this.lastTod = tod
      this.lastTimeText = undefined
      this.secondText = null
      this.curT = this.headerTime
      this.keepLine(lineNo, this.headerTime, undefined, line)
      return true
    }
    return false
  }

  // ---- diagnostics ---------------------------------------------------------------------------------

  private diagnose(): void {
    const d = this.entry.diagnostics
    if (this.records === 0) d.push({ severity: 'warning', message: `no line matched the record patterns of "${this.cf.def.title}"` })
    if (this.preamble > 0 && this.records > 0) d.push({ severity: 'info', message: `${this.preamble} line(s) before the first record (header or preamble) kept without a time` })
    if (this.unmatched > 0) {
      d.push({ severity: 'warning', line: this.firstUnmatched, message: `${this.unmatched} line(s) matched no record pattern (first at line ${this.firstUnmatched}); kept without a time` })
    }
    if (this.badTimes > 0 && this.firstBadTime) {
      d.push({
        severity: 'warning', line: this.firstBadTime.line,
        message: `${this.badTimes} time text(s) fit none of the time formats (first at line ${this.firstBadTime.line}: "${this.firstBadTime.text}")`,
      })
    }
    for (const note of this.notes) d.push({ severity: 'info', message: note })
    if (this.droppedEvents > 0) d.push({ severity: 'warning', message: `${this.droppedEvents} event(s) dropped beyond the limit of ${MAX_EVENTS}` })
    if (this.droppedErrorEvents > 0) {
      d.push({ severity: 'info', message: `${this.droppedErrorEvents} more error line(s) not turned into log.error events (limit ${MAX_ERROR_EVENTS}); they remain in the log` })
    }
    if (this.untimedEvents.size > 0) {
      const list = [...this.untimedEvents].map(([type, n]) => `${type} x${n}`).join(', ')
      this.entry.meta.untimedEvents = list
      d.push({ severity: 'info', message: `events found on lines without a time (none before them either) are not placed on the timeline: ${list}` })
    }
    if (this.untimedPoints > 0) d.push({ severity: 'info', message: `${this.untimedPoints} series value(s) skipped: their lines carry no time` })
  }
}
