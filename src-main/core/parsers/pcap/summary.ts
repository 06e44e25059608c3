/**
 * Per-stream summary figures (`StreamSummary.figures`) of the pcap parser.
 *
 * ---8<--- figure reference (README) ---8<---
 * RTP stream figures (pcap/pcapng imports), one set per SSRC per direction of a 5-tuple. They follow
 * Wireshark's "RTP Stream Analysis" (Telephony › RTP › RTP Streams; `tshark -z rtp,streams`):
 *
 * | figure           | meaning |
 * |------------------|---------|
 * | packets          | RTP packets of the stream in the capture (Wireshark "Pkts"). |
 * | expected         | highest extended sequence number − lowest extended sequence number + 1. |
 * | lost             | expected − packets; negative when duplicates outnumber losses (Wireshark "Lost"). |
 * | lostPct          | 100 × lost / expected (Wireshark's percentage next to "Lost"). |
 * | seqErrors        | packets Wireshark flags as a wrong sequence number: a jump ahead (loss), or a late or duplicate packet. |
 * | maxDeltaMs       | largest arrival gap (ms) between a regular packet and the previous in-time packet (Wireshark "Max Delta"); packets with the marker bit, comfort noise (PT 13/19) or a timestamp going backwards are not counted, as in Wireshark. |
 * | maxDeltaAtPacket | capture frame number (1-based, as Wireshark numbers frames) of that packet. |
 * | minDeltaMs, meanDeltaMs | Wireshark's "Min Delta" and "Mean Delta" (same packets; Wireshark's running mean). |
 * | maxJitterMs, meanJitterMs, minJitterMs | RFC 3550 interarrival jitter J = J + (|D| − J)/16 in ms, computed with `clockRate`; max/mean/min over the same regular packets (Wireshark "Max/Mean/Min Jitter"). |
 * | clockRate        | RTP clock (Hz) used for jitter: RFC 3551 table for static payload types; for dynamic ones the assumed rate (see `clockRateSource`). Wireshark without SDP knows no rate for dynamic types and shows jitter 0 for them. |
 * | clockRateSource  | `static-pt`, `estimated` (timestamp advance / arrival time), `assumed-video` (90000) or `assumed-audio` (48000). |
 * | rateEstimateHz   | the measured timestamp clock (null when the stream is under 1 s or 10 packets). |
 * | payloadType      | the most frequent payload type; `payloadTypes` lists all of them (e.g. `8,13`). |
 * | codec            | static payload type name (PCMU, PCMA, G722...), or null for dynamic types. |
 * | kind             | `audio` / `video` (static table, else the heuristic in rtp-clock.ts). |
 * | ssrc, ssrcHex    | SSRC as a number and as `0xDEE0EE8F`. |
 * | src, dst         | `ip:port` (IPv6 as `[addr]:port`) of the 5-tuple (outer addresses for TURN-relayed media). |
 * | transport        | `udp`, `udp/turn-channel`, `udp/turn-send`, `tcp/rfc4571`, `tcp/turn-channel`, `tcp/turn-send`. |
 * | firstTime, lastTime | epoch ms (UTC) of the first and last packet; `durationMs` between them. |
 * | firstFrame, lastFrame | capture frame numbers of the first and last packet. |
 * | bytes, meanBitrateKbps | IP-level bytes (RTP + 28 for IPv4, + 48 for IPv6, Wireshark's bandwidth convention) and their mean rate over the stream duration. |
 * | markers          | packets with the marker bit. |
 *
 * Per-stream series (1-s buckets ending at `t`, aligned to whole epoch seconds): `bitrate` (kbps, same
 * byte convention), `packets_per_s`, `loss_pct` (interval loss from the advance of the highest sequence
 * number in the second: 100 × max(0, expected − received) / expected, RFC 3550 A.3) and `jitter_ms`
 * (the jitter estimate at the end of the second). From RTCP about the stream's SSRC, as reported by the
 * peer: `stat.rtcp.fraction_lost` (%), `stat.rtcp.cumulative_lost`, `stat.rtcp.jitter_ms`, `rtt_ms`
 * (arrival of the RR − arrival of the SR it names by LSR − DLSR, or XR RRTR/DLRR likewise: the round trip
 * seen from the capture point, the full RTT when capturing at the SR sender), `nack_per_s`, `pli_per_s`,
 * `fir_per_s`, `stat.rtcp.remb_kbps`.
 * ---8<---
 */
import type { Scalar } from '../../model/call'
import { hex32 } from './bytes'
import type { Classification } from './rtp-clock'
import type { RtpStream } from './rtp-stream'

const r6 = (x: number) => Math.round(x * 1e6) / 1e6

/** The figures of one finished stream, with the results of clock hypothesis `h`. */
export function streamFigures(s: RtpStream, h: number, cls: Classification, src: string, dst: string,
  transport: string): Record<string, Scalar> {
  const expected = s.expected
  const lost = expected - s.packets
  const pts = [...s.ptCounts.keys()].sort((a, b) => a - b)
  const est = s.rateEstimate
  const duration = s.lastEpochMs - s.firstEpochMs
  return {
    packets: s.packets,
    expected,
    lost,
    lostPct: expected > 0 ? r6((lost * 100) / expected) : 0,
    seqErrors: s.seqErrors,
    maxDeltaMs: r6(s.maxDelta),
    maxDeltaAtPacket: s.maxDeltaFrame,
    minDeltaMs: s.minDelta < 0 ? null : r6(s.minDelta),
    meanDeltaMs: r6(s.meanDelta),
    maxJitterMs: r6(s.maxJitter[h]!),
    meanJitterMs: r6(s.meanJitter[h]!),
    minJitterMs: s.minJitter[h]! < 0 ? null : r6(s.minJitter[h]!),
    clockRate: cls.clockRate,
    clockRateSource: cls.source,
    rateEstimateHz: Number.isFinite(est) ? Math.round(est) : null,
    payloadType: s.mainPt,
    payloadTypes: pts.join(','),
    codec: cls.codec ?? null,
    kind: cls.kind,
    ssrc: s.ssrc,
    ssrcHex: `0x${hex32(s.ssrc).toUpperCase()}`,
    src,
    dst,
    transport,
    firstTime: s.firstEpochMs,
    lastTime: s.lastEpochMs,
    durationMs: r6(duration),
    firstFrame: s.firstFrame,
    lastFrame: s.lastFrame,
    bytes: s.ipBytes,
    meanBitrateKbps: duration > 0 ? r6((s.ipBytes * 8) / duration) : null,
    markers: s.markers,
  }
}
