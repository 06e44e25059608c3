/**
 * Splits an rtcstats dump's lines into what they are: the `RTCStatsDump` magic and metadata header,
 * `[method, connectionId, value, ...extra, time]` records (method ids decoded, times made absolute:
 * cumulative deltas in file format 3, absolute ms or ISO before), jitsi server-side sample objects, or
 * a whole JSON document. Malformed lines become diagnostics with their line number.
 */
import type { Diagnostic } from '../../model/call'
import type { RtcstatsRecord } from './method-events'
import { isServerSampleLine } from './server-samples'
import { decompressMethod } from './tables'

export interface RecordSink {
  header(meta: Record<string, unknown>, line: number): void
  record(rec: RtcstatsRecord): void
  serverSample(obj: Record<string, unknown>, line: number): void
}

/** Individual line diagnostics before they are only counted. */
const MAX_LINE_DIAGNOSTICS = 20

export class RecordReader {
  phase: 'start' | 'header' | 'records' | 'server' | 'document' = 'start'
  magic = false
  fileFormat: number | undefined
  readonly documentLines: string[] = []
  private clock = 0
  private lastTime = NaN
  private problems = 0
  private untimed = 0

  constructor(private readonly sink: RecordSink, private readonly diagnostics: Diagnostic[]) {}

  /** True when record times are deltas to the previous line (file format 3). */
  get deltaTimes(): boolean {
    return this.magic || (this.fileFormat ?? 0) >= 3
  }

  pushLine(raw: string, lineNo: number): void {
    const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw
    if (this.phase === 'document') {
      this.documentLines.push(line)
      return
    }
    const text = line.trim()
    if (text === '') return
    if (this.phase === 'start') {
      if (text === 'RTCStatsDump') {
        this.magic = true
        this.phase = 'header'
        return
      }
      this.phase = 'records'
      if (text.startsWith('{')) {
        const obj = parseJson(text)
        if (obj === undefined) {
          // Not one object per line: a pretty-printed JSON document (the 2016 export).
          this.phase = 'document'
          this.documentLines.push(line)
          return
        }
        if (isObject(obj) && isServerSampleLine(obj)) this.phase = 'server'
      }
    }
    if (this.phase === 'header') {
      this.phase = 'records'
      const obj = parseJson(text)
      if (isObject(obj)) {
        this.takeHeader(obj, lineNo)
        return
      }
      this.problem(lineNo, 'the line after RTCStatsDump should be the metadata object; read as a record')
    }
    const parsed = parseJson(text)
    if (this.phase === 'server') {
      if (isObject(parsed)) this.sink.serverSample(parsed, lineNo)
      else this.problem(lineNo, parsed === undefined ? 'not valid JSON' : 'not a server sample object')
      return
    }
    if (parsed === undefined) {
      if (/^-+[a-z]+-+$/i.test(text)) {
        this.diagnostics.push({ severity: 'info', line: lineNo, message: `marker line ${text} (the rtcstats server's connection to the client was interrupted here)` })
      } else {
        this.problem(lineNo, `not valid JSON: ${text.slice(0, 60)}`)
      }
      return
    }
    if (!Array.isArray(parsed)) {
      if (isObject(parsed) && typeof parsed.fileFormat === 'number') this.takeHeader(parsed, lineNo)
      else this.problem(lineNo, 'not an rtcstats record (expected a JSON array)')
      return
    }
    this.takeRecord(parsed, lineNo)
  }

  /** Closing diagnostics (counts beyond the individual ones). */
  finish(): void {
    if (this.problems > MAX_LINE_DIAGNOSTICS) {
      this.diagnostics.push({ severity: 'warning', message: `${this.problems - MAX_LINE_DIAGNOSTICS} more malformed lines were skipped` })
    }
    if (this.untimed > 0) {
      this.diagnostics.push({ severity: 'warning', message: `${this.untimed} records carry no usable time; they were placed at the previous record's time` })
    }
  }

  private takeHeader(obj: Record<string, unknown>, lineNo: number): void {
    if (typeof obj.fileFormat === 'number') this.fileFormat = obj.fileFormat
    else if (this.magic) this.problem(lineNo, 'RTCStatsDump metadata has no fileFormat; assuming 3')
    this.sink.header(obj, lineNo)
  }

  private takeRecord(arr: unknown[], lineNo: number): void {
    if (arr.length < 3 || (typeof arr[0] !== 'string' && typeof arr[0] !== 'number')) {
      this.problem(lineNo, 'record too short or without a method')
      return
    }
    const method = decompressMethod(arr[0])
    const pcId = arr[1] === null || arr[1] === undefined ? null : String(arr[1])
    const rest = arr.slice(3)
    let t: number
    if (this.deltaTimes) {
      const d = rest.pop()
      t = typeof d === 'number' && Number.isFinite(d) ? (this.clock += d) : NaN
    } else {
      // [method, id, value, time] (fippo/jitsi; jitsi may append a sequence number after the time).
      t = timeOf(rest[0])
      if (Number.isFinite(t)) rest.shift()
      else if (rest.length > 1) t = timeOf(rest.pop())
    }
    if (!Number.isFinite(t)) {
      this.untimed++
      t = this.lastTime
    }
    if (!Number.isFinite(t)) {
      this.problem(lineNo, `${method}: no time, and no earlier record to take it from; skipped`)
      return
    }
    this.lastTime = t
    this.sink.record({ method, pcId, value: arr[2], extra: rest, t, line: lineNo })
  }

  private problem(line: number, message: string): void {
    this.problems++
    if (this.problems <= MAX_LINE_DIAGNOSTICS) this.diagnostics.push({ severity: 'warning', line, message })
  }
}

function timeOf(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) && v > 1e11 ? v : NaN
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) return Date.parse(v)
  return NaN
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
