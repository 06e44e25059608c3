/**
 * Network detectors on generated 1:1 calls with one fault each at a known time: each fires in that
 * window and nowhere else; the clean call, DTX silence and single-sample spikes produce nothing.
 */
import { describe, expect, it } from 'vitest'
import { FaultCall, at, meshCall } from '../../../fixtures/generate/faults'
import { brief, expectWithin, run, runAll } from './helpers'

describe('a clean call and known false positives', () => {
  it('a clean call has no findings at all', () => {
    expect(brief(runAll(new FaultCall().build()))).toEqual([])
  })

  it('DTX silence (no packets, no loss, silent concealment) is not loss, a gap, jitter or concealment', () => {
    const view = new FaultCall().dtxSilence('bob', 30, 70).build()
    expect(brief(runAll(view))).toEqual([])
    // and without the sender in the case (no level to look at), the counters still say DTX
    expect(brief(runAll(new FaultCall().dtxSilence('bob', 30, 70).build({ only: ['bob'] })))).toEqual([])
  })

  it('a single spike sample is not a trend', () => {
    const call = new FaultCall().loss('alice', 'both', 50, 51, 40).setConn('alice', 'rtt_ms', 50, 51, 900).setConn('bob', 'rtt_ms', 50, 51, 900)
      .set('bob', 'recv', 'audio', 'jitter_ms', 50, 51, 200).set('bob', 'recv', 'video', 'jb_delay_ms', 50, 51, 900)
      .setConn('alice', 'available_outgoing_bitrate', 50, 51, 50).set('bob', 'recv', 'video', 'fps', 50, 51, 2)
    expect(brief(runAll(call.build()))).toEqual([])
  })
})

describe('packet-loss', () => {
  it('bursty loss on one direction: one finding, at the receiver, with its burst structure', () => {
    const view = new FaultCall().loss('alice', 'video', 40, 70, (i) => ((i - 40) % 6 < 2 ? 12 : 1.5)).build()
    const found = run(view, 'packet-loss')
    expect(found).toHaveLength(1)
    expectWithin(found, 40, 70)
    const f = found[0]!
    expect([f.code, f.participant, f.streamKey]).toEqual(['bursty-loss', 'bob', '20-1/IT01V112'])
    expect(f.evidence.figures.bursts).toBe(5)
    expect(f.evidence.figures.lossBetweenBurstsPct).toBeCloseTo(1.5)
    expect(f.evidence.metrics[0]!.metric).toBe('loss_pct')
    expect(f.signature).toBe('packet-loss/bursty-loss/video/recv')
    expect(f.explanation.zh).toContain('突发丢包')
  })

  it('steady loss is sustained, and reported once, not per second', () => {
    const found = run(new FaultCall().loss('bob', 'audio', 30, 60, 4).build(), 'packet-loss')
    expect(found.map((f) => [f.code, f.participant])).toEqual([['sustained-loss', 'alice']])
    expectWithin(found, 30, 60)
  })

  it('without the receiver\'s dump, the sender\'s RTCP view reports it', () => {
    const found = run(new FaultCall().loss('alice', 'video', 40, 70, 6).build({ only: ['alice'] }), 'packet-loss')
    expect(found.map((f) => [f.participant, f.streamKey])).toEqual([['alice', '10-1/OT01V112']])
    expect(found[0]!.explanation.en).toContain('reported back by the receiver')
  })

  it('a short heavy burst outside any episode is still reported', () => {
    const found = run(new FaultCall().loss('alice', 'audio', 50, 52, 35).build(), 'packet-loss')
    expect(found.map((f) => f.code)).toEqual(['loss-burst'])
    expectWithin(found, 50, 52)
  })
})

describe('high-rtt, jitter, jitter-buffer, bandwidth', () => {
  it('high RTT on one connection', () => {
    const found = run(new FaultCall().setConn('alice', 'rtt_ms', 60, 90, 450).build(), 'high-rtt')
    expect(found.map((f) => [f.code, f.participant, f.connectionKey])).toEqual([['high-rtt', 'alice', '10-1']])
    expectWithin(found, 60, 90)
  })

  it('RTT far over its baseline is queueing delay even under the absolute limit', () => {
    const found = run(new FaultCall().setConn('bob', 'rtt_ms', 60, 90, 220).build(), 'high-rtt')
    expect(found.map((f) => f.code)).toEqual(['rtt-rise'])
    expectWithin(found, 60, 90)
  })

  it('jitter on received audio', () => {
    const found = run(new FaultCall().set('bob', 'recv', 'audio', 'jitter_ms', 20, 50, 45).build(), 'jitter')
    expect(found.map((f) => [f.participant, f.streamKey])).toEqual([['bob', '20-1/IT01A111']])
    expectWithin(found, 20, 50)
  })

  it('jitter-buffer growth and periodic flushes', () => {
    const call = new FaultCall().set('bob', 'recv', 'video', 'jb_delay_ms', 40, 80, 250)
      .set('alice', 'recv', 'audio', 'stat.inbound-rtp.jitterBufferFlushes', 0, 120, (i) => (i < 90 ? 0 : Math.min(Math.floor((i - 90) / 4) + 1, 6)))
    const found = run(call.build(), 'jitter-buffer')
    expect(found.map((f) => [f.code, f.participant])).toEqual([['jitter-buffer-growth', 'bob'], ['periodic-flushes', 'alice']])
    expectWithin(found.slice(0, 1), 40, 80)
    expectWithin(found.slice(1), 90, 110)
  })

  it('bandwidth-estimate collapse', () => {
    const found = run(new FaultCall().setConn('alice', 'available_outgoing_bitrate', 60, 90, 400).build(), 'bandwidth-collapse')
    expect(found.map((f) => [f.code, f.participant, f.severity])).toEqual([['bwe-collapse', 'alice', 'error']])
    expectWithin(found, 60, 90)
  })
})

describe('rtp-gap and one-way media', () => {
  it('a video gap with the sender still sending', () => {
    const found = run(new FaultCall().gap('bob', 'video', 50, 56).build(), 'rtp-gap')
    expect(found.map((f) => [f.code, f.participant])).toEqual([['rtp-gap', 'bob']])
    expectWithin(found, 50, 56)
  })

  it('an audio gap while the sender talks is a gap, not DTX', () => {
    const found = run(new FaultCall().gap('bob', 'audio', 50, 58).build(), 'rtp-gap')
    expect(found.map((f) => [f.code, f.streamKey])).toEqual([['rtp-gap', '20-1/IT01A111']])
    expectWithin(found, 50, 58)
  })

  it('a sender that stopped is told apart from the network', () => {
    const call = new FaultCall().gap('bob', 'video', 50, 60).set('alice', 'send', 'video', 'packets_per_s', 50, 60, 0)
    const found = run(call.build(), 'rtp-gap')
    expect(found.map((f) => [f.code, f.severity])).toEqual([['sender-stopped', 'info']])
  })

  it('without the sender, a gap while the rest of the connection flows is a paused stream, not the path', () => {
    const found = run(new FaultCall().gap('bob', 'video', 50, 70).build({ only: ['bob'] }), 'rtp-gap')
    expect(found.map((f) => [f.code, f.severity])).toEqual([['stream-paused', 'info']])
    const whole = run(new FaultCall().gap('bob', 'video', 50, 70).gap('bob', 'audio', 50, 70).build({ only: ['bob'] }), 'rtp-gap')
    expect(whole.map((f) => [f.code, f.severity])).toEqual([['rtp-gap', 'error'], ['rtp-gap', 'error']])
  })

  it('video sent but never received', () => {
    const found = run(new FaultCall().gap('bob', 'video', 0, 120).build(), ['one-way-media', 'rtp-gap'])
    expect(found.map((f) => [f.detectorId, f.code, f.participant, f.evidence.figures.confirmedByOtherSide])).toEqual([['one-way-media', 'nothing-received', 'bob', true]])
  })

  it('a sender that never sent', () => {
    const call = new FaultCall().set('alice', 'send', 'audio', 'packets_per_s', 0, 120, 0).gap('bob', 'audio', 0, 120)
    const found = run(call.build(), 'one-way-media')
    expect(found.map((f) => [f.code, f.participant]).sort()).toEqual([['nothing-received', 'bob'], ['nothing-sent', 'alice']])
  })
})

describe('direction (uplink vs downlink)', () => {
  it('1:1: attributes a congested uplink to its sender (medium confidence)', () => {
    const found = run(new FaultCall().uplinkCongestion('alice', 60, 100).build(), 'direction')
    expect(found.map((f) => [f.code, f.participant, f.evidence.figures.side, f.evidence.figures.confidence])).toEqual([['uplink-congestion', 'alice', 'uplink', 'medium']])
    expectWithin(found, 60, 100)
  })

  it('mesh of three: loss from every sender to one receiver is that receiver\'s downlink (high confidence), reported once', () => {
    const view = meshCall(120, [{ from: 'alice', to: 'bob', start: 40, end: 70, pct: 6 }, { from: 'carol', to: 'bob', start: 40, end: 70, pct: 6 }])
    const found = run(view, 'direction')
    expect(found.map((f) => [f.code, f.participant, f.evidence.figures.confidence])).toEqual([['downlink-loss', 'bob', 'high']])
    expectWithin(found, 40, 70)
  })

  it('mesh of three: loss from one sender to every receiver is that sender\'s uplink (high confidence)', () => {
    const view = meshCall(120, [{ from: 'carol', to: 'alice', start: 40, end: 70, pct: 6 }, { from: 'carol', to: 'bob', start: 40, end: 70, pct: 6 }])
    const found = run(view, 'direction')
    expect(found.map((f) => [f.code, f.participant, f.evidence.figures.confidence])).toEqual([['uplink-loss', 'carol', 'high']])
    expect(found[0]!.start).toBeGreaterThanOrEqual(at(38))
  })
})
