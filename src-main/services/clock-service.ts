/**
 * Clock offsets between the sources of one case. Where two entries saw the same RTP stream (the
 * sender's outbound SSRC is the receiver's inbound SSRC), their offset is estimated from the packet
 * counters (core/timeline/clock-offset.ts); offsets chain from a reference entry (the first with
 * streams) across such pairs. The user can always set an entry's offset by hand.
 */
import type { ClockOffsetDto } from '../contract/dto'
import { DomainError } from '../contract/errors'
import { type OffsetEstimate, estimateClockOffset } from '../core/timeline/clock-offset'
import type { Db } from '../store/db'
import { getCase } from '../store/repos/cases-repo'
import { caseEntriesClock, caseStreams, setEntryClockOffset, streamSeriesRaw, type StreamRow } from '../store/repos/timeline-repo'
import type { EventBus } from '../transport/event-bus'

interface PairEstimate extends OffsetEstimate { sender: number; receiver: number; ssrc: number }

export class ClockService {
  constructor(private readonly db: Db, private readonly bus: EventBus) {}

  async setOffset(entryId: number, offsetMs: number): Promise<null> {
    const caseId = await this.db.tx((t) => setEntryClockOffset(t, entryId, offsetMs))
    if (!caseId) throw new DomainError('NOT_FOUND', `no entry ${entryId}`)
    this.bus.emit('case.updated', { caseId })
    return null
  }

  async estimate(caseId: string): Promise<ClockOffsetDto[]> {
    if (!(await getCase(this.db, caseId))) throw new DomainError('NOT_FOUND', `no case ${caseId}`)
    const entries = await caseEntriesClock(this.db, caseId)
    const streams = await caseStreams(this.db, caseId)
    const pairs = await this.pairEstimates(streams)
    const withStreams = entries.filter((e) => streams.some((s) => s.entry_id === e.id))
    const reference = withStreams[0]?.id ?? null
    // Offsets relative to the reference entry's clock, walking the pair graph breadth-first.
    const relative = new Map<number, PairEstimate | null>()
    if (reference !== null) relative.set(reference, null)
    const offsetOf = new Map<number, number>(reference !== null ? [[reference, 0]] : [])
    const queue = reference !== null ? [reference] : []
    while (queue.length) {
      const at = queue.shift()!
      for (const p of pairs) {
        const [other, sign] = p.sender === at ? [p.receiver, 1] : p.receiver === at ? [p.sender, -1] : [null, 0]
        if (other === null || offsetOf.has(other)) continue
        offsetOf.set(other, offsetOf.get(at)! + sign * p.offsetMs)
        relative.set(other, p)
        queue.push(other)
      }
    }
    const refOffset = entries.find((e) => e.id === reference)?.clock_offset_ms ?? 0
    return entries.map((e) => {
      const rel = offsetOf.get(e.id)
      const basis = relative.get(e.id)
      return {
        entryId: e.id, path: e.path, currentOffsetMs: e.clock_offset_ms, isReference: e.id === reference,
        suggestedOffsetMs: rel === undefined ? null : Math.round(refOffset + rel),
        basis: basis ? `RTP packet counters of SSRC ${basis.ssrc} (${basis.samples} samples, spread ${Math.round(basis.spreadMs)} ms)` : e.id === reference ? 'reference clock' : null,
      }
    })
  }

  private async pairEstimates(streams: StreamRow[]): Promise<PairEstimate[]> {
    const out: PairEstimate[] = []
    for (const send of streams) {
      if (send.direction !== 'send' || send.ssrc === null) continue
      for (const recv of streams) {
        if (recv.direction !== 'recv' || recv.ssrc !== send.ssrc || recv.entry_id === send.entry_id) continue
        const e = await this.estimatePair(send, recv)
        if (e) out.push({ ...e, sender: send.entry_id, receiver: recv.entry_id, ssrc: send.ssrc })
      }
    }
    // Best evidence first: most samples, then tightest spread.
    return out.sort((a, b) => b.samples - a.samples || a.spreadMs - b.spreadMs)
  }

  private async estimatePair(send: StreamRow, recv: StreamRow): Promise<OffsetEstimate | null> {
    const sent = await streamSeriesRaw(this.db, send.id, 'stat.outbound-rtp.packetsSent')
    const rtx = await streamSeriesRaw(this.db, send.id, 'stat.outbound-rtp.retransmittedPacketsSent')
    const got = await streamSeriesRaw(this.db, recv.id, 'stat.inbound-rtp.packetsReceived')
    const lost = await streamSeriesRaw(this.db, recv.id, 'stat.inbound-rtp.packetsLost')
    if (!sent || !got) return null
    // Retransmissions count in packetsSent but add no sequence numbers at the receiver.
    const sentV = rtx && rtx.v.length === sent.v.length ? sent.v.map((x, i) => x - (Number.isFinite(rtx.v[i]!) ? rtx.v[i]! : 0)) : sent.v
    const seen = lost && lost.v.length === got.v.length ? got.v.map((x, i) => x + (Number.isFinite(lost.v[i]!) ? lost.v[i]! : 0)) : got.v
    const rtt = await streamSeriesRaw(this.db, send.id, 'rtt_ms')
    return estimateClockOffset({ t: sent.t, v: sentV }, { t: got.t, v: seen }, rtt ? median(rtt.v) : null)
  }
}

function median(v: Float64Array): number | null {
  const xs = Array.from(v).filter(Number.isFinite).sort((a, b) => a - b)
  return xs.length ? xs[Math.floor(xs.length / 2)]! : null
}
