/**
 * Accumulates the decoded getStats samples of one peer connection into the shared `ConnectionStats`
 * histories (stats-table.ts), keeping the same objects and properties the webrtc-internals reader keeps,
 * so both formats reach `normalizeConnectionStats` in the same shape.
 */
import { type ConnectionStats, type StatsObjectHistory, appendSample, newObjectHistory } from '../../stats/stats-table'
import { isLegacySnapshot, mapLegacySamples } from './legacy-goog'
import { type DecodedSnapshot, type Report } from './stats-delta'

/** Stats types the normalizer reads; others (certificates, data channels, playout...) are not kept. */
const KEPT_TYPES = new Set([
  'inbound-rtp', 'outbound-rtp', 'remote-inbound-rtp', 'remote-outbound-rtp', 'candidate-pair', 'transport',
  'codec', 'media-source', 'track', 'local-candidate', 'remote-candidate',
])

/** Chrome's webrtc-internals export adds computed `[...]` values; like the webrtc-internals reader, keep only `[codec]`. */
const KEPT_COMPUTED = new Set(['[codec]'])
const DROPPED = new Set(['base64Certificate'])

export class ConnectionStatsCollector {
  readonly stats: ConnectionStats
  /** Snapshots that held legacy goog reports. */
  legacySnapshots = 0
  standardSnapshots = 0
  sampleCount = 0
  /** Samples dropped because their time went backwards (series must stay ascending). */
  outOfOrder = 0

  constructor(connectionKey: string) {
    this.stats = { connectionKey, objects: new Map() }
  }

  /** Records one decoded snapshot. */
  add(snapshot: DecodedSnapshot): void {
    let samples = snapshot.samples
    if (samples.length === 0) return
    if (isLegacySnapshot(snapshot.all)) {
      this.legacySnapshots++
      samples = mapLegacySamples(samples, snapshot.all)
    } else {
      this.standardSnapshots++
    }
    this.sampleCount++
    for (const s of samples) {
      const type = typeof s.report.type === 'string' ? s.report.type : ''
      if (!KEPT_TYPES.has(type)) continue
      let obj: StatsObjectHistory | undefined = this.stats.objects.get(s.id)
      if (!obj) {
        obj = newObjectHistory(s.id, type)
        this.stats.objects.set(s.id, obj)
      }
      const last = obj.t[obj.t.length - 1]
      if (last !== undefined && s.t < last) {
        this.outOfOrder++
        continue
      }
      appendSample(obj, s.t, kept(s.report))
    }
  }
}

function kept(report: Report): Report {
  const out: Report = {}
  for (const [k, v] of Object.entries(report)) {
    if (DROPPED.has(k) || (k.startsWith('[') && !KEPT_COMPUTED.has(k))) continue
    out[k] = v
  }
  return out
}
