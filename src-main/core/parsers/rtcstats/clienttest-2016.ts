/**
 * The early (2016) rtcstats JSON export: one document with `url`, `userAgent`, a `getUserMedia` list and
 * `peerConnections: {PC_0: [{time, type, value}, ...]}`. It is turned into the same records the line
 * format yields (full `getStats` reports, ISO times), so one pipeline handles both.
 */
import type { RtcstatsRecord } from './method-events'

export interface ClientTestDocument { meta: Record<string, unknown>; records: RtcstatsRecord[]; untimed: number }

/** True when a parsed JSON document has the 2016 export's shape. */
export function isClientTestDocument(doc: unknown): doc is Record<string, unknown> {
  if (typeof doc !== 'object' || doc === null) return false
  const pcs = (doc as { peerConnections?: unknown }).peerConnections
  return typeof pcs === 'object' && pcs !== null && !Array.isArray(pcs)
}

/** Records of the document, in time order (getUserMedia entries are client-level). */
export function clientTestRecords(doc: Record<string, unknown>): ClientTestDocument {
  const records: RtcstatsRecord[] = []
  let untimed = 0
  const add = (pcId: string | null, raw: unknown) => {
    if (typeof raw !== 'object' || raw === null) return
    const r = raw as { time?: unknown; type?: unknown; value?: unknown }
    if (typeof r.type !== 'string') return
    const t = typeof r.time === 'number' ? r.time : typeof r.time === 'string' ? Date.parse(r.time) : NaN
    if (!Number.isFinite(t)) {
      untimed++
      return
    }
    records.push({ method: r.type, pcId, value: r.value, extra: [], t })
  }
  if (Array.isArray(doc.getUserMedia)) for (const g of doc.getUserMedia) add(null, g)
  for (const [pcId, list] of Object.entries(doc.peerConnections as Record<string, unknown>)) {
    if (Array.isArray(list)) for (const item of list) add(pcId, item)
  }
  records.sort((a, b) => a.t - b.t)
  const meta: Record<string, unknown> = {}
  for (const k of ['url', 'userAgent']) if (typeof doc[k] === 'string') meta[k] = doc[k]
  return { meta, records, untimed }
}
