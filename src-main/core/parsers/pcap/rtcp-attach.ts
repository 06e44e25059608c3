/**
 * RTCP attribution, at the end of the capture: each (conversation, SSRC) report bucket set becomes series
 * of the stream of the reported SSRC — in the same conversation, else on the RTP port pair one below
 * (RFC 3550 §11), else any stream of that SSRC — or, with no such stream, of the conversation alone.
 * Series times are epoch ms at the end of each 1-s bucket; jitter is converted to ms with the stream's clock.
 */
import type { ParsedEntry, SeriesData } from '../../model/call'
import type { Conv, StreamRec } from './conversation'
import {
  closeReports, R_CUMLOST, R_FIR, R_FRACTION, R_JITTER, R_N, R_NACK, R_PLI, R_REMB, R_RTT, type Reports,
} from './rtcp-reports'

/**
 * Closes every report bucket set and pushes its series into `entry`, attributed to a stream as above.
 * `finished` gives each stream's clock rate. Returns how many report sets found no stream (orphans).
 */
export function attachReports(entry: ParsedEntry, reports: Iterable<Reports>, streams: readonly StreamRec[],
  byConv: Map<Conv, StreamRec[]>, finished: Map<StreamRec, { clockRate: number }>): number {
  const bySsrc = new Map<number, StreamRec[]>()
  for (const rec of streams) {
    const l = bySsrc.get(rec.s.ssrc)
    if (l) l.push(rec)
    else bySsrc.set(rec.s.ssrc, [rec])
  }
  let orphans = 0
  for (const r of reports) {
    closeReports(r)
    let target = byConv.get(r.conv)?.find((x) => x.s.ssrc === r.ssrc)
    if (!target) {
      const cands = bySsrc.get(r.ssrc) ?? []
      target = cands.find((x) => sameHostsPortBelow(x.flow.state.conv, r.conv)) ?? cands[0]
    }
    if (!target) orphans++
    const streamKey = target?.key
    const connectionKey = target ? target.flow.state.conv.key : r.conv.key
    const clock = target ? finished.get(target)!.clockRate : NaN
    pushReportSeries(entry.series, r, connectionKey, streamKey, clock)
  }
  return orphans
}

/** The series of one report set: one per figure that has at least one finite value. */
function pushReportSeries(out: SeriesData[], r: Reports, connectionKey: string, streamKey: string | undefined,
  clock: number): void {
  const t = r.cols[R_N]!.toArray()
  const add = (i: number, metric: string, unit: string, scale = 1) => {
    const v = r.cols[i]!.toArray()
    const keep: number[] = []
    for (let k = 0; k < v.length; k++) if (Number.isFinite(v[k]!)) keep.push(k)
    if (keep.length === 0 || !Number.isFinite(scale)) return
    const s: SeriesData = {
      metric, unit, connectionKey, t: Float64Array.from(keep, (k) => t[k]!), v: Float64Array.from(keep, (k) => v[k]! * scale),
    }
    if (streamKey) s.streamKey = streamKey
    out.push(s)
  }
  add(R_FRACTION, 'stat.rtcp.fraction_lost', '%')
  add(R_CUMLOST, 'stat.rtcp.cumulative_lost', 'count')
  add(R_JITTER, 'stat.rtcp.jitter_ms', 'ms', 1000 / clock)
  add(R_RTT, 'rtt_ms', 'ms')
  add(R_NACK, 'nack_per_s', 'per s')
  add(R_PLI, 'pli_per_s', 'per s')
  add(R_FIR, 'fir_per_s', 'per s')
  add(R_REMB, 'stat.rtcp.remb_kbps', 'kbps')
}

/** RTCP on the odd port next to RTP (RFC 3550 §11): same hosts, ports one below. */
function sameHostsPortBelow(rtpConv: Conv, rtcpConv: Conv): boolean {
  const direct = rtpConv.aIp === rtcpConv.aIp && rtpConv.bIp === rtcpConv.bIp && rtpConv.aPort + 1 === rtcpConv.aPort && rtpConv.bPort + 1 === rtcpConv.bPort
  const crossed = rtpConv.aIp === rtcpConv.bIp && rtpConv.bIp === rtcpConv.aIp && rtpConv.aPort + 1 === rtcpConv.bPort && rtpConv.bPort + 1 === rtcpConv.aPort
  return direct || crossed
}
