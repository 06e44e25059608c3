/**
 * rtcstats dump parser (a LineParser): file formats 1/2/3 (incl. Chrome's webrtc-internals
 * "Create dump (rtcstats)" export), jitsi-meet client dumps, the 2016 JSON export and jitsi server-side
 * samples. getStats samples go through the shared stats pipeline (`normalizeConnectionStats`) and API
 * calls through `apiCallToEvent`, so a call yields the same model as its webrtc-internals dump.
 */
import type { ConnectionInfo, LogLine, ParsedEntry, Scalar } from '../../model/call'
import { emptyEntry } from '../../model/call'
import type { FormatHandler, LineParser, ParseContext } from '../../model/parser'
import { normalizeConnectionStats } from '../../stats/normalize'
import { clientTestRecords, isClientTestDocument } from './clienttest-2016'
import { sniffRtcstats } from './detect'
import { LEGACY_UNMAPPED } from './legacy-goog'
import { applyClientCreate, applyClientInfo, applyIdentity, objectValue } from './metadata'
import { type RtcstatsRecord, type SdpMemory, recordEvents } from './method-events'
import { RecordReader } from './record-reader'
import { JitsiServerSamples } from './server-samples'
import { ConnectionStatsCollector } from './stats-collector'
import { StatsSnapshotDecoder } from './stats-delta'
import { isKnownMethod, isMediaDevicesMethod } from './tables'

interface Connection { info: ConnectionInfo; decoder: StatsSnapshotDecoder; collector: ConnectionStatsCollector }

const LOG_BATCH = 500

class RtcstatsParser implements LineParser {
  readonly mode = 'lines'
  private readonly entry: ParsedEntry = emptyEntry('rtcstats', 'rtcstats')
  private readonly reader: RecordReader
  private readonly connections = new Map<string, Connection>()
  private readonly sdp: SdpMemory = new Map()
  private readonly custom = new Map<string, number>()
  private server: JitsiServerSamples | undefined
  private participant: string | undefined
  private sawJitsiMeta = false
  private document = false
  private logs: LogLine[] = []

  constructor(private readonly ctx: Pick<ParseContext, 'emitLogs'>) {
    this.reader = new RecordReader({
      header: (meta) => applyClientInfo(meta, this.entry.meta),
      record: (rec) => this.record(rec),
      serverSample: (obj, line) => (this.server ??= new JitsiServerSamples(this.entry)).push(obj, line),
    }, this.entry.diagnostics)
  }

  pushLine(line: string, lineNo: number): void {
    this.reader.pushLine(line, lineNo)
  }

  end(): ParsedEntry {
    if (this.reader.phase === 'document') this.parseDocument(this.reader.documentLines.join('\n'))
    this.reader.finish()
    this.flushLogs()
    if (this.server) {
      this.server.finish()
      return this.entry
    }
    const e = this.entry
    let legacy = 0
    let standard = 0
    let samples = 0
    for (const c of this.connections.values()) {
      if (this.participant) c.info.participant = this.participant
      e.connections.push(c.info)
      normalizeConnectionStats(c.collector.stats, e, this.participant)
      legacy += c.collector.legacySnapshots
      standard += c.collector.standardSnapshots
      samples += c.collector.sampleCount
      if (c.collector.outOfOrder > 0) {
        e.diagnostics.push({ severity: 'warning', message: `${c.info.key}: ${c.collector.outOfOrder} stats samples went back in time and were dropped` })
      }
    }
    e.format = this.formatName(legacy > 0)
    if (e.meta.statsFormat === undefined && samples > 0) e.meta.statsFormat = legacy > 0 ? (standard > 0 ? 'legacy goog + standard' : 'legacy goog') : 'standard'
    if (legacy > 0) {
      e.diagnostics.push({
        severity: 'info',
        message: `${legacy} legacy (goog*) getStats snapshots mapped to standard metrics (bytes, packets, loss, jitter, RTT, frame rate/size, BWE); not mapped: ${LEGACY_UNMAPPED.join('; ')}`,
      })
    }
    if (samples === 0) e.diagnostics.push({ severity: 'info', message: 'the dump holds no getStats samples: events only' })
    if (this.custom.size > 0) {
      const list = [...this.custom].sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ×${n}`).join(', ')
      e.diagnostics.push({ severity: 'info', message: `application-specific records not shown on the timeline: ${list.slice(0, 500)}` })
    }
    if (this.participant) e.meta.participant = this.participant
    e.events.sort((a, b) => a.t - b.t)
    return e
  }

  private formatName(legacy: boolean): string {
    const r = this.reader
    const base = this.document ? 'rtcstats/clienttest-2016'
      : r.deltaTimes ? 'rtcstats/v3'
        : r.fileFormat !== undefined ? `rtcstats/v${r.fileFormat}`
          : this.sawJitsiMeta ? 'rtcstats/jitsi' : 'rtcstats/lines'
    return legacy ? `${base}+goog-legacy` : base
  }

  private record(rec: RtcstatsRecord): void {
    const { method } = rec
    if (method === 'getStats' || method === 'getstats') return this.stats(rec)
    if (method === 'connectionInfo' || method === 'identity') {
      this.sawJitsiMeta = true
      const obj = objectValue(rec.value)
      if (!obj) return
      if (method === 'connectionInfo') applyClientInfo(obj, this.entry.meta)
      else this.participant = applyIdentity(obj, this.entry.meta) ?? this.participant
      return
    }
    if (method === 'logs') return this.clientLogs(rec)
    if (method === 'create' && rec.pcId === null) {
      const obj = objectValue(rec.value)
      if (obj) applyClientCreate(obj, this.entry.meta)
      return
    }
    if (rec.pcId !== null && !isMediaDevicesMethod(method)) this.connectionMeta(rec)
    const events = recordEvents(rec, this.sdp)
    this.entry.events.push(...events)
    if (events.length === 0 && !isKnownMethod(method)) this.custom.set(method, (this.custom.get(method) ?? 0) + 1)
  }

  private connection(pcId: string): Connection {
    let c = this.connections.get(pcId)
    if (!c) {
      c = { info: { key: pcId, meta: {} }, decoder: new StatsSnapshotDecoder(), collector: new ConnectionStatsCollector(pcId) }
      this.connections.set(pcId, c)
    }
    return c
  }

  private connectionMeta(rec: RtcstatsRecord): void {
    const c = this.connection(rec.pcId!)
    const meta = c.info.meta as Record<string, Scalar>
    const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v ?? null))
    if (rec.method === 'create') {
      meta.rtcConfiguration = text(rec.value).slice(0, 4000)
      const url = rec.extra.find((x): x is string => typeof x === 'string' && /^https?:\/\//.test(x))
      if (url) {
        meta.url = url
        c.info.label = `${rec.pcId} ${url}`
      }
    } else if (rec.method === 'constraints' && rec.value !== null && rec.value !== undefined) {
      meta.constraints = text(rec.value).slice(0, 2000)
    }
  }

  private stats(rec: RtcstatsRecord): void {
    const value = objectValue(rec.value)
    if (!value) {
      this.entry.diagnostics.push({ severity: 'warning', ...(rec.line ? { line: rec.line } : {}), message: `${rec.method} value is not an object; skipped` })
      return
    }
    const c = this.connection(rec.pcId ?? '(no id)')
    const encoding = rec.method === 'getstats' ? 'legacy-delta' : this.reader.deltaTimes ? 'v3-delta' : 'full'
    c.collector.add(c.decoder.decode(value, encoding, rec.t, this.reader.fileFormat === 1))
  }

  /** jitsi `logs` records: `[{text, timestamp, count}]` -> log lines. */
  private clientLogs(rec: RtcstatsRecord): void {
    if (!Array.isArray(rec.value)) return
    for (const item of rec.value) {
      const o = typeof item === 'string' ? { text: item } : objectValue(item)
      if (!o || typeof o.text !== 'string') continue
      const t = typeof o.timestamp === 'string' ? Date.parse(o.timestamp) : typeof o.timestamp === 'number' ? o.timestamp : rec.t
      this.logs.push({ line: rec.line ?? 1, t: Number.isFinite(t) ? t : rec.t, message: o.text })
      if (this.logs.length >= LOG_BATCH) this.flushLogs()
    }
  }

  private flushLogs(): void {
    if (this.logs.length === 0) return
    this.entry.logLineCount += this.logs.length
    this.ctx.emitLogs(this.logs)
    this.logs = []
  }

  private parseDocument(text: string): void {
    let doc: unknown
    try {
      doc = JSON.parse(text)
    } catch (e) {
      this.entry.diagnostics.push({ severity: 'error', message: `not valid JSON: ${(e as Error).message}` })
      return
    }
    if (!isClientTestDocument(doc)) {
      this.entry.diagnostics.push({ severity: 'error', message: 'a JSON document without peerConnections: not an rtcstats export' })
      return
    }
    this.document = true
    const { meta, records, untimed } = clientTestRecords(doc)
    applyClientInfo(meta, this.entry.meta)
    for (const rec of records) this.record(rec)
    if (untimed > 0) this.entry.diagnostics.push({ severity: 'warning', message: `${untimed} entries without a valid time were skipped` })
  }
}

/** A parser for one entry. */
export function createRtcstatsParser(ctx: Pick<ParseContext, 'emitLogs'>): LineParser {
  return new RtcstatsParser(ctx)
}

/** Parses a whole dump given as text (tests, tools). Log lines are discarded unless `emitLogs` is given. */
export function parseRtcstats(text: string, emitLogs: ParseContext['emitLogs'] = () => {}): ParsedEntry {
  const parser = createRtcstatsParser({ emitLogs })
  const lines = text.split(/\r?\n/)
  lines.forEach((line, i) => parser.pushLine(line, i + 1))
  return parser.end()
}

/** The format handler registered with the importer. */
export const rtcstatsFormat: FormatHandler = {
  id: 'rtcstats',
  sniff: sniffRtcstats,
  create: (ctx) => createRtcstatsParser(ctx),
}
