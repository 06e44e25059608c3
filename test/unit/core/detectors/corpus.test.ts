/**
 * Detectors over real parser output: the Meet call that moves from the campus LAN/Wi-Fi to an LTE
 * hotspot (ICE disconnect + network switch), the Chrome 149 receive-only dump with three freezes, and
 * the two-sided demo bundle (Alice's uplink congests 2:00–3:10 after the first poll, ICE disconnect
 * at 2:40): attribution to Alice's uplink, RTT, loss bursts and Bob's freezes in that window only.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDetectors } from '../../../../src-main/core/detectors/engine'
import { callViewFromEntries } from '../../../../src-main/core/detectors/view'
import type { ParsedEntry } from '../../../../src-main/core/model/call'
import { parseWebrtcInternals } from '../../../../src-main/core/parsers/webrtc-internals/parse'
import { runParseJob } from '../../../../src-main/jobs/parse-job'
import { DEMO, demoWindow } from '../../../fixtures/generate/scenarios'
import { corpusPath, describeCorpus, readCorpus } from '../../../support/corpus'

const parse = (text: string): ParsedEntry => parseWebrtcInternals(text, { assumedUtcOffsetMin: 0 })
const S = 1000

describeCorpus('detectors on the shared corpus', () => {
  it('meet-switch-lan-to-lte: the ICE disconnect and the network switch, as one incident', () => {
    const entry = parse(readCorpus('webrtc-internals/kmalekinasab-webrtc-evaluation/meet-switch-lan-to-lte.txt').toString('utf8'))
    const r = runDetectors(callViewFromEntries([{ participant: 'student', parsed: entry, clockOffsetMs: 0 }]))
    const disconnectAt = Date.parse('2025-04-14T20:22:54Z')
    const ice = r.findings.filter((f) => f.detectorId === 'ice-disconnect')
    expect(ice.map((f) => [f.code, f.connectionKey])).toEqual([['ice-disconnect', '125-2']])
    expect(Math.abs(ice[0]!.start - disconnectAt)).toBeLessThanOrEqual(1500)
    expect(ice[0]!.end - ice[0]!.start).toBeLessThanOrEqual(2 * S)
    const sw = r.findings.filter((f) => f.detectorId === 'network-switch')
    expect(sw).toHaveLength(1)
    expect(sw[0]!.start).toBeGreaterThanOrEqual(disconnectAt - 2 * S)
    expect(sw[0]!.end).toBeLessThanOrEqual(disconnectAt + 3 * S)
    expect(String(sw[0]!.evidence.figures.from)).toContain('206.87.88.248')
    expect(String(sw[0]!.evidence.figures.to)).toContain('24.114.37.1')
    expect(sw[0]!.evidence.events.some((e) => e.type === 'ice.state')).toBe(true)
    const cluster = r.summary.clusters.find((c) => c.memberIds.includes(ice[0]!.id))!
    expect(cluster.memberIds).toContain(sw[0]!.id)
  })

  it('chrome149-recvonly-video-freezes: its three freezes, as one finding where they happen', () => {
    const entry = parse(readCorpus('webrtc-internals/staal0-mammotion-rtsp-bridge/chrome149-recvonly-video-freezes.txt').toString('utf8'))
    const fc = entry.series.find((s) => s.metric === 'freeze_count')!
    const steps: number[] = []
    for (let i = 1; i < fc.t.length; i++) if (fc.v[i]! > fc.v[i - 1]!) steps.push(fc.t[i]!)
    expect(steps).toHaveLength(3)
    const r = runDetectors(callViewFromEntries([{ participant: 'viewer', parsed: entry, clockOffsetMs: 0 }]))
    const freezes = r.findings.filter((f) => f.detectorId === 'video-freeze')
    expect(freezes).toHaveLength(1)
    expect(freezes[0]!.evidence.figures.freezes).toBe(3)
    expect(freezes[0]!.start).toBeLessThan(steps[0]!)
    expect(freezes[0]!.end).toBe(steps[2]!)
    expect(freezes[0]!.streamKey).toBe(fc.streamKey)
    // receive-only: no one-way or send-side complaints
    expect(r.findings.filter((f) => f.severity !== 'info').map((f) => f.detectorId)).toEqual(['video-freeze'])
  })
})

/** Any corpus file through the real import job (sniff + parser), as one participant per entry. */
async function importView(rel: string) {
  const out = await runParseJob({ path: corpusPath(rel) }, () => undefined, new AbortController().signal)
  return callViewFromEntries(out.entries.map((e) => ({ participant: e.participant, parsed: e.parsed, clockOffsetMs: 0 })))
}

describeCorpus('detectors on SDK logs and captures (through the import job)', () => {
  it('an Agora SDK log whose join fails on an expired token: one token finding, not three', async () => {
    const r = runDetectors(await importView('sdk-logs/agora/AgoraIO-video-sdk-samples-unity/agoraapi.log'))
    const token = r.findings.filter((f) => f.detectorId === 'join-failure')
    expect(token.map((f) => [f.code, f.evidence.figures.cause])).toEqual([['token-failure', 'token-expired']])
    expect(Number(token[0]!.evidence.figures.occurrences)).toBeGreaterThan(1)
    expect(token[0]!.evidence.logLines.length).toBeGreaterThan(0)
    expect(r.findings.filter((f) => f.detectorId === 'sdk-codes' && f.code === 'sdk-error')).toEqual([])
  })

  it('TURN-relayed and TCP captures are flagged as such', async () => {
    const relayed = runDetectors(await importView('pcap/xuyu130-webrtc/turn-relay-coturn-lab.pcapng'))
    expect(new Set(relayed.findings.filter((f) => f.detectorId === 'relay-tcp').map((f) => f.code))).toEqual(new Set(['turn-relay']))
    const tcp = runDetectors(await importView('pcap/veondigital-srtp_decoder/tcp_call_02_03_client.pcap'))
    expect(tcp.findings.filter((f) => f.detectorId === 'relay-tcp').map((f) => [f.code, f.severity])).toEqual([['turn-tcp', 'warning']])
  })
})

describe('detectors on the demo bundle (both participants)', () => {
  const dir = resolve(import.meta.dirname, '../../../../resources/demo/bundle')
  const alice = parse(readFileSync(resolve(dir, 'alice-webrtc-internals.txt'), 'utf8'))
  const bob = parse(readFileSync(resolve(dir, 'bob-webrtc-internals.txt'), 'utf8'))
  // Bob's clock runs ahead: put him on Alice's clock (a service gets this from the clock-offset estimate)
  const view = callViewFromEntries([
    { participant: 'alice', parsed: alice, clockOffsetMs: 0, entryId: 'alice' },
    { participant: 'bob', parsed: bob, clockOffsetMs: -DEMO.participants[1].clockSkewMs, entryId: 'bob' },
  ])
  const r = runDetectors(view)
  const f = DEMO.fault
  const [w0, w1] = demoWindow(0, f.start, f.end)
  const of = (id: string) => r.findings.filter((x) => x.detectorId === id)
  const inside = (list: typeof r.findings, before: number, after: number) => {
    expect(list.length).toBeGreaterThan(0)
    for (const x of list) {
      expect(x.start, x.id).toBeGreaterThanOrEqual(w0 - before)
      expect(x.end, x.id).toBeLessThanOrEqual(w1 + after)
    }
  }

  it('attributes the congestion to Alice\'s uplink, from both sides', () => {
    const dir = of('direction')
    expect(dir.map((x) => [x.code, x.participant, x.evidence.figures.side, x.evidence.figures.sender, x.evidence.figures.receiver])).toEqual([['uplink-congestion', 'alice', 'uplink', 'alice', 'bob']])
    inside(dir, 3 * S, 5 * S)
    expect(dir[0]!.evidence.metrics.some((m) => m.participant === 'bob' && m.metric === 'loss_pct')).toBe(true)
    expect(dir[0]!.evidence.metrics.some((m) => m.participant === 'alice' && m.metric === 'available_outgoing_bitrate')).toBe(true)
  })

  it('high RTT on both connections, loss bursts at Bob, Bob\'s freezes: in the window and not outside', () => {
    const rtt = of('high-rtt')
    expect(rtt.map((x) => x.participant).sort()).toEqual(['alice', 'bob'])
    inside(rtt, 0, 25 * S)
    const loss = of('packet-loss')
    expect(new Set(loss.map((x) => x.participant))).toEqual(new Set(['bob']))
    expect(loss.map((x) => x.code)).toContain('bursty-loss')
    inside(loss, 2 * S, 3 * S)
    const freezes = of('video-freeze')
    expect(new Set(freezes.map((x) => `${x.participant} ${x.streamKey}`))).toEqual(new Set(['bob 88-2/IT01V2576864426']))
    inside(freezes, 0, 3 * S)
  })

  it('the ICE disconnect at 2:40 on both sides', () => {
    const ice = of('ice-disconnect')
    expect(ice.map((x) => x.participant).sort()).toEqual(['alice', 'bob'])
    const [d0] = demoWindow(0, f.disconnect.at, f.disconnect.at)
    for (const x of ice) {
      expect(Math.abs(x.start - d0)).toBeLessThan(1.5 * S)
      expect(x.end - x.start).toBeLessThan((f.disconnect.seconds + 1) * S)
    }
  })

  it('nothing is flagged outside the fault (ramp-up at call start included), and the summary leads with the uplink', () => {
    const problems = r.findings.filter((x) => x.severity !== 'info')
    inside(problems, 3 * S, 45 * S)
    const top = r.summary.clusters[0]!
    expect(r.findings.find((x) => x.id === top.leadId)!.code).toBe('uplink-congestion')
    expect(r.summary.clusters).toHaveLength(1)
    const bobScore = r.scores.participants.find((p) => p.participant === 'bob')!
    const aliceScore = r.scores.participants.find((p) => p.participant === 'alice')!
    expect(bobScore.overall!).toBeLessThan(aliceScore.overall!)
  })
})
