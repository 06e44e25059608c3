/**
 * RTCP collection: the figures RTCP reports about each SSRC (report blocks, feedback, REMB, round trips
 * from SR/RR LSR–DLSR and XR RRTR/DLRR) gathered per (conversation, reported SSRC) in 1-s buckets keyed by
 * epoch second. Round trips are arrival-time differences at the capture point, in ms. Attribution of the
 * buckets to streams is done at the end (rtcp-attach.ts). Memory: per SSRC and second, never per packet.
 */
import { hex32 } from './bytes'
import { Column } from './column'
import type { Conv } from './conversation'
import type { EventAggregator } from './event-agg'
import { parseRtcp, type RtcpSink } from './rtcp'

/** RTCP-reported figures about one SSRC seen in one conversation, in 1-s buckets. */
export interface Reports {
  conv: Conv
  ssrc: number
  bucket: number
  cur: Float64Array
  cols: Column[]
}

// Report bucket fields (indices into Reports.cur / cols); cols[R_N] holds the bucket end times.
export const R_FRACTION = 0
export const R_CUMLOST = 1
export const R_JITTER = 2
export const R_RTT = 3
export const R_NACK = 4
export const R_PLI = 5
export const R_FIR = 6
export const R_REMB = 7
export const R_N = 8

const SR_RING = 16

/** The last SR_RING (NTP middle 32 bits → arrival ms) pairs of one SSRC. */
interface Ring {
  key: Float64Array
  t: Float64Array
  n: number
}

/** Collects RTCP of the whole capture into per-(conversation, SSRC) report buckets. */
export class RtcpCollector {
  /** Open report buckets by `convId:ssrc`, in order of first report. */
  readonly reports = new Map<string, Reports>()
  /** Round trips that came out negative (capture point not at the SR sender) and were dropped. */
  negativeRtt = 0
  private readonly srs = new Map<number, Ring>()
  private readonly rrtrs = new Map<number, Ring>()
  // Current packet context for the sink.
  private cRel = 0
  private cEpoch = 0
  private cConv: Conv | null = null

  constructor(private readonly events: EventAggregator) {}

  /** One RTCP-looking datagram of `conv`: false when it holds no RTCP packet; counts RTCP or SRTCP. */
  packet(conv: Conv, b: Uint8Array, o: number, len: number, relMs: number, epoch: number): boolean {
    this.cRel = relMs
    this.cEpoch = epoch
    this.cConv = conv
    const r = parseRtcp(b, o, len, this.sink)
    if (r.packets === 0) return false
    if (r.encrypted) conv.srtcp++
    else conv.rtcp++
    return true
  }

  private readonly sink: RtcpSink = {
    senderReport: (ssrc, ntpMiddle) => {
      ringPut(this.srs, ssrc, ntpMiddle, this.cRel)
    },
    reportBlock: (_reporter, ssrc, fractionLost, cumLost, _ext, jitter, lsr, dlsr) => {
      const r = this.reportsFor(ssrc)
      r.cur[R_FRACTION] = (fractionLost * 100) / 256
      r.cur[R_CUMLOST] = cumLost
      r.cur[R_JITTER] = jitter
      if (lsr !== 0) {
        const tSr = ringFind(this.srs, ssrc, lsr)
        if (tSr !== null) this.rtt(r, this.cRel - tSr - (dlsr * 1000) / 65536)
      }
    },
    receiverReferenceTime: (ssrc, ntpMiddle) => {
      ringPut(this.rrtrs, ssrc, ntpMiddle, this.cRel)
    },
    dlrr: (sender, ssrc, lrr, dlrr) => {
      if (lrr === 0) return
      const t = ringFind(this.rrtrs, ssrc, lrr)
      if (t !== null) this.rtt(this.reportsFor(sender), this.cRel - t - (dlrr * 1000) / 65536)
    },
    bye: (ssrc) => {
      const conv = this.cConv!
      this.events.add(`${conv.id}|rtcp.bye`, 'rtcp.bye', conv.key, conv.where, this.cEpoch, 'bye', 'info', { ssrc: `0x${hex32(ssrc)}` })
    },
    feedback: (kind, _sender, media, value) => {
      const r = this.reportsFor(media)
      const i = kind === 'nack' ? R_NACK : kind === 'pli' ? R_PLI : kind === 'fir' ? R_FIR : R_REMB
      if (kind === 'remb') r.cur[i] = value / 1000
      else r.cur[i] = (Number.isNaN(r.cur[i]!) ? 0 : r.cur[i]!) + value
    },
  }

  private rtt(r: Reports, ms: number): void {
    if (ms < -1) {
      this.negativeRtt++
      return
    }
    r.cur[R_RTT] = Math.max(0, ms)
  }

  private reportsFor(ssrc: number): Reports {
    const conv = this.cConv!
    const key = `${conv.id}:${ssrc}`
    let r = this.reports.get(key)
    const idx = Math.floor(this.cEpoch / 1000)
    if (!r) {
      r = { conv, ssrc, bucket: idx, cur: new Float64Array(R_N).fill(NaN), cols: Array.from({ length: R_N + 1 }, () => new Column(4)) }
      this.reports.set(key, r)
    } else if (idx > r.bucket) {
      closeReports(r)
      r.bucket = idx
    }
    return r
  }
}

/** Closes the current bucket: appended to the columns, ending at the next whole second, if it has any figure. */
export function closeReports(r: Reports): void {
  let any = false
  for (let i = 0; i < R_N; i++) if (!Number.isNaN(r.cur[i]!)) any = true
  if (!any) return
  for (let i = 0; i < R_N; i++) r.cols[i]!.push(r.cur[i]!)
  r.cols[R_N]!.push((r.bucket + 1) * 1000)
  r.cur.fill(NaN)
}

function ringPut(map: Map<number, Ring>, ssrc: number, key: number, t: number): void {
  let r = map.get(ssrc)
  if (!r) {
    r = { key: new Float64Array(SR_RING), t: new Float64Array(SR_RING), n: 0 }
    map.set(ssrc, r)
  }
  const i = r.n % SR_RING
  r.key[i] = key
  r.t[i] = t
  r.n++
}

function ringFind(map: Map<number, Ring>, ssrc: number, key: number): number | null {
  const r = map.get(ssrc)
  if (!r) return null
  for (let k = 1; k <= Math.min(r.n, SR_RING); k++) {
    const i = (r.n - k) % SR_RING
    if (r.key[i] === key) return r.t[i]!
  }
  return null
}
