/**
 * The pcap/pcapng parser over generated captures with known content (test/fixtures/generate/pcap*.ts),
 * every figure checked against values worked out by hand below, and over the shared corpus (every capture
 * parses; the ones carrying RTP yield streams, with figures checked against `tshark -z rtp,streams`
 * output recorded from Wireshark 4.0.17 where the two agree by construction).
 *
 * Wireshark's rules the arithmetic follows (see src-main/core/parsers/pcap/rtp-stream.ts):
 *   delta_i = arrival_i − arrival of the last in-time packet; D_i = |delta_i − Δts/(clock/1000)|;
 *   J_i = (15·J_{i−1} + D_i)/16; max/min/mean over "regular" packets (not first, no marker, in time);
 *   running means: mean_i = (mean_{i−1}·(n−1) + x_i)/n with n = packets before packet i.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { CallEvent, ParsedEntry, Scalar, SeriesData } from '../../../src-main/core/model/call'
import { captureHosts, direction } from '../../../src-main/core/parsers/pcap/analyzer'
import { parsePcapBytes, pcapFormat, sniffPcap } from '../../../src-main/core/parsers/pcap/format'
import { classifyStream } from '../../../src-main/core/parsers/pcap/rtp-clock'
import { builtinFormats, sniffFormat } from '../../../src-main/core/parsers/registry'
import {
  ether, filler, LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_SLL, LINKTYPE_SLL2, sll, sll2, udpIp, writePcap,
} from '../../fixtures/generate/pcap'
import {
  A, B, C, opusArrivalMs, scenarioA, scenarioAFrames, scenarioB, scenarioCTcp, scenarioCTurn, T0,
} from '../../fixtures/generate/pcap-scenarios'
import { corpusPath, describeCorpus } from '../../support/corpus'

// ---------------------------------------------------------------- helpers

function figures(e: ParsedEntry, ssrc: number, src?: string): Record<string, Scalar> {
  const s = e.summaries.filter((x) => x.figures.ssrc === ssrc && (!src || x.figures.src === src))
  expect(s, `one summary for 0x${ssrc.toString(16)}`).toHaveLength(1)
  return s[0]!.figures
}

function streamKeyOf(e: ParsedEntry, ssrc: number): string {
  const s = e.streams.filter((x) => x.ssrc === ssrc)
  expect(s).toHaveLength(1)
  return s[0]!.key
}

function series(e: ParsedEntry, metric: string, streamKey: string): SeriesData {
  const s = e.series.filter((x) => x.metric === metric && x.streamKey === streamKey)
  expect(s, `${metric} on ${streamKey}`).toHaveLength(1)
  return s[0]!
}

function eventsOf(e: ParsedEntry, type: string): CallEvent[] {
  return e.events.filter((x) => x.type === type)
}

/** Wireshark's running jitter and means over a documented list of (D, delta, regular) per packet after the first. */
function wiresharkRun(steps: { d: number; delta: number; regular: boolean }[]) {
  let j = 0
  let maxJ = 0
  let minJ = -1
  let meanJ = 0
  let maxD = 0
  let minD = -1
  let meanD = 0
  let maxAt = -1
  const jAfter: number[] = []
  steps.forEach((s, i) => {
    const n = i + 1 // packets before this one
    j = (15 * j + s.d) / 16
    jAfter.push(j)
    if (!s.regular) return
    if (j > maxJ) maxJ = j
    if (minJ === -1 || j < minJ) minJ = j
    meanJ = (meanJ * (n - 1) + j) / n
    if (s.delta > maxD) {
      maxD = s.delta
      maxAt = i
    }
    if (minD === -1 || s.delta < minD) minD = s.delta
    meanD = (meanD * (n - 1) + s.delta) / n
  })
  return { j, maxJ, minJ, meanJ, maxD, minD, meanD, maxAt, jAfter }
}

const close = (x: Scalar | undefined, y: number, digits = 5) => expect(x as number).toBeCloseTo(y, digits)

// ---------------------------------------------------------------- scenario A

describe('pcap: classic pcap, Ethernet, one PCMU stream with loss, reordering and a duplicate', () => {
  const e = parsePcapBytes(scenarioA())
  const f = figures(e, A.ssrc)
  const key = streamKeyOf(e, A.ssrc)

  it('is read as a pcap capture without problems', () => {
    expect(e.kind).toBe('pcap')
    expect(e.format).toBe('pcap')
    expect(e.meta.captureFormat).toBe('pcap')
    expect(e.meta.timeResolution).toBe('us')
    expect(e.meta.linkTypes).toBe('ethernet')
    expect(e.meta.frames).toBe(scenarioAFrames().length)
    expect(e.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
    expect(e.streams).toHaveLength(1)
  })

  it('counts packets, expected, lost and sequence errors as Wireshark does', () => {
    // Arrivals: 100–104, 106–109, 111, 110, 112–115, 115 again, 116, 118, 119 (105 and 117 lost).
    // packets = 19 datagrams; expected = 119 − 100 + 1 = 20; lost = 20 − 19 = 1 (5 %): the duplicate
    // hides one of the two losses, as in Wireshark.
    expect(f.packets).toBe(19)
    expect(f.expected).toBe(20)
    expect(f.lost).toBe(1)
    expect(f.lostPct).toBe(5)
    // Sequence errors: 106 (jump), 111 (jump), 110 (late), 115 (duplicate), 118 (jump) = 5.
    expect(f.seqErrors).toBe(5)
  })

  it('computes delta and RFC 3550 jitter at 8 kHz (PT 0) from the controlled arrival times', () => {
    // Arrival ms per packet after the first, with Δts/8 = 20 ms per sequence step:
    //  101–104: delta 20, D 0 · 106: delta 40 (2 steps), D 0 · 107–109: 20, 0 · 111 @200: delta 20 vs
    //  2 steps (40) → D 20 · 110 @220: timestamp before 111 → not in time (not regular, reference kept at
    //  111 @200): expected 200 − 20 = 180 → D 40 · 112 @240: delta 40 vs 20 → D 20 · 113–115: 20, 0 ·
    //  115 again @301: Δts 0 → D 1, delta 1 · 116 @320: delta 19 → D 1 · 118 @365: delta 45 vs 40 → D 5 ·
    //  119 @380: delta 15 vs 20 → D 5.
    const steps = [
      [0, 20], [0, 20], [0, 20], [0, 20], [0, 40], [0, 20], [0, 20], [0, 20], [20, 20], [40, 20], [20, 40], [0, 20],
      [0, 20], [0, 20], [1, 1], [1, 19], [5, 45], [5, 15],
    ].map(([d, delta], i) => ({ d: d!, delta: delta!, regular: i !== 9 }))
    const w = wiresharkRun(steps)
    // J after 111 = 20/16 = 1.25; after 110 = (15·1.25 + 40)/16 = 3.671875; after 112 = (15·3.671875 + 20)/16
    // = 4.6923828125, the largest on a regular packet.
    expect(w.jAfter[8]).toBe(1.25)
    expect(w.jAfter[9]).toBe(3.671875)
    expect(w.maxJ).toBe(4.6923828125)
    close(f.maxJitterMs, 4.6923828125)
    close(f.meanJitterMs, w.meanJ)
    close(f.minJitterMs, 0)
    expect(f.maxDeltaMs).toBe(45)
    // 118 is the 22nd frame of the capture (3 STUN/DTLS frames, 17 RTP and the SR before it).
    expect(f.maxDeltaAtPacket).toBe(22)
    expect(f.minDeltaMs).toBe(1)
    close(f.meanDeltaMs, w.meanD)
    expect(f.clockRate).toBe(8000)
    expect(f.clockRateSource).toBe('static-pt')
  })

  it('describes the stream: PT, codec, kind, addresses, times, bytes, direction', () => {
    expect(f.payloadType).toBe(0)
    expect(f.payloadTypes).toBe('0')
    expect(f.codec).toBe('PCMU')
    expect(f.kind).toBe('audio')
    expect(f.ssrcHex).toBe('0x11111111')
    expect(f.src).toBe('10.0.0.1:5000')
    expect(f.dst).toBe('203.0.113.5:6000')
    expect(f.transport).toBe('udp')
    expect(f.firstTime).toBe(T0)
    expect(f.lastTime).toBe(T0 + 380)
    expect(f.firstFrame).toBe(4)
    expect(f.lastFrame).toBe(23)
    // 19 × (12 + 160 RTP + 28 IPv4/UDP) = 3800 bytes; over 380 ms: 3800·8/380 = 80 kbps.
    expect(f.bytes).toBe(3800)
    expect(f.meanBitrateKbps).toBe(80)
    const info = e.streams[0]!
    expect(info.key).toBe('udp:10.0.0.1:5000>203.0.113.5:6000/0x11111111')
    expect(info.connectionKey).toBe('udp 10.0.0.1:5000 <-> 203.0.113.5:6000')
    expect(info.kind).toBe('audio')
    expect(info.codec).toBe('PCMU')
    // Private source to a public destination, and no address has 2+ peers: rule 2 → send.
    expect(info.direction).toBe('send')
    expect(info.meta?.directionRule).toBe('private-public')
  })

  it('has 1-s series: bitrate, packets, interval loss and jitter', () => {
    // All packets fall in [T0, T0+1000): one bucket stamped at its end.
    const br = series(e, 'bitrate', key)
    expect(Array.from(br.t)).toEqual([T0 + 1000])
    expect(br.unit).toBe('kbps')
    expect(br.v[0]).toBeCloseTo((3800 * 8) / 1000, 9) // 30.4 kbps
    expect(Array.from(series(e, 'packets_per_s', key).v)).toEqual([19])
    // Highest sequence advanced 99 → 119 (20 expected), 19 received: 1/20 = 5 %.
    expect(Array.from(series(e, 'loss_pct', key).v)).toEqual([5])
    const steps = [0, 0, 0, 0, 0, 0, 0, 0, 20, 40, 20, 0, 0, 0, 1, 1, 5, 5]
    let j = 0
    for (const d of steps) j = (15 * j + d) / 16
    expect(series(e, 'jitter_ms', key).v[0]).toBeCloseTo(j, 9)
  })

  it('reads the SR/RR pair (RTCP on port + 1): fraction lost, cumulative lost, jitter and RTT from LSR/DLSR', () => {
    // RR at +400 ms names the SR seen at +100 ms (LSR = middle NTP bits) and held it DLSR = 0x4000/65536 s
    // = 250 ms: RTT = (400 − 100) − 250 = 50 ms. Fraction lost 26/256 = 10.15625 %. Jitter 80 units at
    // 8 kHz = 10 ms. All in the second [T0, T0+1000).
    const at = [T0 + 1000]
    const check = (metric: string, v: number) => {
      const s = series(e, metric, key)
      expect(Array.from(s.t)).toEqual(at)
      expect(s.v[0]).toBeCloseTo(v, 9)
    }
    check('rtt_ms', 50)
    check('stat.rtcp.fraction_lost', 10.15625)
    check('stat.rtcp.cumulative_lost', 1)
    check('stat.rtcp.jitter_ms', 10)
    const rtcpConn = e.connections.find((c) => c.key === 'udp 10.0.0.1:5001 <-> 203.0.113.5:6001')!
    expect(rtcpConn.meta?.rtcpPackets).toBe(2)
    // The SRTCP packet (clear SR header, encrypted body, E flag set) is counted, not read.
    expect(rtcpConn.meta?.srtcpPackets).toBe(1)
  })

  it('reports STUN bindings and DTLS as de-duplicated events', () => {
    const stun = eventsOf(e, 'stun.binding')
    // Request −50 and response −40 ms: one event; requests at +1000/+1200/+1400 ms: one event of 3;
    // +2500 ms: one more.
    expect(stun.map((x) => x.t)).toEqual([T0 - 50, T0 + 1000, T0 + 2500])
    expect(stun[0]!.data).toMatchObject({
      count: 2, requests: 1, success: 1, mappedAddress: '198.51.100.7:40000', useCandidate: true, iceRole: 'controlling',
    })
    expect(stun[1]!.data).toMatchObject({ count: 3, requests: 3 })
    expect(stun[2]!.data).toMatchObject({ count: 1, requests: 1 })
    expect(stun.every((x) => x.connectionKey === 'udp 10.0.0.1:5000 <-> 203.0.113.5:6000')).toBe(true)
    const hs = eventsOf(e, 'dtls.handshake')
    expect(hs).toHaveLength(1)
    expect(hs[0]!.t).toBe(T0 - 30)
    expect(hs[0]!.data).toMatchObject({
      ClientHello: 1, clientVersion: 'DTLS 1.2', offeredCipherSuites: '2',
      offeredSrtpProfiles: 'SRTP_AES128_CM_HMAC_SHA1_80,SRTP_AEAD_AES_128_GCM',
    })
    const alert = eventsOf(e, 'dtls.alert')
    expect(alert).toHaveLength(1)
    expect(alert[0]!).toMatchObject({ t: T0 + 5000, severity: 'error', data: { level: 'fatal', description: 'handshake_failure' } })
    // Events come sorted by time.
    const ts = e.events.map((x) => x.t)
    expect(ts).toEqual([...ts].sort((a, b) => a - b))
  })

  it('gives the same result for both byte orders, ns resolution and any chunking', () => {
    const strip = (x: ParsedEntry) => JSON.stringify({ s: x.summaries, st: x.streams, ev: x.events, se: x.series.map((s) => [s.metric, Array.from(s.t), Array.from(s.v)]) })
    const ref = strip(e)
    expect(strip(parsePcapBytes(scenarioA({ littleEndian: false })))).toBe(ref)
    const ns = parsePcapBytes(scenarioA({ nanos: true }))
    expect(ns.meta.timeResolution).toBe('ns')
    expect(strip(ns)).toBe(ref)
    const bytes = scenarioA()
    for (const size of [1, 3, 17, 4096]) expect(strip(parsePcapBytes(bytes, size)), `chunks of ${size}`).toBe(ref)
  })

  it('gives the same figures over 802.1Q, Linux SLL, SLL2 and raw IP link layers', () => {
    const ipOf = (fr: Uint8Array) => fr.slice(14) // scenario A frames are untagged Ethernet II
    const variants: [number, (p: Uint8Array) => Uint8Array][] = [
      [LINKTYPE_ETHERNET, (p) => ether(p, [42])], [LINKTYPE_SLL, sll], [LINKTYPE_SLL2, sll2], [LINKTYPE_RAW, (p) => p],
    ]
    for (const [linkType, wrap] of variants) {
      const frames = scenarioAFrames().map((fr) => ({ ...fr, data: wrap(ipOf(fr.data)) }))
      const v = parsePcapBytes(writePcap(frames, { linkType }))
      expect(JSON.stringify(v.summaries), `link type ${linkType}`).toBe(JSON.stringify(e.summaries))
      expect(v.events.length).toBe(e.events.length)
    }
  })

  it('uses the UDP length when frames are cut by the snap length', () => {
    const frames = scenarioAFrames().map((fr) => ({ ...fr, data: fr.data.slice(0, 60), origLen: fr.data.length }))
    const cut = parsePcapBytes(writePcap(frames, { linkType: LINKTYPE_ETHERNET, snaplen: 60 }))
    const g = figures(cut, A.ssrc)
    expect(g.packets).toBe(19)
    expect(g.bytes).toBe(3800)
    expect(g.maxJitterMs).toBe(f.maxJitterMs)
  })
})

// ---------------------------------------------------------------- scenario B

describe('pcapng: two interfaces (Ethernet/QinQ in ns, Linux SLL2 in µs), IPv6, wraps, rtcp-mux', () => {
  const e = parsePcapBytes(scenarioB())
  const opus = figures(e, B.opusSsrc)
  const video = figures(e, B.videoSsrc)

  it('reads both interfaces, in both byte orders', () => {
    expect(e.format).toBe('pcapng')
    expect(e.meta.linkTypes).toBe('ethernet,linux-sll2')
    expect(e.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
    expect(e.streams).toHaveLength(2)
    expect(JSON.stringify(parsePcapBytes(scenarioB(true)).summaries)).toBe(JSON.stringify(e.summaries))
    expect(JSON.stringify(parsePcapBytes(scenarioB(), 5).summaries)).toBe(JSON.stringify(e.summaries))
  })

  it('opus over IPv6/SLL2: sequence and timestamp wrap, constant 4 ms jitter steps, 48 kHz estimated', () => {
    // 60 packets, seq 65530…65589 (wraps to 0…53), ts from 0xfffff000 by 960 (wraps): no loss, no error.
    expect(opus).toMatchObject({ packets: 60, expected: 60, lost: 0, seqErrors: 0, payloadType: 111, kind: 'audio' })
    expect(opus.src).toBe('[2001:db8::10]:40000')
    expect(opus.dst).toBe('[2001:db8:1::20]:50000')
    // Timestamp clock: 59 × 960 units over (1184 − 0) ms = 47 838 Hz → nearest audio rate 48 000 (±15 %).
    expect(opus.rateEstimateHz).toBe(Math.round((59 * 960 * 1000) / 1184))
    expect(opus.clockRate).toBe(48000)
    expect(opus.clockRateSource).toBe('estimated')
    // Odd packets arrive 4 ms late: deltas alternate 24 and 16 ms against 20 ms of timestamp, so D = 4
    // for every packet and J_k = 4·(1 − (15/16)^k). All packets but the first are regular, so the
    // running mean is the plain mean of J_1..J_59 = (4/59)·(59 − 15·(1 − (15/16)^59)).
    const q = 15 / 16
    close(opus.maxJitterMs, 4 * (1 - q ** 59))
    close(opus.meanJitterMs, (4 / 59) * (59 - 15 * (1 - q ** 59)))
    close(opus.minJitterMs, 0.25)
    // Max delta 24 ms, first at packet k=1: capture frame 5 (k=0 @2500, three video packets @2500–2502,
    // k=1 @2524). Mean delta (30·24 + 29·16)/59 = 1184/59.
    expect(opus.maxDeltaMs).toBe(24)
    expect(opus.maxDeltaAtPacket).toBe(5)
    expect(opus.minDeltaMs).toBe(16)
    close(opus.meanDeltaMs, 1184 / 59)
    expect(opus.firstTime).toBe(T0 + opusArrivalMs(0))
    expect(opus.lastTime).toBe(T0 + opusArrivalMs(59))
  })

  it('opus series: two 1-s buckets, IPv6 overhead in the bitrate', () => {
    const key = streamKeyOf(e, B.opusSsrc)
    // k = 0…24 arrive before T0+3000 (k=24 @2980, k=25 @3004): 25 and 35 packets. Each is 12 + 100 RTP
    // + 48 IPv6/UDP = 160 bytes: 25·160·8/1000 = 32 kbps, 35·160·8/1000 = 44.8 kbps.
    const br = series(e, 'bitrate', key)
    expect(Array.from(br.t)).toEqual([T0 + 3000, T0 + 4000])
    expect(br.v[0]).toBeCloseTo(32, 9)
    expect(br.v[1]).toBeCloseTo(44.8, 9)
    expect(Array.from(series(e, 'packets_per_s', key).v)).toEqual([25, 35])
    expect(Array.from(series(e, 'loss_pct', key).v)).toEqual([0, 0])
    const jit = series(e, 'jitter_ms', key)
    expect(jit.v[0]).toBeCloseTo(4 * (1 - (15 / 16) ** 24), 9)
    expect(jit.v[1]).toBeCloseTo(4 * (1 - (15 / 16) ** 59), 9)
    // Neither address is private and none has two peers: default rule, recv.
    expect(e.streams.find((s) => s.ssrc === B.opusSsrc)!.direction).toBe('recv')
    expect(e.streams.find((s) => s.ssrc === B.opusSsrc)!.meta?.directionRule).toBe('default')
  })

  it('rtcp-mux compound RR + PLI + NACK and XR RRTR/DLRR attach to the opus stream', () => {
    const key = streamKeyOf(e, B.opusSsrc)
    // RR fraction 64/256 = 25 %, cumulative 3, jitter 480 units at 48 kHz = 10 ms (both RRs in the same second).
    expect(Array.from(series(e, 'stat.rtcp.fraction_lost', key).v)).toEqual([25])
    expect(Array.from(series(e, 'stat.rtcp.cumulative_lost', key).v)).toEqual([3])
    expect(series(e, 'stat.rtcp.jitter_ms', key).v[0]).toBeCloseTo(10, 9)
    // One PLI; NACK PID 10 with BLP 0b101 names 1 + 2 = 3 packets.
    expect(Array.from(series(e, 'pli_per_s', key).v)).toEqual([1])
    expect(Array.from(series(e, 'nack_per_s', key).v)).toEqual([3])
    // RRTR at +3200, DLRR back at +3230 holding it 655/65536 s: RTT = 30 − 655000/65536 ms.
    const rtt = series(e, 'rtt_ms', key)
    expect(Array.from(rtt.t)).toEqual([T0 + 4000])
    expect(rtt.v[0]).toBeCloseTo(30 - 655000 / 65536, 9)
  })

  it('video in QinQ with header extensions: kind from structure, 90 kHz, marker packets not regular', () => {
    expect(video).toMatchObject({ packets: 30, expected: 30, lost: 0, seqErrors: 0, payloadType: 96, kind: 'video' })
    // 300 ms only (no rate estimate); 20 of 29 in-order pairs share a timestamp → video, 90 000 assumed.
    expect(video.rateEstimateHz).toBe(null)
    expect(video.clockRate).toBe(90000)
    expect(video.clockRateSource).toBe('assumed-video')
    // Per frame of 3 packets (i = 0, 1, 2; marker on i = 2) at 33·fr + i ms with Δts 3000 = 33.333 ms:
    // i=0: delta 31 vs 33.333 → D 2.3333 (regular); i=1: delta 1, Δts 0 → D 1 (regular); i=2: D 1 (marker).
    const steps: { d: number; delta: number; regular: boolean }[] = []
    for (let fr = 0; fr < 10; fr++) {
      for (let i = 0; i < 3; i++) {
        if (fr === 0 && i === 0) continue
        steps.push(i === 0 ? { d: 3000 / 90 - 31, delta: 31, regular: true } : { d: 1, delta: 1, regular: i === 1 })
      }
    }
    const w = wiresharkRun(steps)
    close(video.maxJitterMs, w.maxJ)
    close(video.meanJitterMs, w.meanJ)
    expect(video.maxDeltaMs).toBe(31)
    // First packet of the second frame (@2533) is capture frame 6.
    expect(video.maxDeltaAtPacket).toBe(6)
    // 30 × (12 + 8 extension + 1100 + 28) = 34 440 bytes in [T0+2000, T0+3000): 275.52 kbps.
    const br = series(e, 'bitrate', streamKeyOf(e, B.videoSsrc))
    expect(Array.from(br.t)).toEqual([T0 + 3000])
    expect(br.v[0]).toBeCloseTo(275.52, 9)
  })
})

// ---------------------------------------------------------------- scenario C

describe('pcap: Linux SLL (ns, big-endian) with TURN; raw IP with RFC 4571 over TCP', () => {
  it('TURN: allocate (401 then success), channel bind, ChannelData and Data indications carrying RTP', () => {
    const e = parsePcapBytes(scenarioCTurn())
    expect(e.meta.linkTypes).toBe('linux-sll')
    expect(e.meta.timeResolution).toBe('ns')
    const ch = figures(e, C.channelSsrc)
    expect(ch).toMatchObject({ packets: 5, lost: 0, transport: 'udp/turn-channel', src: '10.1.0.2:50000', dst: '198.51.100.1:3478', codec: 'PCMU' })
    const ind = figures(e, C.sendSsrc)
    expect(ind).toMatchObject({ packets: 5, lost: 0, transport: 'udp/turn-send', codec: 'PCMA' })
    expect(e.streams.find((s) => s.ssrc === C.channelSsrc)!.direction).toBe('send')
    expect(e.streams.find((s) => s.ssrc === C.sendSsrc)!.direction).toBe('recv')
    const alloc = eventsOf(e, 'turn.allocate')
    expect(alloc).toHaveLength(1)
    // 401 is the normal first answer to an unauthenticated Allocate: info, not a warning.
    expect(alloc[0]!).toMatchObject({
      t: T0, severity: 'info',
      data: { count: 4, requests: 2, errors: 1, success: 1, errorCode: 401, errorReason: 'Unauthorized', relayedAddress: '198.51.100.1:49152', lifetime: 600 },
    })
    expect(eventsOf(e, 'turn.channel-bind')[0]!.data).toMatchObject({ requests: 1, success: 1, channel: '0x4001', peerAddress: '192.0.2.50:60000' })
    expect(eventsOf(e, 'turn.channel-data')[0]!.data).toMatchObject({ count: 5, channel: '0x4001' })
    expect(eventsOf(e, 'turn.data')[0]!.data).toMatchObject({ indications: 5 })
  })

  it('RFC 4571 over TCP: reassembly across segments, a duplicate segment, a hole filled later', () => {
    const { bytes, frameMs } = scenarioCTcp()
    const e = parsePcapBytes(bytes)
    expect(e.meta.linkTypes).toBe('raw')
    const f = figures(e, C.tcpSsrc)
    // Arrival order 300, 301, 302, 304, 305, 303: expected 6, lost 0; errors: 304 (jump) and 303 (late).
    expect(f).toMatchObject({ packets: 6, expected: 6, lost: 0, seqErrors: 2, transport: 'tcp/rfc4571' })
    expect(f.firstTime).toBe(T0 + frameMs[0]!)
    expect(f.lastTime).toBe(T0 + 100)
    // Regular deltas: 301 0, 302 20, 304 40 (capture frame 4), 305 0; 303 is late (not regular).
    expect(f.maxDeltaMs).toBe(40)
    expect(f.maxDeltaAtPacket).toBe(4)
    expect(e.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
  })
})

// ---------------------------------------------------------------- damage and garbage

describe('pcap: damaged input never throws', () => {
  it('a truncated capture keeps what was read and ends with a warning', () => {
    const full = scenarioA()
    const e = parsePcapBytes(full.slice(0, full.length - 5))
    expect(e.diagnostics.some((d) => d.severity === 'warning' && /truncated/.test(d.message))).toBe(true)
    expect(figures(e, A.ssrc).packets).toBe(19)
    expect(eventsOf(e, 'dtls.alert')).toHaveLength(0)
  })

  it('a record with an absurd length stops reading with an error', () => {
    const bytes = scenarioA()
    // Record 1 header at 24: caplen at 24 + 8 (little-endian).
    const dv = new DataView(bytes.buffer, bytes.byteOffset)
    let off = 24
    for (let i = 0; i < 10; i++) off += 16 + dv.getUint32(off + 8, true)
    dv.setUint32(off + 8, 0x7fffffff, true)
    const e = parsePcapBytes(bytes)
    expect(e.diagnostics.some((d) => d.severity === 'error' && /damaged/.test(d.message))).toBe(true)
    expect(figures(e, A.ssrc).packets).toBe(6) // frames 4–9 are RTP 100–104 and, after the SR, 106
  })

  it('garbage, empty and tiny inputs give a diagnostic', () => {
    for (const bytes of [filler(5000, 3), new Uint8Array(0), Uint8Array.of(0xd4, 0xc3)]) {
      const e = parsePcapBytes(bytes)
      expect(e.diagnostics.some((d) => d.severity === 'error')).toBe(true)
      expect(e.streams).toEqual([])
    }
    const ng = parsePcapBytes(Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4))
    expect(ng.diagnostics.some((d) => d.severity === 'error')).toBe(true)
  })

  it('RTP-looking noise does not become a stream', () => {
    // 50 datagrams starting 0x80 0x60 (RTP v2, PT 96) whose SSRC and sequence numbers are random.
    const frames = Array.from({ length: 50 }, (_, i) => {
      const p = filler(60, i + 100)
      p[0] = 0x80
      p[1] = 0x60
      return { tUs: (T0 + i * 20) * 1000, data: ether(udpIp('10.9.9.9', 4000, '10.9.9.8', 4002, p)) }
    })
    const e = parsePcapBytes(writePcap(frames, { linkType: LINKTYPE_ETHERNET }))
    expect(e.streams).toEqual([])
    expect(e.meta.udpDatagrams).toBe(50)
  })
})

// ---------------------------------------------------------------- heuristics and registry

describe('pcap: sniffing, registry, kind and direction rules', () => {
  it('sniffs pcap and pcapng by magic, not by name', () => {
    const head = (b: Uint8Array) => ({ path: 'x.bin', head: b.slice(0, 64), text: null })
    expect(sniffPcap(head(scenarioA()))).toBeGreaterThan(0.9)
    expect(sniffPcap(head(scenarioA({ littleEndian: false, nanos: true })))).toBeGreaterThan(0.9)
    expect(sniffPcap(head(scenarioB()))).toBeGreaterThan(0.9)
    expect(sniffPcap({ path: 'a.pcap', head: new TextEncoder().encode('{"PeerConnections":{}}'), text: '{"PeerConnections":{}}' })).toBe(0)
    const match = sniffFormat(builtinFormats(), head(scenarioB()))
    expect(match?.handler.id).toBe('pcap')
    expect(pcapFormat.create({ path: 'p', emitLogs: () => {}, assumedUtcOffsetMin: 0 }).mode).toBe('bytes')
  })

  it('classifies dynamic payload types by timestamp rate and structure', () => {
    const base = { mainPt: 111, packets: 100, markers: 1, pairs: 99, sameTimestampPairs: 0, payloadBytes: 100 * 80, rateEstimate: NaN }
    expect(classifyStream({ ...base, rateEstimate: 47900 })).toMatchObject({ kind: 'audio', clockRate: 48000, source: 'estimated' })
    expect(classifyStream({ ...base, rateEstimate: 16100 })).toMatchObject({ kind: 'audio', clockRate: 16000 })
    expect(classifyStream({ ...base, rateEstimate: 89000 })).toMatchObject({ kind: 'video', clockRate: 90000, source: 'estimated' })
    expect(classifyStream(base)).toMatchObject({ kind: 'audio', clockRate: 48000, source: 'assumed-audio' })
    expect(classifyStream({ ...base, sameTimestampPairs: 30 })).toMatchObject({ kind: 'video', clockRate: 90000, source: 'assumed-video' })
    expect(classifyStream({ ...base, markers: 60 })).toMatchObject({ kind: 'video' })
    expect(classifyStream({ ...base, payloadBytes: 100 * 900 })).toMatchObject({ kind: 'video' })
    expect(classifyStream({ ...base, payloadBytes: 400 })).toMatchObject({ kind: 'audio', clockRate: 8000 }) // telephone-event
    expect(classifyStream({ ...base, mainPt: 34 })).toMatchObject({ kind: 'video', clockRate: 90000, source: 'static-pt', codec: 'H263' })
  })

  it('decides direction by capture host, then private → public, else recv', () => {
    // 192.168.1.5 has 3 peers, 1.2.3.4 has 2: the capture host is 192.168.1.5.
    const host = captureHosts([
      { aIp: '192.168.1.5', bIp: '8.8.8.8' }, { aIp: '192.168.1.5', bIp: '1.2.3.4' }, { aIp: '192.168.1.5', bIp: '9.9.9.9' },
      { aIp: '192.168.1.9', bIp: '1.2.3.4' },
    ])
    expect(host.v4).toBe('192.168.1.5')
    expect(direction('192.168.1.5', '1.2.3.4', host)).toEqual({ direction: 'send', rule: 'capture-host' })
    expect(direction('1.2.3.4', '192.168.1.5', host)).toEqual({ direction: 'recv', rule: 'capture-host' })
    expect(direction('192.168.1.9', '1.2.3.4', host)).toEqual({ direction: 'send', rule: 'private-public' })
    expect(direction('1.2.3.4', '192.168.1.9', host)).toEqual({ direction: 'recv', rule: 'private-public' })
    expect(direction('1.2.3.4', '5.6.7.8', {})).toEqual({ direction: 'recv', rule: 'default' })
    // A tie (two hosts with as many peers) names no capture host.
    expect(captureHosts([{ aIp: '10.0.0.1', bIp: '10.0.0.2' }]).v4).toBeUndefined()
  })
})

// ---------------------------------------------------------------- corpus

interface ManifestRow { path: string; kind: string; description: string }

function manifest(): ManifestRow[] {
  const lines = readFileSync(corpusPath('MANIFEST.tsv'), 'utf8').split('\n').filter(Boolean)
  const head = lines[0]!.split('\t')
  return lines.slice(1).map((l) => {
    const c = l.split('\t')
    const get = (k: string) => c[head.indexOf(k)] ?? ''
    return { path: get('path'), kind: get('kind'), description: get('description') }
  })
}

function parseCorpus(rel: string): ParsedEntry {
  return parsePcapBytes(new Uint8Array(readFileSync(corpusPath(rel))), 1 << 16, rel)
}

/**
 * Captures the manifest describes as carrying RTP, with what `tshark -q -z rtp,streams -o
 * rtp.heuristic_rtp:TRUE` (4.0.17) reports for them: [ssrc, packets, lost] per stream we must find, and for
 * static payload types the jitter/delta columns (which Wireshark can compute without SDP).
 */
const RTP_CAPTURES: Record<string, { streams: [number, number, number][]; wireshark?: { ssrc: number; maxDelta: number; meanJitter: number; maxJitter: number }[] }> = {
  'pcap/SIPp-sipp/g711a.pcap': {
    streams: [[0xdee0ee8f, 236, 0]],
    wireshark: [{ ssrc: 0xdee0ee8f, maxDelta: 34.829, meanJitter: 0.35, maxJitter: 0.829 }],
  },
  'pcap/SIPp-sipp/dtmf_2833_1.pcap': { streams: [[0x0e05384e, 10, -2]] },
  'pcap/dkozyr-tau/wilson-h265-rtp.pcap': { streams: [[0xcda46d5c, 407, 0]] },
  'pcap/peafowl/sip-rtp.pcap': {
    streams: [[0x3796cb71, 9, 0]],
    wireshark: [{ ssrc: 0x3796cb71, maxDelta: 69.947, meanJitter: 5.646, maxJitter: 7.799 }],
  },
  'pcap/peafowl/rtp-mixed-small.pcap': { streams: [[0x50df6d39, 5, 0], [0x8a3426fd, 6, 4], [0x5711bf84, 4, 0]] },
  'pcap/peafowl/google-hangouts-webrtc.pcap': { streams: [[0xd3269243, 6, 0], [0xb2e64d05, 10, 0], [0x3cbf1a17, 18, 0]] },
  'pcap/veondigital-srtp_decoder/webrtc_opus_p2p.pcap': { streams: [[0xe3b9fc5e, 498, 0], [0x20c23467, 501, 0]] },
  'pcap/veondigital-srtp_decoder/WebRTC_PCMA_p2p_SDES_Call_1.pcap': {
    streams: [[0x522b93ab, 227, 0], [0xd092d296, 259, 0]],
    wireshark: [
      { ssrc: 0x522b93ab, maxDelta: 58.012, meanJitter: 10.274, maxJitter: 15.637 },
      { ssrc: 0xd092d296, maxDelta: 34.989, meanJitter: 5.36, maxJitter: 7.338 },
    ],
  },
  'pcap/veondigital-srtp_decoder/WebRTC_PCMA_Turn_SDES_Call_1.pcap': {
    streams: [[0x15cba085, 609, 0], [0xed42a10f, 659, 0]],
    wireshark: [
      { ssrc: 0x15cba085, maxDelta: 62.211, meanJitter: 12.732, maxJitter: 24.634 },
      { ssrc: 0xed42a10f, maxDelta: 35.226, meanJitter: 5.239, maxJitter: 7.09 },
    ],
  },
  'pcap/veondigital-srtp_decoder/WebRTC_OPUS_Turn_SDES_Call_1.pcap': { streams: [[0x2c2e32d2, 460, 0], [0x2d830e96, 501, 0]] },
  'pcap/veondigital-srtp_decoder/udp_call_02_03_client.pcap': { streams: [[0x1c065364, 1571, 11], [0x1c065362, 1600, 0]] },
  'pcap/veondigital-srtp_decoder/tcp_call_02_03_client.pcap': { streams: [[0x1c090d15, 1956, 0], [0x1c090d13, 1967, 0]] },
  'pcap/veondigital-srtp_decoder/wifi-tcp_to_3g.pcap': { streams: [[0x3482b3a1, 508, 0], [0x3482b39f, 506, 0]] },
  'pcap/veondigital-srtp_decoder/wifi-tcp_to_3g_2_coturn_dump.pcap': {
    streams: [[0x34837de1, 513, 0], [0x34837de1, 5, 0], [0x34837de1, 518, 0], [0x34837de3, 524, 8], [0x34837de3, 537, 8], [0x34837de3, 537, 8]],
  },
  'pcap/xuyu130-webrtc/turn-relay-coturn-lab.pcapng': { streams: [[0x7eb79a35, 9, 0], [0x7eb79a35, 9, 0], [0xabf67d9a, 5, 0], [0xabf67d9a, 5, 0]] },
}

describeCorpus('pcap: shared corpus', () => {
  const rows = manifest().filter((r) => r.kind === 'pcap')

  it('lists the pcap captures', () => {
    expect(rows.length).toBeGreaterThan(10)
  })

  for (const row of rows) {
    it(`${row.path} parses without throwing or errors`, () => {
      const e = parseCorpus(row.path)
      expect(e.kind).toBe('pcap')
      expect(e.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
      expect(e.meta.frames as number).toBeGreaterThan(0)
      const m = /(\d+) frames/.exec(row.description)
      if (m) expect(e.meta.frames).toBe(Number(m[1]))
      for (const s of e.series) {
        expect(s.t.length).toBe(s.v.length)
        for (let i = 1; i < s.t.length; i++) expect(s.t[i]!).toBeGreaterThan(s.t[i - 1]!)
      }
    })
  }

  for (const [rel, want] of Object.entries(RTP_CAPTURES)) {
    it(`${rel} yields its RTP streams`, () => {
      const e = parseCorpus(rel)
      const got = e.summaries.map((s) => [s.figures.ssrc, s.figures.packets, s.figures.lost] as [number, number, number])
      for (const w of want.streams) {
        const i = got.findIndex((g) => g[0] === w[0] && g[1] === w[1] && g[2] === w[2])
        expect(i, `stream 0x${w[0].toString(16)} with ${w[1]} packets, ${w[2]} lost in ${JSON.stringify(got)}`).toBeGreaterThanOrEqual(0)
        got.splice(i, 1)
      }
      for (const w of want.wireshark ?? []) {
        const f = e.summaries.find((s) => s.figures.ssrc === w.ssrc && !String(s.figures.transport).startsWith('tcp'))!.figures
        expect(f.maxDeltaMs as number).toBeCloseTo(w.maxDelta, 3)
        expect(f.meanJitterMs as number).toBeCloseTo(w.meanJitter, 3)
        expect(f.maxJitterMs as number).toBeCloseTo(w.maxJitter, 3)
      }
    })
  }

  it('the STUN/DTLS lab capture yields STUN and DTLS events', () => {
    const e = parseCorpus('pcap/xuyu130-webrtc/stun-dtls-webrtc-p2p-lab.pcapng')
    expect(eventsOf(e, 'stun.binding').length).toBeGreaterThan(5)
    const hs = eventsOf(e, 'dtls.handshake')
    expect(hs.length).toBeGreaterThan(0)
    expect(hs[0]!.data?.ClientHello).toBeGreaterThan(0)
    expect(e.streams).toEqual([])
  })

  it('the TURN lab capture yields TURN events and relayed streams', () => {
    const e = parseCorpus('pcap/xuyu130-webrtc/turn-relay-coturn-lab.pcapng')
    for (const type of ['turn.allocate', 'turn.create-permission', 'turn.channel-bind', 'turn.channel-data', 'turn.send', 'turn.data']) {
      expect(eventsOf(e, type).length, type).toBeGreaterThan(0)
    }
    expect(e.streams.every((s) => s.meta?.transport === 'udp/turn-channel')).toBe(true)
  })

  it('the STUN-only capture yields binding events and no stream', () => {
    const e = parseCorpus('pcap/peafowl/stun-0.pcap')
    expect(eventsOf(e, 'stun.binding').length).toBeGreaterThan(0)
    expect(e.streams).toEqual([])
  })

  it('signaling-only SIP captures yield no stream', () => {
    for (const rel of ['pcap/geunhyung-an/sip-call-asterisk.pcap', 'pcap/geunhyung-an/sip-register.pcap']) {
      expect(parseCorpus(rel).streams).toEqual([])
    }
  })
})
