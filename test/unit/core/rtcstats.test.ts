/**
 * The rtcstats parser: generated dumps built in code (file format 3 with numeric compression, delta
 * getStats and renumbered ids; a jitsi-style dump with legacy goog stats; a v2 header), then the real
 * corpus: every rtcstats file, Firefox/Safari/legacy variants, failure and reconnect events, jitsi
 * server samples, and the same Chrome 144 call exported both as rtcstats and as webrtc-internals.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { CallEvent, LogLine, ParsedEntry, SeriesData, StreamInfo } from '../../../src-main/core/model/call'
import { sniffRtcstats } from '../../../src-main/core/parsers/rtcstats/detect'
import { parseRtcstats, rtcstatsFormat } from '../../../src-main/core/parsers/rtcstats/parse'
import { StatsSnapshotDecoder } from '../../../src-main/core/parsers/rtcstats/stats-delta'
import { builtinFormats, sniffFormat } from '../../../src-main/core/parsers/registry'
import { parseWebrtcInternals } from '../../../src-main/core/parsers/webrtc-internals/parse'
import { corpusPath, describeCorpus, readCorpus } from '../../support/corpus'

const sniffText = (text: string) => ({ path: 'x', head: new TextEncoder().encode(text.slice(0, 65536)), text: text.slice(0, 65536) })

function series(e: ParsedEntry, metric: string, owner: { streamKey?: string; connectionKey?: string }): SeriesData {
  const found = e.series.filter((s) => s.metric === metric && (owner.streamKey ? s.streamKey === owner.streamKey : s.connectionKey === owner.connectionKey && !s.streamKey))
  expect(found, `${metric} of ${JSON.stringify(owner)}`).toHaveLength(1)
  return found[0]!
}

function streamBySsrc(e: ParsedEntry, ssrc: number, direction: 'send' | 'recv'): StreamInfo {
  const s = e.streams.find((x) => x.ssrc === ssrc && x.direction === direction)
  expect(s, `${direction} stream ${ssrc}`).toBeDefined()
  return s!
}

const values = (s: SeriesData) => Array.from(s.v)
const times = (s: SeriesData) => Array.from(s.t)
const states = (e: ParsedEntry, type: string, pc: string) => e.events.filter((ev) => ev.type === type && ev.connectionKey === pc && ev.data && 'state' in ev.data).map((ev) => ev.data!.state)

// ---------------------------------------------------------------------------------------------
// Generated file-format-3 dump: magic, header, numeric methods/types/properties, delta getStats with
// renumbered ids (`*Id` references rewritten), collapsed `t`, null = removed, absent = unchanged.
// ---------------------------------------------------------------------------------------------
const T0 = 1_700_000_000_000
const OFFER_SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n'

function v3Lines(): string[] {
  const rec = (...a: unknown[]) => JSON.stringify(a)
  return [
    'RTCStatsDump',
    JSON.stringify({ url: '/room', origin: 'https://call.example', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36', clientProtocol: 'rtcstats#4.0', fileFormat: 3 }),
    rec(39, null, { hardwareConcurrency: 8, deviceMemory: 4 }, T0), // absolute first time
    rec(39, 'pc1', { iceServers: [] }, 'https://call.example/room', 5),
    rec(60, null, { audio: true, video: true }, '60-0', 10),
    rec(65, null, 'NotReadableError', '60-0', 15),
    rec(3, 'pc1', { type: 'offer', sdp: OFFER_SDP }, 20),
    rec(6, 'pc1', { type: 'offer', sdp: 'v=\r\nm=\r\n' }, 1), // sections identical to the offer: compressed
    rec(24, 'pc1', 'checking', 100),
    rec(24, 'pc1', 'connected', 149), // T0+300
    // getStats #1 at T0+1300, full first snapshot; ids already renumbered, references too.
    rec('g', 'pc1', {
      0: { type: 2, 10: 1111, 11: 'video', 12: '1', 79: 0, 80: 0, 23: 640, 24: 360, 95: 'none', 96: { none: 0, cpu: 0, bandwidth: 0, other: 0 } },
      1: { type: 14, 4: 96, 6: 'video/VP8' },
      2: { type: 1, 10: 2222, 11: 'audio', 14: 0, 15: 0, 16: 0.012, 41: 0 },
      3: { type: 3, 10: 1111, 11: 'video', 74: '0', 75: 0.05, 77: 0 },
      4: { type: 5, 125: '5' },
      5: { type: 6, 148: '6', 149: '7', 150: true, 152: 0.04, 153: 1_000_000 },
      6: { type: 7, 136: 'host', 145: 'wifi', 134: '192.0.2.1' },
      7: { type: 8, 136: 'srflx', 134: '198.51.100.7' },
      t: T0 + 1300,
    }, 1000),
    // getStats #2 at T0+2300: only changed values; 1, 4..7 absent (unchanged).
    rec('g', 'pc1', {
      0: { 79: 100, 80: 125_000, 96: { bandwidth: 1 } },
      2: { 14: 98, 15: 2, 41: 16_000 },
      3: { 75: 0.06 },
      t: T0 + 2300,
    }, 1000),
    '["g","pc1",{"0":{', // truncated line
    // getStats #3 at T0+3300: inbound audio removed, a new inbound video appears.
    rec('g', 'pc1', {
      0: { 79: 200, 80: 250_000, 95: 'bandwidth' },
      2: null,
      3: { 75: 0.07, 77: 0.1 },
      8: { type: 1, 10: 3333, 11: 'video', 12: '1', 14: 10, 15: 0, 41: 10_000 },
      t: T0 + 3300,
    }, 1000),
    rec(25, 'pc1', 'failed', 200), // T0+3500
    rec(36, 'pc1', null, 10),
    rec(72, null, 'v1', 5), // MediaStreamTrack.onended
  ]
}

describe('rtcstats: generated file format 3 dump', () => {
  const text = v3Lines().join('\n')
  const e = parseRtcstats(text)
  const out = streamBySsrc(e, 1111, 'send')

  it('is recognised by content and read as v3', () => {
    expect(sniffRtcstats(sniffText(text))).toBeGreaterThan(0.95)
    expect(sniffFormat(builtinFormats(), sniffText(text))?.handler.id).toBe('rtcstats')
    expect(e.kind).toBe('rtcstats')
    expect(e.format).toBe('rtcstats/v3')
    expect(e.meta.browser).toBe('Chrome 140')
    expect(e.meta.hardwareConcurrency).toBe(8)
    expect(e.meta.url).toBe('/room')
    expect(e.connections).toEqual([expect.objectContaining({ key: 'pc1', label: 'pc1 https://call.example/room' })])
  })

  it('reports the truncated line with its number and goes on', () => {
    const bad = v3Lines().findIndex((l) => l === '["g","pc1",{"0":{') + 1
    expect(e.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', line: bad }))
    expect(times(series(e, 'bitrate', { streamKey: out.key }))).toEqual([T0 + 1300, T0 + 2300, T0 + 3300])
  })

  it('decodes numeric types and properties and resolves renumbered codec ids', () => {
    expect(e.streams.map((s) => [s.kind, s.direction, s.ssrc]).sort()).toEqual([['audio', 'recv', 2222], ['video', 'recv', 3333], ['video', 'send', 1111]])
    expect(out).toMatchObject({ key: 'pc1/0', kind: 'video', codec: 'VP8' })
    expect(streamBySsrc(e, 3333, 'recv').codec).toBe('VP8')
    expect(values(series(e, 'frame_height', { streamKey: out.key }))).toEqual([360, 360, 360])
  })

  it('rebuilds full snapshots from the deltas', () => {
    // bytesSent 0 -> 125000 -> 250000 bytes over 1 s steps = 1000 kbps
    expect(values(series(e, 'bitrate', { streamKey: out.key }))).toEqual([NaN, 1000, 1000])
    expect(values(series(e, 'packets_per_s', { streamKey: out.key }))).toEqual([NaN, 100, 100])
    expect(values(series(e, 'quality_limitation', { streamKey: out.key }))).toEqual([0, 0, 2])
    expect(e.events).toContainEqual(expect.objectContaining({ type: 'quality-limitation.change', t: T0 + 3300, streamKey: out.key }))
    // remote-inbound-rtp (localId renumbered to "0") describes the outbound stream
    expect(values(series(e, 'rtt_ms', { streamKey: out.key }))).toEqual([50, 60, 70])
    expect(values(series(e, 'loss_pct', { streamKey: out.key }))).toEqual([0, 0, 10])
    // unchanged candidate pair and transport: copied into every snapshot at the new time
    const rtt = series(e, 'rtt_ms', { connectionKey: 'pc1' })
    expect(times(rtt)).toEqual([T0 + 1300, T0 + 2300, T0 + 3300])
    expect(values(rtt)).toEqual([40, 40, 40])
    expect(values(series(e, 'available_outgoing_bitrate', { connectionKey: 'pc1' }))).toEqual([1000, 1000, 1000])
    expect(e.events).toContainEqual(expect.objectContaining({ type: 'network.type', connectionKey: 'pc1', data: { from: null, to: 'wifi' } }))
  })

  it('drops an object set to null and starts new ones', () => {
    const audio = streamBySsrc(e, 2222, 'recv')
    const loss = series(e, 'loss_pct', { streamKey: audio.key })
    expect(times(loss)).toEqual([T0 + 1300, T0 + 2300])
    expect(values(loss)).toEqual([NaN, 2]) // 2 lost / (2 + 98)
    expect(values(series(e, 'bitrate', { streamKey: audio.key }))).toEqual([NaN, 128])
    expect(values(series(e, 'jitter_ms', { streamKey: audio.key }))).toEqual([12, 12])
    expect(times(series(e, 'stat.inbound-rtp.bytesReceived', { streamKey: streamBySsrc(e, 3333, 'recv').key }))).toEqual([T0 + 3300])
  })

  it('turns API records into events at cumulative times, restoring compressed SDP', () => {
    const pick = (type: string) => e.events.filter((ev) => ev.type === type)
    // times are the running sum of the last element of each record, the first one being absolute
    expect(pick('ice.state').map((ev) => [ev.t, ev.data?.state])).toEqual([[T0 + 151, 'checking'], [T0 + 300, 'connected']])
    expect(pick('pc.state')).toEqual([expect.objectContaining({ t: T0 + 3500, severity: 'error', data: { state: 'failed' } })])
    expect(pick('gum.request')).toEqual([expect.objectContaining({ t: T0 + 15, message: 'getUserMedia request audio+video' })])
    expect(pick('gum.error')).toEqual([expect.objectContaining({ t: T0 + 30, severity: 'error', data: expect.objectContaining({ error: 'NotReadableError' }) })])
    expect(pick('sdp.local')).toEqual([expect.objectContaining({ message: 'setLocalDescription offer', data: { sdpType: 'offer', sdp: OFFER_SDP } })])
    expect(pick('pc.closed')).toHaveLength(1)
    expect(pick('track.ended')).toEqual([expect.objectContaining({ t: T0 + 3515, message: 'track ended v1' })])
    const lines = v3Lines()
    expect(pick('pc.created')[0]!.line).toBe(lines.findIndex((l) => l.startsWith('[39,"pc1"')) + 1)
  })
})

describe('rtcstats: snapshot decoder', () => {
  it('merges nested objects key-wise and replaces arrays in v3 deltas', () => {
    const d = new StatsSnapshotDecoder()
    d.decode({ 0: { type: 2, 96: { none: 1, cpu: 0 }, list: [1, 2] }, t: T0 }, 'v3-delta', T0)
    const snap = d.decode({ 0: { 96: { cpu: 2 }, list: [3] }, t: T0 + 1000 }, 'v3-delta', T0 + 1000)
    expect(snap.all.get('0')).toEqual({ type: 'outbound-rtp', qualityLimitationDurations: { none: 1, cpu: 2 }, list: [3], timestamp: T0 + 1000 })
    expect(snap.samples.map((s) => [s.id, s.t])).toEqual([['0', T0 + 1000]])
  })

  it('does not resample an absent report whose time did not move (full reports with own timestamps)', () => {
    const d = new StatsSnapshotDecoder()
    d.decode({ A: { type: 'codec', timestamp: T0 }, B: { type: 'transport', timestamp: T0 } }, 'v3-delta', T0)
    const snap = d.decode({ B: { type: 'transport', timestamp: T0 + 1000 } }, 'v3-delta', T0 + 1000)
    expect(snap.samples.map((s) => s.id)).toEqual(['B'])
    expect([...snap.all.keys()].sort()).toEqual(['A', 'B'])
  })

  it('legacy lowercase getstats: timestamp 0 takes the top-level time, a report without one keeps its previous time', () => {
    const d = new StatsSnapshotDecoder()
    d.decode({ X: { type: 'ssrc', timestamp: 0, a: '1' }, timestamp: T0 }, 'legacy-delta', T0 + 5)
    const snap = d.decode({ X: { b: '2' }, timestamp: T0 + 1000 }, 'legacy-delta', T0 + 1005)
    expect(snap.samples).toEqual([{ id: 'X', t: T0, report: { type: 'ssrc', timestamp: T0, a: '1', b: '2' } }])
  })
})

// ---------------------------------------------------------------------------------------------
// Generated jitsi-style dump: no header, absolute times, 5-element records, JSON-string
// connectionInfo, identity, lowercase delta getstats with legacy goog reports, marker and junk lines.
// ---------------------------------------------------------------------------------------------
function jitsiLines(): string[] {
  const rec = (...a: unknown[]) => JSON.stringify(a)
  const base = (ts: number, send: Record<string, string>, recv: Record<string, string>) => ({
    ssrc_1_send: { timestamp: 0, ...send },
    ssrc_2_recv: { timestamp: 0, ...recv },
    'Conn-audio-1-0': { timestamp: 0 }, 'Cand-a': { timestamp: 0 }, 'Cand-b': { timestamp: 0 }, bweforvideo: { timestamp: 0 }, 'Channel-audio-1': { timestamp: 0 },
    timestamp: ts,
  })
  return [
    rec('connectionInfo', null, JSON.stringify({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.75 Safari/537.36', url: 'https://meet.example/room', statsFormat: 'legacy' }), T0),
    rec('identity', null, { displayName: 'Alice', confName: 'room', meetingUniqueId: 'm-1', hosts: { domain: 'meet.example' } }, T0 + 1, 2),
    rec('create', 'PC_0', { iceServers: [], bundlePolicy: 'max-bundle' }, T0 + 2, 3),
    rec('getstats', 'PC_0', {
      ssrc_1_send: { timestamp: 0, type: 'ssrc', mediaType: 'video', ssrc: '1', bytesSent: '0', packetsSent: '0', googFrameRateSent: '30', googFrameHeightSent: '720', googFrameWidthSent: '1280', googRtt: '50', packetsLost: '0', googCodecName: 'VP8', googCpuLimitedResolution: 'false', googBandwidthLimitedResolution: 'false' },
      ssrc_2_recv: { timestamp: 0, type: 'ssrc', mediaType: 'audio', ssrc: '2', bytesReceived: '0', packetsReceived: '0', packetsLost: '0', googJitterReceived: '20', googCodecName: 'opus', googJitterBufferMs: '60' },
      'Conn-audio-1-0': { timestamp: 0, type: 'googCandidatePair', googActiveConnection: 'true', googRtt: '40', bytesSent: '0', bytesReceived: '0', localCandidateId: 'Cand-a', remoteCandidateId: 'Cand-b' },
      'Cand-a': { timestamp: 0, type: 'localcandidate', ipAddress: '10.0.0.1', portNumber: '5000', transport: 'udp', candidateType: 'local', networkType: 'wlan' },
      'Cand-b': { timestamp: 0, type: 'remotecandidate', ipAddress: '203.0.113.9', portNumber: '10000', transport: 'udp', candidateType: 'serverreflexive' },
      bweforvideo: { timestamp: 0, type: 'VideoBwe', googAvailableSendBandwidth: '1500000', googAvailableReceiveBandwidth: '800000' },
      'Channel-audio-1': { timestamp: 0, type: 'googComponent', selectedCandidatePairId: 'Conn-audio-1-0' },
      googTrack_x: { timestamp: 0, type: 'googTrack', googTrackId: 'x' },
      timestamp: T0 + 1000,
    }, T0 + 1003, 4),
    rec('getstats', 'PC_0', base(T0 + 2000, { bytesSent: '250000', packetsSent: '200' }, { bytesReceived: '8000', packetsReceived: '50' }), T0 + 2003, 5),
    '--disconnect--',
    'this is not json',
    rec('getstats', 'PC_0', base(T0 + 3000, { bytesSent: '500000', packetsSent: '400', googFrameRateSent: '15', googCpuLimitedResolution: 'true' }, { bytesReceived: '16000', packetsReceived: '98', packetsLost: '2' }), T0 + 3003, 6),
    rec('oniceconnectionstatechange', 'PC_0', 'disconnected', T0 + 3500, 7),
    rec('oniceconnectionstatechange', 'PC_0', 'connected', T0 + 4000, 8),
    rec('logs', null, [{ text: '2023-11-14T22:13:24.000Z [conference.js] joined', timestamp: new Date(T0 + 4100).toISOString(), count: 1 }], T0 + 4200, 9),
    rec('dominantSpeaker', null, { dominantSpeakerEndpoint: 'abc' }, T0 + 4300, 10),
  ]
}

describe('rtcstats: generated jitsi dump with legacy goog stats', () => {
  const lines = jitsiLines()
  const logs: LogLine[] = []
  const e = parseRtcstats(lines.join('\n'), (batch) => logs.push(...batch))
  const send = streamBySsrc(e, 1, 'send')
  const recv = streamBySsrc(e, 2, 'recv')

  it('reads meta, the participant and the variant', () => {
    expect(sniffRtcstats(sniffText(lines.join('\n')))).toBeGreaterThanOrEqual(0.9)
    expect(e.format).toBe('rtcstats/jitsi+goog-legacy')
    expect(e.meta).toMatchObject({ browser: 'Chrome 86', url: 'https://meet.example/room', 'identity.displayName': 'Alice', 'identity.confName': 'room', 'identity.meetingUniqueId': 'm-1', participant: 'Alice' })
    expect(e.connections).toEqual([expect.objectContaining({ key: 'PC_0', participant: 'Alice' })])
    expect(e.streams.every((s) => s.participant === 'Alice')).toBe(true)
  })

  it('maps legacy ssrc reports to the standard metric ids', () => {
    expect(send).toMatchObject({ kind: 'video', codec: 'VP8', key: 'PC_0/ssrc_1_send' })
    expect(recv).toMatchObject({ kind: 'audio', codec: 'opus' })
    expect(values(series(e, 'bitrate', { streamKey: send.key }))).toEqual([NaN, 2000, 2000])
    expect(values(series(e, 'fps', { streamKey: send.key }))).toEqual([30, 30, 15])
    expect(values(series(e, 'frame_height', { streamKey: send.key }))).toEqual([720, 720, 720])
    expect(values(series(e, 'quality_limitation', { streamKey: send.key }))).toEqual([0, 0, 1])
    expect(values(series(e, 'rtt_ms', { streamKey: send.key }))).toEqual([50, 50, 50])
    expect(values(series(e, 'loss_pct', { streamKey: recv.key }))).toEqual([NaN, 0, 4]) // 2 / (2 + 48)
    expect(values(series(e, 'jitter_ms', { streamKey: recv.key }))).toEqual([20, 20, 20])
    expect(values(series(e, 'bitrate', { streamKey: recv.key }))).toEqual([NaN, 64, 64])
    expect(times(series(e, 'bitrate', { streamKey: recv.key }))).toEqual([T0 + 1000, T0 + 2000, T0 + 3000])
  })

  it('maps the candidate pair, component and bweforvideo to connection figures', () => {
    expect(values(series(e, 'rtt_ms', { connectionKey: 'PC_0' }))).toEqual([40, 40, 40])
    expect(values(series(e, 'available_outgoing_bitrate', { connectionKey: 'PC_0' }))).toEqual([1500, 1500, 1500])
    expect(values(series(e, 'available_incoming_bitrate', { connectionKey: 'PC_0' }))).toEqual([800, 800, 800])
    expect(e.meta['PC_0.pair.localType']).toBe('host')
    expect(e.meta['PC_0.pair.remoteType']).toBe('srflx')
  })

  it('says what it did not map, reports bad lines, keeps events and logs', () => {
    expect(e.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', message: expect.stringMatching(/legacy \(goog\*\).*not mapped: googJitterBufferMs/) }))
    expect(e.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', line: lines.indexOf('this is not json') + 1 }))
    expect(e.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', line: lines.indexOf('--disconnect--') + 1 }))
    expect(e.diagnostics).toContainEqual(expect.objectContaining({ message: expect.stringContaining('dominantSpeaker ×1') }))
    expect(states(e, 'ice.state', 'PC_0')).toEqual(['disconnected', 'connected'])
    expect(logs).toEqual([{ line: lines.length - 1, t: T0 + 4100, message: '2023-11-14T22:13:24.000Z [conference.js] joined' }])
    expect(e.logLineCount).toBe(1)
  })
})

describe('rtcstats: other generated variants', () => {
  it('a v2 header line with absolute times and ISO-time records', () => {
    const lines = [
      JSON.stringify({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:109.0) Gecko/20100101 Firefox/118.0', fileFormat: 2 }),
      JSON.stringify(['create', 'PC_0', {}, new Date(T0).toISOString()]),
      JSON.stringify(['getstats', 'PC_0', { a: { type: 'inbound-rtp', kind: 'video', ssrc: 5, bytesReceived: 0, packetsReceived: 0, packetsLost: 0, timestamp: 0 }, timestamp: T0 + 1000 }, T0 + 1001]),
      JSON.stringify(['getstats', 'PC_0', { a: { bytesReceived: 125_000, packetsReceived: 100, timestamp: 0 }, timestamp: T0 + 2000 }, T0 + 2001]),
    ]
    const e = parseRtcstats(lines.join('\n'))
    expect(sniffRtcstats(sniffText(lines.join('\n')))).toBeGreaterThan(0.9)
    expect(e.format).toBe('rtcstats/v2')
    expect(e.meta.browser).toBe('Firefox 118')
    expect(e.events).toContainEqual(expect.objectContaining({ type: 'pc.created', t: T0 }))
    expect(values(series(e, 'bitrate', { streamKey: 'PC_0/a' }))).toEqual([NaN, 1000])
  })

  it('a JSON document that is not an rtcstats export gives an error diagnostic, not a throw', () => {
    const e = parseRtcstats('{\n  "hello": 1\n}')
    expect(e.streams).toEqual([])
    expect(e.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error' }))
  })

  it('an empty entry yields an empty model', () => {
    const e = parseRtcstats('')
    expect(e.series).toEqual([])
    expect(e.events).toEqual([])
  })

  it('is not claimed for unrelated JSON-lines or webrtc-internals dumps', () => {
    expect(sniffRtcstats(sniffText('{"level":"info","msg":"hello"}\n{"level":"info","msg":"x"}\n'))).toBe(0)
    expect(sniffRtcstats(sniffText('{"getUserMedia":[],"PeerConnections":{},"UserAgent":"x"}'))).toBe(0)
    expect(sniffRtcstats(sniffText('[1,2,3]\n[4,5,6]\n'))).toBe(0)
  })
})

// ---------------------------------------------------------------------------------------------
// The real corpus.
// ---------------------------------------------------------------------------------------------
interface ManifestRow { path: string; kind: string; description: string }

function manifest(): ManifestRow[] {
  const [, ...rows] = readCorpus('MANIFEST.tsv').toString('utf8').split('\n').filter(Boolean)
  return rows.map((r) => r.split('\t')).map((c) => ({ path: c[0]!, kind: c[1]!, description: c[7] ?? '' }))
}

const parsedCache = new Map<string, ParsedEntry>()
function corpus(rel: string): ParsedEntry {
  let e = parsedCache.get(rel)
  if (!e) parsedCache.set(rel, (e = parseRtcstats(readCorpus(rel).toString('utf8'))))
  return e
}

/** Raw values of one property of one report, read independently of the parser: (report time, value). */
function rawPoints(rel: string, pcId: string, reportId: string, prop: string): [number, number][] {
  const out: [number, number][] = []
  for (const line of readCorpus(rel).toString('utf8').split('\n')) {
    if (!line.startsWith('["getstats"')) continue
    const rec = JSON.parse(line) as [string, string, Record<string, Record<string, unknown> | number>]
    if (rec[1] !== pcId) continue
    const r = rec[2][reportId]
    if (typeof r !== 'object' || r === null || r[prop] === undefined || r.timestamp === undefined) continue
    out.push([r.timestamp === 0 ? (rec[2].timestamp as number) : (r.timestamp as number), Number(r[prop])])
  }
  return out
}

describeCorpus('rtcstats: every file of the corpus', () => {
  const rows = manifest().filter((r) => r.path.startsWith('rtcstats/'))

  it('lists the rtcstats files', () => {
    expect(rows.length).toBeGreaterThanOrEqual(30)
  })

  it.each(rows.map((r) => [r.path, r] as const))('%s parses, is sniffed as rtcstats and has streams where the manifest says so', (rel, row) => {
    const text = readCorpus(rel).toString('utf8')
    expect(sniffFormat(builtinFormats(), sniffText(text))?.handler.id).toBe('rtcstats')
    const e = corpus(rel)
    expect(e.kind).toBe('rtcstats')
    expect(e.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const pcs = /(\d+) (PeerConnection\(s\)|PCs?\b)/.exec(row.description)
    const samples = /(\d+) getstats/.exec(row.description)
    if (pcs && samples && Number(pcs[1]) > 0 && Number(samples[1]) > 0) {
      expect(e.connections.length).toBeGreaterThan(0)
      expect(e.streams.length).toBeGreaterThan(0)
      // some dumps never carried media (byte counters stay 0): the series exists, its values may be 0
      expect(e.series.some((s) => s.metric === 'bitrate' && s.streamKey)).toBe(true)
    }
    for (const s of e.series) {
      expect(s.t.length).toBe(s.v.length)
      for (let i = 1; i < s.t.length; i++) expect(s.t[i]!).toBeGreaterThanOrEqual(s.t[i - 1]!)
    }
  })

  it.each(rows.filter((r) => r.path.endsWith('.jsonl') && /getstats/.test(r.description)).map((r) => [r.path]))(
    '%s: every raw byte counter value of every stream shows at its report time', (rel) => {
      const e = corpus(rel)
      let checked = 0
      for (const s of e.streams) {
        const prop = s.direction === 'send' ? 'bytesSent' : 'bytesReceived'
        const raw = rawPoints(rel, s.connectionKey!, String(s.meta!.statsId), prop)
        const col = e.series.find((x) => x.streamKey === s.key && x.metric === `stat.${s.direction === 'send' ? 'outbound' : 'inbound'}-rtp.${prop}`)
        if (raw.length === 0 || !col) continue
        const at = new Map<number, number[]>()
        for (let i = 0; i < col.t.length; i++) at.set(col.t[i]!, [...(at.get(col.t[i]!) ?? []), col.v[i]!])
        for (const [t, v] of raw) expect(at.get(t), `${s.key} ${prop} at ${t}`).toContain(v)
        checked += raw.length
      }
      expect(checked).toBeGreaterThan(0)
    })
})

describeCorpus('rtcstats: browser and stats variants', () => {
  it('Firefox dumps yield send and receive streams with bitrate', () => {
    for (const rel of ['rtcstats/jitsi-rtcstats-server/firefox-relay.jsonl', 'rtcstats/jitsi-rtcstats-server/firefox-standard-stats-sfu.jsonl', 'rtcstats/jitsi-rtcstats-server/firefox97-standard-stats-sfu.jsonl']) {
      const e = corpus(rel)
      expect(e.meta.browser, rel).toBe('Firefox 118')
      expect(e.streams.some((s) => s.direction === 'send'), rel).toBe(true)
      expect(e.streams.some((s) => s.direction === 'recv'), rel).toBe(true)
      expect(e.series.some((s) => s.metric === 'bitrate' && Array.from(s.v).some((v) => v > 0)), rel).toBe(true)
    }
  })

  it('Safari dumps yield streams with bitrate and RTT', () => {
    for (const rel of ['rtcstats/jitsi-rtcstats-server/safari-relay.jsonl', 'rtcstats/jitsi-rtcstats-server/safari-standard-stats.jsonl']) {
      const e = corpus(rel)
      expect(e.meta.browser, rel).toBe('Safari 17')
      expect(e.streams.filter((s) => s.direction === 'send').length, rel).toBeGreaterThan(0)
      expect(e.series.some((s) => s.metric === 'bitrate' && Array.from(s.v).some((v) => v > 0)), rel).toBe(true)
      expect(e.series.some((s) => s.metric === 'rtt_ms' && Array.from(s.v).some((v) => v > 0)), rel).toBe(true)
    }
  })

  it('legacy goog dumps yield bitrate, loss and RTT series and say what is not mapped', () => {
    const legacy = ['google-legacy-screenshare-msessions', 'google-legacy-screenshare-p2p', 'google-legacy-stats-multiple-pc', 'google-legacy-stats-p2p', 'google-legacy-stats-sfu']
    for (const name of legacy) {
      const rel = `rtcstats/jitsi-rtcstats-server/${name}.jsonl`
      const e = corpus(rel)
      expect(e.format, rel).toBe('rtcstats/jitsi+goog-legacy')
      for (const dir of ['send', 'recv'] as const) {
        const withBitrate = e.streams.filter((s) => s.direction === dir && e.series.some((x) => x.streamKey === s.key && x.metric === 'bitrate' && Array.from(x.v).some((v) => v > 0)))
        expect(withBitrate.length, `${rel} ${dir}`).toBeGreaterThan(0)
      }
      expect(e.series.some((s) => s.metric === 'rtt_ms' && s.streamKey && Array.from(s.v).some((v) => v > 0)), rel).toBe(true)
      expect(e.series.some((s) => s.metric === 'available_outgoing_bitrate' && Array.from(s.v).some((v) => v > 0)), rel).toBe(true)
      expect(e.diagnostics.some((d) => /not mapped/.test(d.message)), rel).toBe(true)
    }
  })

  it('legacy bitrate is the byte-counter slope between samples', () => {
    const rel = 'rtcstats/jitsi-rtcstats-server/google-legacy-stats-p2p.jsonl'
    const e = corpus(rel)
    let compared = 0
    for (const s of e.streams.filter((x) => x.direction === 'send')) {
      const raw = rawPoints(rel, s.connectionKey!, String(s.meta!.statsId), 'bytesSent')
      const br = series(e, 'bitrate', { streamKey: s.key })
      const t = times(br)
      for (let i = 1; i < raw.length; i++) {
        const j = t.indexOf(raw[i]![0])
        // bytesSent is only written when it changed: compare where the two raw points are adjacent samples
        if (j < 1 || t[j - 1] !== raw[i - 1]![0]) continue
        const expected = ((raw[i]![1] - raw[i - 1]![1]) * 8) / (raw[i]![0] - raw[i - 1]![0])
        expect(br.v[j]!, `${s.key} at ${t[j]}`).toBeCloseTo(expected, 6)
        compared++
      }
    }
    expect(compared).toBeGreaterThan(50)
  })

  it('the 2016 JSON export (legacy Chromium 48) yields its four loopback streams', () => {
    const rel = 'rtcstats/jitsi-rtcstats-server/clienttest-2016-peerConnections.json'
    const e = corpus(rel)
    expect(e.format).toBe('rtcstats/clienttest-2016+goog-legacy')
    expect(e.meta.browser).toBe('Chrome 48')
    expect(e.connections.map((c) => c.key)).toEqual(['PC_0', 'PC_1'])
    expect(e.streams.map((s) => `${s.connectionKey} ${s.kind} ${s.direction} ${s.ssrc}`).sort()).toEqual([
      'PC_0 audio send 2153724675', 'PC_0 video send 248537258', 'PC_1 audio recv 2153724675', 'PC_1 video recv 248537258',
    ])
    const video = streamBySsrc(e, 248537258, 'send')
    const sent = series(e, 'bitrate', { streamKey: video.key })
    const received = series(e, 'bitrate', { streamKey: streamBySsrc(e, 248537258, 'recv').key })
    const mean = (s: SeriesData) => { const v = values(s).filter(Number.isFinite); return v.reduce((a, b) => a + b, 0) / v.length }
    // loopback: what PC_0 sends, PC_1 receives
    expect(mean(sent)).toBeGreaterThan(100)
    expect(Math.abs(mean(sent) - mean(received)) / mean(sent)).toBeLessThan(0.1)
    expect(states(e, 'ice.state', 'PC_0')).toEqual(['checking', 'completed', 'completed', 'closed'])
    expect(states(e, 'ice.state', 'PC_1')).toEqual(['checking', 'connected', 'closed'])
  })

  it('the gUM-only v3 dump has events and no connections', () => {
    const e = corpus('rtcstats/rtcstats-rtcstats/gumonly-rtcstats4.jsonl')
    expect(e.format).toBe('rtcstats/v3')
    expect(e.connections).toEqual([])
    expect(e.events.map((ev) => ev.type)).toEqual(['gum.request', 'gum.success'])
    expect(e.events[0]!.t).toBe(1758602115670 + 2153)
    expect(e.meta.browser).toBe('Chrome 140')
  })
})

describeCorpus('rtcstats: connection failures and reconnects', () => {
  it('chrome-standard-pc-failed.jsonl: the connections fail', () => {
    const e = corpus('rtcstats/jitsi-rtcstats-server/chrome-standard-pc-failed.jsonl')
    const failed = e.events.filter((ev) => (ev.type === 'pc.state' || ev.type === 'ice.state') && ev.data?.state === 'failed')
    expect(failed.map((ev) => ev.connectionKey).sort()).toEqual(['PC_0', 'PC_1', 'PC_2'])
    expect(failed.every((ev) => ev.severity === 'error' && ev.t === 1647265227269)).toBe(true)
    expect(states(e, 'ice.state', 'PC_1')).toEqual(['checking', 'disconnected'])
  })

  it('chrome-standard-pc-reconnect.jsonl: PC_0 goes disconnected -> connected', () => {
    const e = corpus('rtcstats/jitsi-rtcstats-server/chrome-standard-pc-reconnect.jsonl')
    const seq = states(e, 'pc.state', 'PC_0')
    expect(seq).toEqual(['connecting', 'connected', 'disconnected', 'connected', 'disconnected', 'connected', 'failed'])
    const i = seq.indexOf('disconnected')
    expect(seq[i + 1]).toBe('connected')
  })

  it('google-standard-stats-p2p-reconnect.jsonl: the --disconnect-- marker is reported, parsing goes on', () => {
    const e = corpus('rtcstats/jitsi-rtcstats-server/history/google-standard-stats-p2p-reconnect.jsonl')
    expect(e.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', line: 178, message: expect.stringContaining('--disconnect--') }))
    const lastEvent = Math.max(...e.events.map((ev) => ev.t))
    const lines = readCorpus('rtcstats/jitsi-rtcstats-server/history/google-standard-stats-p2p-reconnect.jsonl').toString('utf8').split('\n').slice(178).filter((l) => l.startsWith('['))
    expect(lines.length).toBeGreaterThan(0)
    expect(lastEvent).toBeGreaterThanOrEqual(Math.max(...lines.map((l) => Number((JSON.parse(l) as unknown[])[3]))) - 60_000)
  })
})

describeCorpus('rtcstats: participant metadata', () => {
  it('identity and connectionInfo go into meta and the participant', () => {
    const e = corpus('rtcstats/jitsi-rtcstats-server/59c86272-03ea-42e9-a62d-1c8a272e8ab0.jsonl')
    expect(e.meta).toMatchObject({ participant: 'Kelton-nfn', 'identity.displayName': 'Kelton-nfn', 'identity.confName': 'ThrilledFirmsTellImmensely', browser: 'Chrome 100', statsFormat: 'chrome_standard' })
    expect(e.connections.every((c) => c.participant === 'Kelton-nfn')).toBe(true)
    expect(e.streams.every((s) => s.participant === 'Kelton-nfn')).toBe(true)
  })

  it('a connectionInfo given as a JSON string is read too', () => {
    const e = corpus('rtcstats/jitsi-rtcstats-server/history/firefox-relay-p2p.jsonl')
    expect(e.meta.browser).toBe('Firefox 117')
    expect(e.meta.statsFormat).toBe('firefox')
    expect(e.logLineCount).toBeGreaterThan(100)
  })
})

describeCorpus('rtcstats: jitsi server-side samples', () => {
  it('jvb-sample.jsonl: per-endpoint RTT and join/leave events', () => {
    const e = corpus('rtcstats/jitsi-rtcstats-server/jvb-sample.jsonl')
    expect(e.format).toBe('rtcstats/jitsi-server-jvb')
    expect(e.connections.map((c) => c.participant).sort()).toEqual(['Hillard-sAi', 'Lottie-1R0'])
    const rtt = series(e, 'rtt_ms', { connectionKey: 'JVB/92aac468' })
    expect(values(rtt).some((v) => v > 0)).toBe(true)
    expect(rtt.t[0]).toBeGreaterThanOrEqual(1707674478175)
    expect(e.events.map((ev) => ev.type).sort()).toEqual(['participant.join', 'participant.join', 'participant.leave', 'participant.leave'])
    expect(e.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', message: expect.stringContaining('not mapped') }))
  })

  it('jicofo-sample.jsonl: participant count and joins', () => {
    const e = corpus('rtcstats/jitsi-rtcstats-server/jicofo-sample.jsonl')
    expect(e.meta['identity.applicationName']).toBe('Jicofo')
    expect(values(series(e, 'stat.jicofo.participant_count', {}))[0]).toBe(2)
    expect(e.events.filter((ev) => ev.type === 'participant.join')).toHaveLength(5)
  })

  it('jigasi-sample.jsonl (identity only, no times): metadata and a clear diagnostic', () => {
    const e = corpus('rtcstats/jitsi-rtcstats-server/jigasi-sample.jsonl')
    expect(e.meta['identity.applicationName']).toBe('JIGASI')
    expect(e.events).toEqual([])
    expect(e.diagnostics.some((d) => /JIGASI server-side sample/.test(d.message))).toBe(true)
  })
})

describeCorpus('rtcstats: fed like the import job feeds it', () => {
  it('a jitsi dump pushed line by line (CRLF split, logs streamed) gives the same model', () => {
    const rel = 'rtcstats/jitsi-rtcstats-server/history/google-standard-stats-remote-relay-p2p.jsonl'
    const logs: LogLine[] = []
    const parser = rtcstatsFormat.create({ path: rel, emitLogs: (l) => logs.push(...l), assumedUtcOffsetMin: 0 })
    expect(parser.mode).toBe('lines')
    if (parser.mode !== 'lines') return
    // 64 KiB chunks, CRLF-split with a carried partial line, as the job's entry reader does
    const text = readCorpus(rel).toString('utf8').replace(/\n/g, '\r\n')
    let carry = ''
    let lineNo = 0
    for (let at = 0; at < text.length; at += 65536) {
      const lines = (carry + text.slice(at, at + 65536)).split(/\r?\n/)
      carry = lines.pop() ?? ''
      for (const line of lines) parser.pushLine(line, ++lineNo)
    }
    if (carry) parser.pushLine(carry, ++lineNo)
    const parsed = parser.end()
    const whole = corpus(rel)
    expect(parsed.streams).toEqual(whole.streams)
    expect(parsed.series.length).toBe(whole.series.length)
    expect(parsed.events).toEqual(whole.events)
    expect(logs.length).toBe(parsed.logLineCount)
    expect(logs.length).toBeGreaterThan(100)
    expect(logs.every((l) => typeof l.t === 'number' && l.line > 0)).toBe(true)
  })
})

// ---------------------------------------------------------------------------------------------
// THE KEY TEST: one Chrome 144 call, exported by webrtc-internals both as its own dump and as an
// rtcstats dump, must give the same streams, series and events.
// ---------------------------------------------------------------------------------------------
describeCorpus('rtcstats vs webrtc-internals: the same Chrome 144 call', () => {
  const r = corpus('rtcstats/Guilospanck-webrtc-stats-analyzer/rtcstats_dump-chrome144.txt')
  const w = parseWebrtcInternals(readFileSync(corpusPath('webrtc-internals/Guilospanck-webrtc-stats-analyzer/chrome144-2pc-localhost-turn.txt'), 'utf8'), { assumedUtcOffsetMin: 0 })
  const identity = (s: StreamInfo) => `${s.connectionKey} ${s.kind} ${s.direction} ${s.ssrc}`

  it('is read as v3 with the same connections', () => {
    expect(r.format).toBe('rtcstats/v3')
    expect(r.meta.browser).toBe('Chrome 144')
    expect(w.meta.browser).toBe('Chrome 144')
    expect(r.connections.map((c) => c.key).sort()).toEqual(w.connections.map((c) => c.key).sort())
    expect(r.connections.find((c) => c.key === '92-1')?.label).toBe('92-1 http://localhost:3002/')
  })

  it('has the same set of streams (kind, direction, ssrc) and codecs', () => {
    expect(r.streams.map(identity).sort()).toEqual(w.streams.map(identity).sort())
    expect(r.streams).toHaveLength(8)
    for (const s of r.streams) expect(s.codec).toBe(w.streams.find((x) => identity(x) === identity(s))!.codec)
  })

  it('bitrate and loss_pct agree at every common timestamp', () => {
    const report: string[] = []
    for (const s of r.streams) {
      const ws = w.streams.find((x) => identity(x) === identity(s))!
      for (const metric of ['bitrate', 'loss_pct']) {
        const a = r.series.find((x) => x.streamKey === s.key && x.metric === metric)
        const b = w.series.find((x) => x.streamKey === ws.key && x.metric === metric)
        expect(!!a, `${metric} ${identity(s)} in rtcstats`).toBe(!!b)
        if (!a || !b) continue
        const at = new Map<number, number>()
        b.t.forEach((t, i) => at.set(t, b.v[i]!))
        let common = 0
        let compared = 0
        let maxDiff = 0
        a.t.forEach((t, i) => {
          if (!at.has(t)) return
          common++
          const x = a.v[i]!
          const y = at.get(t)!
          expect(Number.isNaN(x), `${metric} ${identity(s)} NaN at ${t}`).toBe(Number.isNaN(y))
          if (Number.isNaN(x)) return
          compared++
          maxDiff = Math.max(maxDiff, Math.abs(x - y))
        })
        // webrtc-internals' dump was saved ~2 s before the rtcstats one: 2 more samples at its end
        expect(common, `${metric} ${identity(s)}`).toBeGreaterThanOrEqual(Math.min(a.t.length, b.t.length) - 1)
        expect(compared).toBeGreaterThan(40)
        expect(maxDiff, `${metric} ${identity(s)}`).toBeLessThanOrEqual(1e-9)
        report.push(`${identity(s)} ${metric}: ${compared}/${common} common samples, max |Δ| ${maxDiff}`)
      }
    }
    expect(report).toHaveLength(16)
  })

  it('every other canonical series agrees too', () => {
    const key = (e: ParsedEntry, x: SeriesData) => `${x.metric} ${x.streamKey ? identity(e.streams.find((s) => s.key === x.streamKey)!) : x.connectionKey}`
    const canon = (e: ParsedEntry) => new Map(e.series.filter((x) => !x.metric.startsWith('stat.')).map((x) => [key(e, x), x]))
    const a = canon(r)
    const b = canon(w)
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort())
    for (const [k, sa] of a) {
      const sb = b.get(k)!
      const at = new Map<number, number>()
      sb.t.forEach((t, i) => at.set(t, sb.v[i]!))
      sa.t.forEach((t, i) => {
        if (!at.has(t)) return
        const x = sa.v[i]!
        const y = at.get(t)!
        if (Number.isNaN(x) || Number.isNaN(y)) expect(Number.isNaN(x), `${k} at ${t}`).toBe(Number.isNaN(y))
        else expect(Math.abs(x - y), `${k} at ${t}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(y)))
      })
    }
  })

  it('has the same connection events at the same times (plus pc.created, which webrtc-internals does not log)', () => {
    const ev = (e: ParsedEntry) => e.events.filter((x: CallEvent) => x.connectionKey && x.type !== 'pc.created').map((x) => `${x.t.toFixed(3)} ${x.connectionKey} ${x.type} ${x.message}`).sort()
    expect(ev(r)).toEqual(ev(w))
    expect(r.events.filter((x) => x.type === 'pc.created').map((x) => x.connectionKey).sort()).toEqual(['92-1', '94-1'])
    const gum = (e: ParsedEntry) => e.events.filter((x) => x.type.startsWith('gum.')).map((x) => `${x.t.toFixed(3)} ${x.message}`)
    expect(gum(r)).toEqual(gum(w))
  })
})
