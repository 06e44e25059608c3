/**
 * chrome://webrtc-internals dump parser (a DocumentParser): the standard-stats flavour with
 * per-object timestamps (Chrome ≥ 117), older dumps aligned by start/end time, Chrome 86-era keys
 * without statsType, empty dumps, updateLog API events and the getUserMedia log.
 */
import type { CallEvent, ConnectionInfo, ParsedEntry, Scalar } from '../../model/call'
import { emptyEntry } from '../../model/call'
import type { DocumentParser, FormatHandler, ParseContext } from '../../model/parser'
import { apiCallToEvent } from '../../stats/api-events'
import { normalizeConnectionStats } from '../../stats/normalize'
import { estimateLocalClock, parseNaiveLocal } from '../../time/local-time'
import { sniffWebrtcInternals } from './detect'
import { gumEvents } from './gum-events'
import { buildConnectionStats } from './stats-history'

interface RawPc { url?: string; pid?: unknown; rtcConfiguration?: unknown; constraints?: unknown; stats?: unknown; updateLog?: unknown }
interface RawLogEntry { time?: unknown; timestamp?: unknown; type?: unknown; value?: unknown }

/** Parses a whole dump text. Never throws on bad input. */
export function parseWebrtcInternals(text: string, ctx: Pick<ParseContext, 'assumedUtcOffsetMin'>): ParsedEntry {
  const entry = emptyEntry('webrtc-internals', 'webrtc-internals')
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    entry.diagnostics.push({ severity: 'error', message: `not valid JSON: ${(e as Error).message}` })
    return entry
  }
  if (typeof doc !== 'object' || doc === null || typeof (doc as { PeerConnections?: unknown }).PeerConnections !== 'object') {
    entry.diagnostics.push({ severity: 'error', message: 'no PeerConnections object: not a webrtc-internals dump' })
    return entry
  }
  const root = doc as Record<string, unknown>
  readMeta(root, entry)
  entry.events.push(...gumEvents(root.getUserMedia, entry.diagnostics))
  const pcs = root.PeerConnections as Record<string, RawPc>
  let sawTimestamps = false
  for (const [pcId, pc] of Object.entries(pcs)) {
    if (typeof pc !== 'object' || pc === null) continue
    const stats = typeof pc.stats === 'object' && pc.stats !== null ? (pc.stats as Record<string, unknown>) : {}
    const connStats = buildConnectionStats(pcId, stats, entry.diagnostics)
    if (Object.keys(stats).some((k) => k.endsWith('-timestamp'))) sawTimestamps = true
    entry.connections.push(connectionInfo(pcId, pc))
    normalizeConnectionStats(connStats, entry, participantOf(root))
    entry.events.push(...updateLogEvents(pcId, pc.updateLog, statsStart(connStats), ctx, entry))
  }
  entry.format = Object.keys(pcs).length === 0 ? 'webrtc-internals/empty'
    : sawTimestamps ? 'webrtc-internals/standard' : 'webrtc-internals/legacy-aligned'
  if (Object.keys(pcs).length === 0) entry.diagnostics.push({ severity: 'info', message: 'the dump holds no PeerConnections' })
  entry.events.sort((a, b) => a.t - b.t)
  return entry
}

function readMeta(root: Record<string, unknown>, entry: ParsedEntry): void {
  const ua = root.UserAgent
  if (typeof ua === 'string') {
    entry.meta.userAgent = ua
    const chrome = /Chrome\/(\d+)/.exec(ua)
    if (chrome) entry.meta.browser = `Chrome ${chrome[1]}`
  }
  for (const k of ['deviceMemory', 'hardwareConcurrency', 'timestamp'] as const) {
    const v = root[k]
    if (typeof v === 'number') entry.meta[k === 'timestamp' ? 'dumpTime' : k] = v
  }
}

function participantOf(_root: Record<string, unknown>): string | undefined {
  // A webrtc-internals dump is always the local user's view; the bundle importer names the participant.
  return undefined
}

function connectionInfo(pcId: string, pc: RawPc): ConnectionInfo {
  const meta: Record<string, Scalar> = {}
  if (typeof pc.url === 'string') meta.url = pc.url
  if (typeof pc.rtcConfiguration === 'string') meta.rtcConfiguration = pc.rtcConfiguration.slice(0, 4000)
  if (typeof pc.constraints === 'string' && pc.constraints) meta.constraints = pc.constraints.slice(0, 2000)
  const info: ConnectionInfo = { key: pcId, meta }
  if (typeof pc.url === 'string') info.label = `${pcId} ${pc.url}`
  return info
}

function statsStart(conn: ReturnType<typeof buildConnectionStats>): number {
  let start = Infinity
  for (const o of conn.objects.values()) if (o.t.length > 0) start = Math.min(start, o.t[0]!)
  return start
}

function updateLogEvents(pcId: string, log: unknown, statsStartMs: number, ctx: Pick<ParseContext, 'assumedUtcOffsetMin'>, entry: ParsedEntry): CallEvent[] {
  if (!Array.isArray(log)) return []
  const rows = log.filter((r): r is RawLogEntry => typeof r === 'object' && r !== null)
  const textTimes = rows.filter((r) => typeof r.timestamp !== 'number' && typeof r.time === 'string').map((r) => r.time as string)
  let clock: { order: 'mdy' | 'dmy'; offsetMin: number } = { order: 'mdy', offsetMin: ctx.assumedUtcOffsetMin }
  if (textTimes.length > 0) {
    const estimated = Number.isFinite(statsStartMs) ? estimateLocalClock(textTimes, statsStartMs) : null
    if (estimated) {
      clock = estimated
      entry.diagnostics.push({
        severity: 'info',
        message: `${pcId}: updateLog times carry no zone; read as ${clock.order === 'mdy' ? 'month/day' : 'day/month'} with UTC offset ${clock.offsetMin} min, estimated from the stats timestamps`,
      })
    }
  }
  const out: CallEvent[] = []
  for (const row of rows) {
    const t = typeof row.timestamp === 'number' ? row.timestamp
      : typeof row.time === 'string' ? parseNaiveLocal(row.time, clock.order) - clock.offsetMin * 60_000 : NaN
    if (!Number.isFinite(t) || typeof row.type !== 'string') continue
    const ev = apiCallToEvent(row.type, typeof row.value === 'string' ? row.value : JSON.stringify(row.value ?? ''), t, pcId)
    if (ev) out.push(ev)
  }
  return out
}

/** The format handler registered with the importer. */
export const webrtcInternalsFormat: FormatHandler = {
  id: 'webrtc-internals',
  sniff: sniffWebrtcInternals,
  create(ctx: ParseContext): DocumentParser {
    return { mode: 'document', parse: (text) => parseWebrtcInternals(text, ctx) }
  },
}
