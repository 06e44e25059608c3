/**
 * One RTP stream (one SSRC in one direction of one 5-tuple), analysed packet by packet exactly as
 * Wireshark's RTP Stream Analysis does (`ui/tap-rtp-analysis.c`, `rtppacket_analyse`, 4.x), plus
 * 1-second aggregates for the series. Nothing is kept per packet.
 *
 * Wireshark's rules, reproduced (times are capture-relative ms, like its `rel_ts`):
 *  - Sequence and timestamp are extended over wraps from the previous packet of the stream
 *    (`calculate_extended_seqno`/`_timestamp`: the value nearest the previous one).
 *  - A packet is "in time sequence" when its extended timestamp is not below the one of the last in-time
 *    packet; only in-time packets move the reference (`time`, `seq_timestamp`).
 *  - Sequence errors: an in-time packet that is not previous+1 (and not the 65535→0 wrap) is an error
 *    when it jumps ahead (or wraps with loss, previous − current > 0xFF00) and becomes the new reference;
 *    any packet at or before the previous one (late or duplicate) is an error too.
 *  - delta = arrival − arrival of the last in-time packet; jitter: D = |arrival − (last in-time arrival +
 *    timestamp advance / (clock/1000))| and J = (15·J + D)/16 (RFC 3550 §6.4.1 in ms). `clock/1000` is an
 *    integer division in Wireshark (44 100 Hz counts as 44 kHz), kept here.
 *  - Max/min/mean delta and max/min/mean jitter only over "regular" packets: not the first, no marker,
 *    not comfort noise (PT 13/19), not right after comfort noise, and in time sequence. The means are
 *    Wireshark's running form mean = (mean·(n−1) + x)/n with n the number of packets before this one.
 *  - expected = highest extended seq − lowest extended seq + 1; lost = expected − packets.
 */
import { Column } from './column'
import { HYPOTHESIS_RATES, STATIC_RATE } from './rtp-clock'

const NH = HYPOTHESIS_RATES.length
/** Wireshark's integer kHz per hypothesis (`clock_rate/1000` in C). */
const HYP_KHZ = HYPOTHESIS_RATES.map((r) => Math.trunc(r / 1000))
/** Empty seconds inside a stream filled with zero-rate buckets; longer silences get one NaN gap point. */
export const MAX_FILLED_GAP_S = 60
/** An arrival gap at least this long inside a stream is reported as an `rtp.gap` event. */
export const GAP_EVENT_MS = 2000
const MAX_GAPS = 200

/** An arrival gap inside a stream (for `rtp.gap` events). */
export interface RtpGap {
  epochMs: number
  gapMs: number
  seqBefore: number
  seqAfter: number
}

/** Per-second aggregates of a stream, columnar. `t` is the end of each 1-s bucket (epoch ms). */
export interface StreamBuckets {
  t: Float64Array
  /** IP-level bytes (RTP + 28 for IPv4 or + 48 for IPv6, Wireshark's bandwidth convention). */
  bytes: Float64Array
  packets: Float64Array
  /** Advance of the highest extended sequence number during the second (RFC 3550 A.3 interval). */
  expected: Float64Array
  /** Jitter estimate at the end of the second, per clock hypothesis. */
  jitter: Float64Array[]
}

export class RtpStream {
  // Wireshark state
  private first = true
  packets = 0
  startSeq = 0
  stopSeq = 0
  private seqNum = 0
  private time = 0
  private seqTimestamp = 0
  private lastExtSeq = 0
  private lastExtTs = 0
  private prevPt = -1
  delta = 0
  maxDelta = 0
  maxDeltaFrame = 0
  minDelta = -1
  meanDelta = 0
  seqErrors = 0
  readonly jitter = new Float64Array(NH)
  readonly maxJitter = new Float64Array(NH)
  readonly minJitter = new Float64Array(NH).fill(-1)
  readonly meanJitter = new Float64Array(NH)
  /** True once a packet had no static clock rate (so the hypotheses differ). */
  usedHypotheses = false

  // Evidence for the kind/clock heuristic and figures
  startTime = 0
  private firstExtTs = 0
  firstEpochMs = NaN
  lastEpochMs = NaN
  firstFrame = 0
  lastFrame = 0
  markers = 0
  pairs = 0
  sameTimestampPairs = 0
  payloadBytes = 0
  ipBytes = 0
  readonly ptCounts = new Map<number, number>()
  backInTime = 0
  readonly gaps: RtpGap[] = []

  // 1-s buckets
  private bucket = -1
  private bBytes = 0
  private bPackets = 0
  private bRefSeq = 0
  private readonly cT = new Column()
  private readonly cBytes = new Column()
  private readonly cPackets = new Column()
  private readonly cExpected = new Column()
  private readonly cJitter: Column[] = HYPOTHESIS_RATES.map(() => new Column())

  constructor(readonly ssrc: number) {}

  /**
   * One packet. `relMs` is capture-relative (Wireshark's reference), `epochMs` absolute (buckets);
   * `rtpLen` the whole RTP packet on the wire, `payloadLen` after the header, `ipOverhead` 28 or 48.
   */
  add(relMs: number, epochMs: number, frame: number, seq: number, ts: number, marker: boolean, pt: number,
    rtpLen: number, payloadLen: number, ipOverhead: number): void {
    this.toBucket(epochMs)
    this.bBytes += rtpLen + ipOverhead
    this.bPackets++
    this.ipBytes += rtpLen + ipOverhead
    this.payloadBytes += payloadLen
    this.lastEpochMs = epochMs
    this.lastFrame = frame
    if (marker) this.markers++
    this.ptCounts.set(pt, (this.ptCounts.get(pt) ?? 0) + 1)

    if (this.first) {
      this.first = false
      const extSeq = 0x10000 + seq
      const extTs = 0x100000000 + ts
      this.startSeq = this.stopSeq = this.lastExtSeq = extSeq
      this.bRefSeq = extSeq - 1
      this.seqNum = seq
      this.startTime = this.time = relMs
      this.seqTimestamp = this.lastExtTs = this.firstExtTs = extTs
      this.prevPt = pt
      this.firstEpochMs = epochMs
      this.firstFrame = frame
      this.packets = 1
      return
    }

    const extSeq = extendSeq(this.lastExtSeq, seq)
    const extTs = extendTs(this.lastExtTs, ts)
    if (extTs === this.lastExtTs && extSeq > this.lastExtSeq) this.sameTimestampPairs++
    if (extSeq > this.lastExtSeq) this.pairs++
    this.lastExtSeq = extSeq
    this.lastExtTs = extTs

    const inTime = this.seqTimestamp <= extTs
    const sn = this.seqNum
    if (inTime && sn + 1 === seq) this.seqNum = seq
    else if (inTime && sn === 65535 && seq === 0) this.seqNum = seq
    else if (inTime && (sn + 1 < seq || sn - seq > 0xff00)) {
      this.seqNum = seq
      this.seqErrors++
    } else if (sn + 1 > seq) this.seqErrors++

    const isCn = pt === 13 || pt === 19
    const followCn = this.prevPt === 13 || this.prevPt === 19
    this.prevPt = pt

    const nominal = extTs - this.seqTimestamp
    const staticKhz = Math.trunc(STATIC_RATE[pt]! / 1000)
    if (staticKhz === 0) this.usedHypotheses = true
    const delta = relMs - this.time
    this.delta = delta
    if (delta >= GAP_EVENT_MS && this.gaps.length < MAX_GAPS) {
      this.gaps.push({ epochMs, gapMs: delta, seqBefore: sn, seqAfter: seq })
    }
    if (relMs < this.time) this.backInTime++
    const regular = !marker && !isCn && !followCn && inTime
    const n = this.packets
    for (let h = 0; h < NH; h++) {
      const khz = staticKhz || HYP_KHZ[h]!
      const diff = Math.abs(relMs - (this.time + nominal / khz))
      const j = (15 * this.jitter[h]! + diff) / 16
      this.jitter[h] = j
      if (regular) {
        if (j > this.maxJitter[h]!) this.maxJitter[h] = j
        this.meanJitter[h] = (this.meanJitter[h]! * (n - 1) + j) / n
        if (this.minJitter[h] === -1 || j < this.minJitter[h]!) this.minJitter[h] = j
      }
    }
    if (regular) {
      if (delta > this.maxDelta) {
        this.maxDelta = delta
        this.maxDeltaFrame = frame
      }
      if (this.minDelta === -1 || delta < this.minDelta) this.minDelta = delta
      this.meanDelta = (this.meanDelta * (n - 1) + delta) / n
    }
    if (inTime) {
      this.time = relMs
      this.seqTimestamp = extTs
    }
    if (extSeq < this.startSeq) this.startSeq = extSeq
    if (extSeq > this.stopSeq) this.stopSeq = extSeq
    this.packets++
  }

  get expected(): number {
    return this.stopSeq - this.startSeq + 1
  }

  /** Timestamp clock estimated from in-order packets (Hz), NaN when under 1 s or 10 packets. */
  get rateEstimate(): number {
    const span = this.time - this.startTime
    if (this.packets < 10 || span < 1000) return NaN
    return ((this.seqTimestamp - this.firstExtTs) * 1000) / span
  }

  /** The most frequent payload type. */
  get mainPt(): number {
    let best = -1
    let bestN = -1
    for (const [pt, n] of this.ptCounts) {
      if (n > bestN) {
        best = pt
        bestN = n
      }
    }
    return best
  }

  /** Closes the open bucket and returns the columns. Call once, at the end. */
  finish(): StreamBuckets {
    if (this.bucket >= 0) this.closeBucket()
    this.bucket = -1
    return {
      t: this.cT.toArray(), bytes: this.cBytes.toArray(), packets: this.cPackets.toArray(),
      expected: this.cExpected.toArray(), jitter: this.cJitter.map((c) => c.toArray()),
    }
  }

  private toBucket(epochMs: number): void {
    const idx = Math.floor(epochMs / 1000)
    if (this.bucket < 0) {
      this.bucket = idx
      return
    }
    if (idx <= this.bucket) return // same second, or capture time went backwards: stays in the open bucket
    this.closeBucket()
    const empty = idx - this.bucket - 1
    if (empty > 0 && empty <= MAX_FILLED_GAP_S) {
      for (let k = 1; k <= empty; k++) this.pushBucket((this.bucket + k + 1) * 1000, 0, 0, 0, true)
    } else if (empty > MAX_FILLED_GAP_S) {
      this.pushBucket((this.bucket + 2) * 1000, NaN, NaN, NaN, true)
    }
    this.bucket = idx
  }

  private closeBucket(): void {
    this.pushBucket((this.bucket + 1) * 1000, this.bBytes, this.bPackets, this.stopSeq - this.bRefSeq, false)
    this.bRefSeq = this.stopSeq
    this.bBytes = 0
    this.bPackets = 0
  }

  private pushBucket(t: number, bytes: number, packets: number, expected: number, noJitter: boolean): void {
    this.cT.push(t)
    this.cBytes.push(bytes)
    this.cPackets.push(packets)
    this.cExpected.push(expected)
    for (let h = 0; h < NH; h++) this.cJitter[h]!.push(noJitter ? NaN : this.jitter[h]!)
  }
}

/** Wireshark's `calculate_extended_seqno`: the extension of `raw` nearest to `prev`. */
export function extendSeq(prev: number, raw: number): number {
  let s = prev - (prev % 0x10000) + raw
  if (s + 0x8000 < prev) s += 0x10000
  else if (prev + 0x8000 < s) s -= 0x10000
  return s
}

/** Wireshark's `calculate_extended_timestamp`, for 32-bit RTP timestamps. */
export function extendTs(prev: number, raw: number): number {
  let s = prev - (prev % 0x100000000) + raw
  if (s + 0x80000000 < prev) s += 0x100000000
  else if (prev + 0x80000000 < s) s -= 0x100000000
  return s
}
