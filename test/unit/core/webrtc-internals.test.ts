/**
 * The webrtc-internals parser over the generated fixtures (standard, legacy, empty, malformed), the
 * demo bundle (its injected uplink congestion must be visible exactly where it was put) and real
 * dumps from the shared corpus. Expected values are recomputed from the raw JSON of each file.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { CallEvent, ParsedEntry, SeriesData } from '../../../src-main/core/model/call'
import { sniffWebrtcInternals } from '../../../src-main/core/parsers/webrtc-internals/detect'
import { parseWebrtcInternals } from '../../../src-main/core/parsers/webrtc-internals/parse'
import { runParseJob } from '../../../src-main/jobs/parse-job'
import { DEMO, LEGACY, SMALL, buildSmall, demoWindow } from '../../fixtures/generate/scenarios'
import { corpusPath, describeCorpus, readCorpus } from '../../support/corpus'

const ROOT = resolve(import.meta.dirname, '../../..')
const GENERATED = resolve(ROOT, 'test/fixtures/generated')
const DEMO_BUNDLE = resolve(ROOT, 'resources/demo/bundle')

interface RawStat { startTime: string; endTime: string; statsType?: string; values: string }
interface RawDump {
  PeerConnections: Record<string, { stats: Record<string, RawStat>; updateLog: { time?: string; type: string; value: string; timestamp?: number }[] }>
}

function read(path: string): string {
  return readFileSync(path, 'utf8')
}

function parse(text: string): ParsedEntry {
  return parseWebrtcInternals(text, { assumedUtcOffsetMin: 0 })
}

/** Raw `values` of one stats key, parsed. */
function raw(dump: RawDump, pc: string, key: string): unknown[] {
  const s = dump.PeerConnections[pc]!.stats[key]
  if (!s) throw new Error(`no stats key ${key}`)
  return JSON.parse(s.values) as unknown[]
}

function one(e: ParsedEntry, metric: string, owner: { streamKey?: string; connectionKey?: string }): SeriesData {
  const found = e.series.filter((s) => s.metric === metric && (owner.streamKey ? s.streamKey === owner.streamKey : s.connectionKey === owner.connectionKey && !s.streamKey))
  expect(found, `${metric} of ${JSON.stringify(owner)}`).toHaveLength(1)
  return found[0]!
}

/** Values of a series whose time falls in [from, to). */
function within(s: SeriesData, [from, to]: [number, number]): number[] {
  const out: number[] = []
  for (let i = 0; i < s.t.length; i++) if (s.t[i]! >= from && s.t[i]! < to) out.push(s.v[i]!)
  // a window that catches nothing would make every/max checks pass vacuously
  expect(out.length, `${s.metric} has samples in [${new Date(from).toISOString()}, ${new Date(to).toISOString()})`).toBeGreaterThan(0)
  return out
}

/** Events that came from the updateLog (not those derived from transport stats). */
function apiStates(e: ParsedEntry, type: string): CallEvent[] {
  return e.events.filter((ev) => ev.type === type && ev.data !== undefined && 'state' in ev.data)
}

describe('webrtc-internals: standard-small.json (Chrome 139, per-object timestamps)', () => {
  const text = read(resolve(GENERATED, 'standard-small.json'))
  const dump = JSON.parse(text) as RawDump
  const e = parse(text)
  const facts = buildSmall().dumps[0]!.facts
  const pc = facts.pcKey
  const key = (id: string) => `${pc}/${id}`

  it('is read as a standard dump without problems', () => {
    expect(e.kind).toBe('webrtc-internals')
    expect(e.format).toBe('webrtc-internals/standard')
    expect(e.meta.browser).toBe('Chrome 139')
    expect(e.meta.deviceMemory).toBe(8)
    expect(e.connections.map((c) => c.key)).toEqual([pc])
    expect(e.connections[0]!.meta?.url).toBe('https://call.example.com/r/quiet-meadow-7')
    expect(e.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
  })

  it('finds the four RTP streams with kind, direction, codec and ssrc', () => {
    const byKey = new Map(e.streams.map((s) => [s.key, s]))
    expect(e.streams).toHaveLength(4)
    expect(byKey.get(key(facts.statsIds.outboundAudio))).toMatchObject({ kind: 'audio', direction: 'send', codec: 'opus', ssrc: facts.ssrc.audioOut, connectionKey: pc })
    expect(byKey.get(key(facts.statsIds.outboundVideo))).toMatchObject({ kind: 'video', direction: 'send', codec: 'VP8', ssrc: facts.ssrc.videoOut })
    expect(byKey.get(key(facts.statsIds.inboundAudio))).toMatchObject({ kind: 'audio', direction: 'recv', codec: 'opus', ssrc: facts.ssrc.audioIn })
    expect(byKey.get(key(facts.statsIds.inboundVideo))).toMatchObject({ kind: 'video', direction: 'recv', codec: 'VP8', ssrc: facts.ssrc.videoIn })
    expect(byKey.get(key(facts.statsIds.inboundAudio))!.meta).toMatchObject({ fmtp: 'minptime=10;useinbandfec=1', mid: '0' })
    // the ssrc recorded in the dump is the one in the stats id
    expect(raw(dump, pc, `${facts.statsIds.inboundVideo}-ssrc`).at(-1)).toBe(facts.ssrc.videoIn)
  })

  it('computes bitrate from bytesSent deltas over the sample times, with plausible values', () => {
    const s = one(e, 'bitrate', { streamKey: key(facts.statsIds.outboundVideo) })
    const ts = raw(dump, pc, `${facts.statsIds.outboundVideo}-timestamp`) as number[]
    const bytes = raw(dump, pc, `${facts.statsIds.outboundVideo}-bytesSent`) as number[]
    expect(ts).toHaveLength(SMALL.seconds)
    expect(Array.from(s.t)).toEqual(ts)
    expect(s.unit).toBe('kbps')
    expect(s.v[0]).toBeNaN()
    for (let i = 1; i < ts.length; i++) expect(s.v[i]).toBeCloseTo(((bytes[i]! - bytes[i - 1]!) * 8) / (ts[i]! - ts[i - 1]!), 9)
    // 720p VP8 capped at 1.7 Mbps once the estimate has ramped up
    for (const v of Array.from(s.v).slice(10)) {
      expect(v).toBeGreaterThan(1000)
      expect(v).toBeLessThan(1800)
    }
    const audio = one(e, 'bitrate', { streamKey: key(facts.statsIds.outboundAudio) })
    for (const v of Array.from(audio.v).slice(1)) {
      expect(v).toBeGreaterThan(15)
      expect(v).toBeLessThan(40)
    }
  })

  it('computes per-interval loss % from packetsLost/packetsReceived, high only in the lossy seconds', () => {
    const id = facts.statsIds.inboundVideo
    const s = one(e, 'loss_pct', { streamKey: key(id) })
    const lost = raw(dump, pc, `${id}-packetsLost`) as number[]
    const recv = raw(dump, pc, `${id}-packetsReceived`) as number[]
    for (let i = 1; i < lost.length; i++) {
      const dl = lost[i]! - lost[i - 1]!
      const dr = recv[i]! - recv[i - 1]!
      expect(s.v[i]).toBeCloseTo((100 * dl) / (dl + dr), 9)
    }
    const v = Array.from(s.v)
    // Bob's uplink is lossy in polls 12..19 (SMALL.fault); interval i ends at poll i
    expect(Math.max(...v.slice(SMALL.fault.start, SMALL.fault.end))).toBeGreaterThan(5)
    for (const x of [...v.slice(1, SMALL.fault.start), ...v.slice(SMALL.fault.end + 1)]) expect(x).toBeLessThan(1.5)
    expect(one(e, 'packets_lost', { streamKey: key(id) }).v.at(-1)).toBe(lost.at(-1))
  })

  it('aligns a property that appeared late from the END of the timestamps', () => {
    const id = facts.statsIds.outboundVideo
    const ts = raw(dump, pc, `${id}-timestamp`) as number[]
    const heights = raw(dump, pc, `${id}-frameHeight`) as number[]
    expect(heights.length).toBe(ts.length - 1) // frameHeight is only reported from the second poll
    const s = one(e, 'frame_height', { streamKey: key(id) })
    expect(Array.from(s.t)).toEqual(ts)
    expect(s.v[0]).toBeNaN()
    for (let j = 0; j < heights.length; j++) expect(s.v[j + 1]).toBe(heights[j])
    expect(s.v.at(-1)).toBe(720)

    // connection level: availableOutgoingBitrate also starts one poll late
    const aob = one(e, 'available_outgoing_bitrate', { connectionKey: pc })
    const rawAob = raw(dump, pc, `${facts.statsIds.selectedPair}-availableOutgoingBitrate`) as number[]
    expect(aob.t).toHaveLength(ts.length)
    expect(aob.v[0]).toBeNaN()
    expect(aob.v.at(-1)).toBe(rawAob.at(-1)! / 1000)
    expect(aob.v[1]).toBe(rawAob[0]! / 1000)
  })

  it('turns updateLog rows into typed events at their epoch timestamps', () => {
    const log = dump.PeerConnections[pc]!.updateLog
    const rawIce = log.filter((r) => r.type === 'oniceconnectionstatechange')
    const ice = apiStates(e, 'ice.state')
    expect(ice.map((ev) => ev.data!.state)).toEqual(['checking', 'connected'])
    expect(ice.map((ev) => ev.t)).toEqual(rawIce.map((r) => r.timestamp))
    expect(ice.every((ev) => ev.connectionKey === pc && ev.severity === 'info')).toBe(true)
    expect(apiStates(e, 'pc.state').map((ev) => ev.data!.state)).toEqual(['connecting', 'connected'])
    expect(apiStates(e, 'signaling.state').map((ev) => ev.data!.state)).toEqual(['have-local-offer', 'stable'])

    const local = e.events.filter((ev) => ev.type === 'sdp.local')
    expect(local).toHaveLength(1)
    expect(local[0]!.data).toMatchObject({ sdpType: 'offer' })
    expect(String(local[0]!.data!.sdp)).toMatch(/^v=0\r\n.*a=rtpmap:96 VP8\/90000/s)
    expect(local[0]!.t).toBe(log.find((r) => r.type === 'setLocalDescription')!.timestamp)
    expect(e.events.filter((ev) => ev.type === 'sdp.remote').map((ev) => ev.data!.sdpType)).toEqual(['answer'])

    const candidates = e.events.filter((ev) => ev.type === 'ice.candidate')
    expect(candidates.map((c) => `${c.data!.side} ${c.data!.candidateType}`)).toEqual(['local host', 'local srflx', 'remote host', 'remote srflx'])
    expect(candidates[1]!.data).toMatchObject({ address: '198.51.100.23', protocol: 'udp' })

    expect(e.events.find((ev) => ev.type === 'gum.success')!.data).toMatchObject({ call: 'getUserMedia', device: 'Integrated Webcam (0bda:5520)' })
    for (let i = 1; i < e.events.length; i++) expect(e.events[i]!.t).toBeGreaterThanOrEqual(e.events[i - 1]!.t)
    // the call starts about a second before the first stats poll
    const firstPoll = (raw(dump, pc, 'P-timestamp') as number[])[0]!
    expect(firstPoll - ice[1]!.t).toBeGreaterThan(500)
    expect(firstPoll - ice[1]!.t).toBeLessThan(1500)
  })

  it('skips computed [..] series except [codec], and keeps raw numeric stats as stat.* series', () => {
    expect(e.series.some((s) => s.metric.includes('['))).toBe(false)
    const rawTarget = e.series.find((s) => s.metric === 'stat.outbound-rtp.targetBitrate' && s.streamKey === key(facts.statsIds.outboundVideo))
    expect(rawTarget?.v.at(-1)).toBe((raw(dump, pc, `${facts.statsIds.outboundVideo}-targetBitrate`) as number[]).at(-1))
  })
})

describe('webrtc-internals: aligning values from the end (hand-written dump)', () => {
  it('puts a short value list at the last timestamps, and spreads legacy samples evenly', () => {
    const stat = (values: unknown[], statsType = 'outbound-rtp', startTime = '2025-01-01T00:00:00.000Z', endTime = '2025-01-01T00:00:03.000Z') =>
      ({ startTime, endTime, statsType, values: JSON.stringify(values) })
    const ts = [1735689600000, 1735689601000.5, 1735689602001, 1735689603000]
    const doc = {
      PeerConnections: {
        '1-1': {
          stats: {
            'OT01V1-ssrc': stat([1, 1, 1, 1]), 'OT01V1-kind': stat(['video', 'video', 'video', 'video']),
            'OT01V1-bytesSent': stat([0, 1000, 2000, 3000]), 'OT01V1-frameHeight': stat([360, 720]),
            'OT01V1-timestamp': stat(ts),
          },
          updateLog: [],
        },
      },
    }
    const e = parse(JSON.stringify(doc))
    const h = e.series.find((s) => s.metric === 'frame_height')!
    expect(Array.from(h.t)).toEqual(ts)
    expect(Array.from(h.v)).toEqual([NaN, NaN, 360, 720])
    expect(e.format).toBe('webrtc-internals/standard')

    delete (doc.PeerConnections['1-1'].stats as Record<string, unknown>)['OT01V1-timestamp']
    const legacy = parse(JSON.stringify(doc))
    const lh = legacy.series.find((s) => s.metric === 'frame_height')!
    expect(Array.from(lh.t)).toEqual([1735689600000, 1735689601000, 1735689602000, 1735689603000])
    expect(Array.from(lh.v)).toEqual([NaN, NaN, 360, 720])
    expect(legacy.format).toBe('webrtc-internals/legacy-aligned')
  })
})

describe('webrtc-internals: legacy-no-timestamps.json (Chrome 112, no per-object timestamps)', () => {
  const text = read(resolve(GENERATED, 'legacy-no-timestamps.json'))
  const dump = JSON.parse(text) as RawDump
  const e = parse(text)
  const pc = LEGACY.participant.pcKey

  it('has no timestamp series and is read as legacy-aligned', () => {
    expect(Object.keys(dump.PeerConnections[pc]!.stats).some((k) => k.endsWith('-timestamp'))).toBe(false)
    expect(e.format).toBe('webrtc-internals/legacy-aligned')
    expect(e.meta.browser).toBe('Chrome 112')
    expect(e.streams.map((s) => `${s.direction} ${s.kind} ${s.codec}`).sort()).toEqual(['recv audio opus', 'recv video VP8', 'send audio opus', 'send video VP8'])
  })

  it('rebuilds sample times 1 s apart from startTime/endTime and aligns late properties from the end', () => {
    const video = e.streams.find((s) => s.direction === 'send' && s.kind === 'video')!
    const id = String(video.meta!.statsId)
    const bytes = dump.PeerConnections[pc]!.stats[`${id}-bytesSent`]!
    const start = Date.parse(bytes.startTime)
    expect(start).toBe(LEGACY.statsStartMs + LEGACY.participant.pollPhaseMs)
    const bitrate = one(e, 'bitrate', { streamKey: video.key })
    expect(Array.from(bitrate.t)).toEqual(Array.from({ length: LEGACY.seconds }, (_, i) => start + i * 1000))
    const fh = dump.PeerConnections[pc]!.stats[`${id}-frameHeight`]!
    const heights = JSON.parse(fh.values) as number[]
    expect(heights).toHaveLength(LEGACY.seconds - 1)
    const series = one(e, 'frame_height', { streamKey: video.key })
    expect(series.v[0]).toBeNaN()
    expect(series.t[1]).toBe(Date.parse(fh.startTime))
    expect(Array.from(series.v).slice(1)).toEqual(heights)
  })

  it('reads zone-less day-first updateLog times with the UTC offset estimated from the stats (UTC+5:30)', () => {
    expect(e.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', message: expect.stringContaining('day/month with UTC offset 330 min') }))
    const ice = apiStates(e, 'ice.state')
    expect(ice.map((ev) => ev.data!.state)).toEqual(['checking', 'connected'])
    // "22/5/2023, 7:32:39 pm" in India is 14:02:39 UTC, one second before the first poll
    expect(dump.PeerConnections[pc]!.updateLog.find((r) => r.type === 'iceconnectionstatechange' && r.value === 'connected')!.time).toBe('22/5/2023, 7:32:39 pm')
    expect(ice[1]!.t).toBe(Date.UTC(2023, 4, 22, 14, 2, 39))
    expect(e.events.find((ev) => ev.type === 'sdp.local')!.data).toMatchObject({ sdpType: 'offer' })
    expect(String(e.events.find((ev) => ev.type === 'sdp.local')!.data!.sdp)).toMatch(/^v=0\r\n/)
    expect(e.events.filter((ev) => ev.type === 'ice.candidate')).toHaveLength(4)
  })
})

describe('webrtc-internals: empty, malformed and non-dump input', () => {
  it('reads an empty dump as such, with an info diagnostic', () => {
    const e = parse(read(resolve(GENERATED, 'empty.json')))
    expect(e.format).toBe('webrtc-internals/empty')
    expect(e.streams).toEqual([])
    expect(e.series).toEqual([])
    expect(e.events).toEqual([])
    expect(e.diagnostics).toEqual([{ severity: 'info', message: 'the dump holds no PeerConnections' }])
    expect(e.meta.browser).toBe('Chrome 139')
  })

  it('reports a truncated dump as a diagnostic, never throws', () => {
    const text = read(resolve(GENERATED, 'malformed.json'))
    expect(sniffWebrtcInternals({ path: 'malformed.json', head: Buffer.from(text), text })).toBeGreaterThanOrEqual(0.9)
    let e: ParsedEntry | undefined
    expect(() => {
      e = parse(text)
    }).not.toThrow()
    expect(e!.streams).toEqual([])
    expect(e!.diagnostics).toHaveLength(1)
    expect(e!.diagnostics[0]!.severity).toBe('error')
    expect(e!.diagnostics[0]!.message).toMatch(/^not valid JSON/)
  })

  it('does not recognise prose, and a JSON object without PeerConnections is refused with a diagnostic', () => {
    const prose = read(resolve(GENERATED, 'not-a-dump.txt'))
    expect(sniffWebrtcInternals({ path: 'not-a-dump.txt', head: Buffer.from(prose), text: prose })).toBe(0)
    expect(parse(prose).diagnostics[0]!.message).toMatch(/not valid JSON/)
    const other = parse('{"getUserMedia": [], "foo": 1}')
    expect(other.diagnostics).toEqual([{ severity: 'error', message: 'no PeerConnections object: not a webrtc-internals dump' }])
  })
})

describe('webrtc-internals: the demo bundle shows its injected uplink congestion', () => {
  const alice = parse(read(resolve(DEMO_BUNDLE, 'alice-webrtc-internals.txt')))
  const bob = parse(read(resolve(DEMO_BUNDLE, 'bob-webrtc-internals.txt')))
  const [ALICE, BOB] = [0, 1] as const
  const f = DEMO.fault
  const stream = (e: ParsedEntry, direction: 'send' | 'recv', kind: 'audio' | 'video') => {
    const s = e.streams.filter((x) => x.direction === direction && x.kind === kind)
    expect(s).toHaveLength(1)
    return s[0]!
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!

  it('has two participants with matching audio+video streams in both directions', () => {
    for (const e of [alice, bob]) {
      expect(e.format).toBe('webrtc-internals/standard')
      expect(e.streams).toHaveLength(4)
      expect(e.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
    }
    expect(alice.connections.map((c) => c.key)).toEqual([DEMO.participants[0].pcKey])
    expect(bob.connections.map((c) => c.key)).toEqual([DEMO.participants[1].pcKey])
    for (const kind of ['audio', 'video'] as const) {
      expect(stream(alice, 'send', kind).ssrc).toBe(stream(bob, 'recv', kind).ssrc)
      expect(stream(bob, 'send', kind).ssrc).toBe(stream(alice, 'recv', kind).ssrc)
      expect(stream(alice, 'send', kind).codec).toBe(kind === 'audio' ? 'opus' : 'VP8')
    }
    expect(alice.meta).toMatchObject({ '173-1.pair.networkType': 'wifi', '173-1.pair.localType': 'srflx', '173-1.pair.localAddress': '198.51.100.23' })
    // ~5 minutes at 1 s
    const rtt = one(alice, 'rtt_ms', { connectionKey: '173-1' })
    expect(rtt.t).toHaveLength(DEMO.seconds)
    expect(rtt.t.at(-1)! - rtt.t[0]!).toBeGreaterThan(298_900)
    expect(rtt.t.at(-1)! - rtt.t[0]!).toBeLessThan(299_100)
  })

  it("shows loss at Bob's receiver only inside the fault window", () => {
    const loss = one(bob, 'loss_pct', { streamKey: stream(bob, 'recv', 'video').key })
    const inside = within(loss, demoWindow(BOB, f.start + 1, f.end + 1))
    expect(inside.filter((v) => v >= 8 && v <= 16).length).toBeGreaterThanOrEqual(15)
    expect(median(inside)).toBeGreaterThan(2)
    const outside = [...within(loss, demoWindow(BOB, 1, f.start)), ...within(loss, demoWindow(BOB, f.end + 2, DEMO.seconds))]
    expect(outside.length).toBeGreaterThan(200)
    expect(Math.max(...outside)).toBeLessThan(1)
    // audio shares the uplink, so its loss and concealment rise too
    const audioLoss = one(bob, 'loss_pct', { streamKey: stream(bob, 'recv', 'audio').key })
    expect(Math.max(...within(audioLoss, demoWindow(BOB, f.start + 1, f.end + 1)))).toBeGreaterThanOrEqual(8)
    const concealed = one(bob, 'concealed_pct', { streamKey: stream(bob, 'recv', 'audio').key })
    expect(Math.max(...within(concealed, demoWindow(BOB, 1, f.start)))).toBe(0)
    expect(Math.max(...within(concealed, demoWindow(BOB, f.start + 1, f.end + 1)))).toBeGreaterThan(5)
  })

  it("shows the same loss in Alice's remote-inbound reports, and a clean downlink", () => {
    const loss = one(alice, 'loss_pct', { streamKey: stream(alice, 'send', 'video').key })
    expect(within(loss, demoWindow(ALICE, f.start + 2, f.end + 2)).filter((v) => v >= 8).length).toBeGreaterThanOrEqual(15)
    expect(Math.max(...within(loss, demoWindow(ALICE, 0, f.start)), ...within(loss, demoWindow(ALICE, f.end + 3, DEMO.seconds)))).toBeLessThan(1)
    const down = one(alice, 'loss_pct', { streamKey: stream(alice, 'recv', 'video').key })
    expect(Math.max(...Array.from(down.v).filter(Number.isFinite))).toBeLessThan(1)
  })

  it("limits Alice's encoder by bandwidth and drops her resolution from 720p to 360p in the fault", () => {
    const send = stream(alice, 'send', 'video').key
    const ql = one(alice, 'quality_limitation', { streamKey: send })
    expect(within(ql, demoWindow(ALICE, 126, f.end)).every((v) => v === 2)).toBe(true)
    expect(within(ql, demoWindow(ALICE, 20, f.start)).every((v) => v === 0)).toBe(true)
    expect(within(ql, demoWindow(ALICE, 215, DEMO.seconds)).every((v) => v === 0)).toBe(true)
    const changes = alice.events.filter((ev) => ev.type === 'quality-limitation.change' && ev.streamKey === send)
    expect(changes.map((ev) => `${ev.data!.from}→${ev.data!.to}`)).toEqual(['bandwidth→none', 'none→bandwidth', 'bandwidth→none'])
    const [from, to] = demoWindow(ALICE, f.start, f.start + 6)
    expect(changes[1]!.t).toBeGreaterThanOrEqual(from)
    expect(changes[1]!.t).toBeLessThan(to)

    const height = one(alice, 'frame_height', { streamKey: send })
    expect(new Set(within(height, demoWindow(ALICE, 10, f.start)))).toEqual(new Set([720]))
    expect(new Set(within(height, demoWindow(ALICE, 135, f.end)))).toEqual(new Set([360]))
    expect(new Set(within(height, demoWindow(ALICE, 230, DEMO.seconds)))).toEqual(new Set([720]))
    const seen = one(bob, 'frame_height', { streamKey: stream(bob, 'recv', 'video').key })
    expect(new Set(within(seen, demoWindow(BOB, 136, f.end + 1)))).toEqual(new Set([360]))

    const aob = one(alice, 'available_outgoing_bitrate', { connectionKey: '173-1' })
    expect(Math.min(...within(aob, demoWindow(ALICE, 20, f.start)))).toBeGreaterThan(2000)
    expect(Math.max(...within(aob, demoWindow(ALICE, 130, f.end)))).toBeLessThan(650)
    const bitrate = one(alice, 'bitrate', { streamKey: send })
    expect(median(within(bitrate, demoWindow(ALICE, 30, 110)))).toBeGreaterThan(1400)
    expect(median(within(bitrate, demoWindow(ALICE, 135, f.end)))).toBeLessThan(500)
  })

  it('raises the round-trip time to ~450 ms during the congestion, on both sides', () => {
    for (const [e, who] of [[alice, ALICE], [bob, BOB]] as const) {
      const rtt = one(e, 'rtt_ms', { connectionKey: DEMO.participants[who].pcKey })
      expect(median(within(rtt, demoWindow(who, 140, f.end)))).toBeGreaterThan(400)
      expect(median(within(rtt, demoWindow(who, 140, f.end)))).toBeLessThan(520)
      expect(Math.max(...within(rtt, demoWindow(who, 0, f.start)), ...within(rtt, demoWindow(who, 200, DEMO.seconds)))).toBeLessThan(60)
    }
  })

  it("counts video freezes at Bob's receiver only inside the fault window", () => {
    const fc = one(bob, 'freeze_count', { streamKey: stream(bob, 'recv', 'video').key })
    expect(new Set(within(fc, demoWindow(BOB, 0, f.start)))).toEqual(new Set([0]))
    const after = within(fc, demoWindow(BOB, f.end + 2, DEMO.seconds))
    expect(new Set(after).size).toBe(1)
    expect(after[0]).toBeGreaterThanOrEqual(4)
    const freezePct = one(bob, 'freeze_pct', { streamKey: stream(bob, 'recv', 'video').key })
    expect(Math.max(...within(freezePct, demoWindow(BOB, f.start, f.end + 1)))).toBeGreaterThan(90) // the ~3 s ICE outage
  })

  it('logs ICE going disconnected around 2:40 and back on both sides', () => {
    for (const [e, who] of [[alice, ALICE], [bob, BOB]] as const) {
      const ice = apiStates(e, 'ice.state')
      expect(ice.map((ev) => ev.data!.state)).toEqual(['checking', 'connected', 'disconnected', 'connected'])
      const [from, to] = demoWindow(who, f.disconnect.at - 1, f.disconnect.at + 1)
      expect(ice[2]!.t).toBeGreaterThanOrEqual(from)
      expect(ice[2]!.t).toBeLessThan(to)
      expect(ice[2]!.severity).toBe('warning')
      expect(ice[3]!.t - ice[2]!.t).toBeGreaterThan(2500)
      expect(ice[3]!.t - ice[2]!.t).toBeLessThan(3500)
      expect(apiStates(e, 'pc.state').map((ev) => ev.data!.state)).toEqual(['connecting', 'connected', 'disconnected', 'connected'])
      // the transport stats show it too
      expect(e.events.filter((ev) => ev.type === 'ice.state' && ev.data?.property === 'iceState').map((ev) => ev.data!.to)).toEqual(['disconnected', 'connected'])
      expect(e.events.at(-1)!.type).toBe('pc.closed')
    }
  })

  it("carries Bob's clock offset (640 ms ahead of Alice)", () => {
    const a = one(alice, 'rtt_ms', { connectionKey: '173-1' }).t[0]!
    const b = one(bob, 'rtt_ms', { connectionKey: '88-2' }).t[0]!
    const expected = DEMO.participants[1].clockSkewMs + DEMO.participants[1].pollPhaseMs - DEMO.participants[0].pollPhaseMs
    expect(Math.abs(b - a - expected)).toBeLessThan(10)
  })
})

describeCorpus('webrtc-internals: real dumps from the shared corpus', () => {
  const corpus = (rel: string) => parse(readCorpus(rel).toString('utf8'))

  it('chrome149-recvonly-video-freezes.txt: freezes show in freeze_count', () => {
    const rel = 'webrtc-internals/staal0-mammotion-rtsp-bridge/chrome149-recvonly-video-freezes.txt'
    const dump = JSON.parse(readCorpus(rel).toString('utf8')) as RawDump
    const e = corpus(rel)
    expect(e.format).toBe('webrtc-internals/standard')
    expect(e.meta.browser).toBe('Chrome 149')
    expect(e.streams).toEqual([expect.objectContaining({ key: '215-4/IT01V1375092232', kind: 'video', direction: 'recv', codec: 'H265', ssrc: 1375092232 })])
    const fc = one(e, 'freeze_count', { streamKey: '215-4/IT01V1375092232' })
    const ts = raw(dump, '215-4', 'IT01V1375092232-timestamp') as number[]
    const counts = raw(dump, '215-4', 'IT01V1375092232-freezeCount') as number[]
    expect(Array.from(fc.t)).toEqual(ts)
    expect(Array.from(fc.v)).toEqual(counts)
    expect(fc.v[0]).toBe(0)
    expect(fc.v.at(-1)).toBe(3)
    const firstFreeze = Array.from(fc.v).indexOf(1)
    expect(firstFreeze).toBe(37)
    for (let i = 1; i < fc.v.length; i++) expect(fc.v[i]).toBeGreaterThanOrEqual(fc.v[i - 1]!)
    // the time frozen is counted in the same interval
    const pct = one(e, 'freeze_pct', { streamKey: '215-4/IT01V1375092232' })
    expect(pct.v[firstFreeze]).toBeGreaterThan(0)
    expect(pct.v[firstFreeze - 1]).toBe(0)
  })

  it('meet-switch-lan-to-lte.txt: ICE disconnects and reconnects on the network switch', () => {
    const e = corpus('webrtc-internals/kmalekinasab-webrtc-evaluation/meet-switch-lan-to-lte.txt')
    expect(e.diagnostics).toContainEqual(expect.objectContaining({ message: expect.stringContaining('month/day with UTC offset -420 min') }))
    const ice = apiStates(e, 'ice.state')
    expect(ice.map((ev) => [new Date(ev.t).toISOString(), ev.data!.state])).toEqual([
      ['2025-04-14T20:20:33.000Z', 'checking'],
      ['2025-04-14T20:20:34.000Z', 'connected'],
      ['2025-04-14T20:22:54.000Z', 'disconnected'],
      ['2025-04-14T20:22:55.000Z', 'connected'],
    ])
    expect(ice[2]!.severity).toBe('warning')
    const changed = e.events.filter((ev) => ev.type === 'ice.pair-changed')
    expect(changed).toHaveLength(1)
    expect(changed[0]!.t).toBeGreaterThan(ice[3]!.t)
    expect(changed[0]!.data).toMatchObject({ localType: 'prflx', localAddress: '24.114.37.1' })
    expect(e.meta['125-2.pair.localAddress']).toBe('206.87.88.248')
  })

  it('empty-headlesschrome108.json.gz: the job layer gunzips it and the parser reads an empty dump', async () => {
    const rel = 'webrtc-internals/edge-cases/empty-headlesschrome108.json.gz'
    const out = await runParseJob({ path: corpusPath(rel) }, () => {}, new AbortController().signal)
    expect(out.entries).toHaveLength(1)
    const entry = out.entries[0]!
    expect(entry.path).toBe('empty-headlesschrome108.json')
    expect(entry.parsed.format).toBe('webrtc-internals/empty')
    expect(String(entry.parsed.meta.userAgent)).toContain('HeadlessChrome/108.0.5359.124')
    expect(out.timeStart).toBeNull()
    expect(out.sha256).toBe(createHash('sha256').update(gunzipSync(readCorpus(rel))).digest('hex'))
  })

  it('chrome86-2pc-interview.json: no statsType, still yields streams per connection', () => {
    const e = corpus('webrtc-internals/AndreiDen-WebRTC_stats_parser/chrome86-2pc-interview.json')
    expect(e.format).toBe('webrtc-internals/legacy-aligned')
    expect(e.meta.browser).toBe('Chrome 86')
    expect(e.connections.map((c) => c.key)).toEqual(['18084-8', '18084-9'])
    const summary = e.streams.map((s) => `${s.connectionKey} ${s.direction} ${s.kind} ${s.ssrc} ${s.codec ?? '-'}`)
    expect(summary).toEqual([
      '18084-8 recv audio 32322563 -',
      '18084-8 recv video 2927209963 -',
      '18084-8 send audio 1642969377 opus',
      '18084-8 send video 1519538442 VP8',
      '18084-9 recv audio 3337647417 opus',
      '18084-9 recv video 2617442739 VP8',
    ])
    // the recv-only interview PC carried ~125 kbps of 144p video
    const bitrate = one(e, 'bitrate', { streamKey: '18084-9/RTCInboundRTPVideoStream_2617442739' })
    const v = Array.from(bitrate.v).filter(Number.isFinite)
    expect(bitrate.t).toHaveLength(166)
    expect(v.reduce((a, b) => a + b, 0) / v.length).toBeGreaterThan(100)
    expect(v.reduce((a, b) => a + b, 0) / v.length).toBeLessThan(150)
    expect(one(e, 'frame_height', { streamKey: '18084-9/RTCInboundRTPVideoStream_2617442739' }).v.at(-1)).toBe(144)
  })
})
