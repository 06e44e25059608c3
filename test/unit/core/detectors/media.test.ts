/**
 * Media-quality detectors on generated 1:1 calls with one fault each at a known time: freezes, frame
 * rate, resolution (simulcast/SVC layer switches excluded), quality limitation cpu vs bandwidth,
 * concealment and robotic audio (DTX excluded), dead audio, key-frame storms and codec problems.
 */
import { describe, expect, it } from 'vitest'
import type { CallEvent } from '../../../../src-main/core/model/call'
import { FaultCall, at } from '../../../fixtures/generate/faults'
import { brief, expectWithin, run } from './helpers'

describe('video-freeze', () => {
  it('a cluster of freezes fires there; a lone short freeze elsewhere does not', () => {
    const found = run(new FaultCall().freezes('bob', [40, 44, 48]).freezes('bob', [90], 0.4).build(), 'video-freeze')
    expect(found.map((f) => [f.participant, f.streamKey, f.evidence.figures.freezes])).toEqual([['bob', '20-1/IT01V112', 3]])
    expectWithin(found, 39, 48)
  })

  it('one long freeze is enough', () => {
    const found = run(new FaultCall().freezes('alice', [70], 1.5).build(), 'video-freeze')
    expectWithin(found, 69, 70)
  })
})

describe('frame-rate', () => {
  it('a received frame-rate collapse', () => {
    const found = run(new FaultCall().set('bob', 'recv', 'video', 'fps', 40, 60, 8).build(), 'frame-rate')
    expect(found.map((f) => [f.participant, f.streamKey])).toEqual([['bob', '20-1/IT01V112']])
    expectWithin(found, 40, 60)
  })

  it('a drop already at the sender is reported once, at the sender, with its cause', () => {
    const call = new FaultCall().set('alice', 'send', 'video', 'fps', 40, 60, 10).set('alice', 'send', 'video', 'quality_limitation', 40, 60, 1).set('bob', 'recv', 'video', 'fps', 40, 60, 10)
    const found = run(call.build(), 'frame-rate')
    expect(found.map((f) => [f.participant, f.streamKey, f.evidence.figures.cause])).toEqual([['alice', '10-1/OT01V112', 'cpu']])
  })
})

describe('resolution-drop', () => {
  it('a sender scaling down under bandwidth limitation: one finding at the sender', () => {
    const call = new FaultCall().set('alice', 'send', 'video', 'frame_height', 40, 80, 360).set('alice', 'send', 'video', 'quality_limitation', 40, 80, 2).set('bob', 'recv', 'video', 'frame_height', 40, 80, 360)
    const found = run(call.build(), 'resolution-drop')
    expect(found.map((f) => [f.participant, f.evidence.figures.establishedHeight, f.evidence.figures.lowestHeight, f.evidence.figures.cause])).toEqual([['alice', 720, 360, 'bandwidth']])
    expectWithin(found, 40, 80)
  })

  it('an SFU layer switch (layer.change on the received stream) is not a drop', () => {
    const call = new FaultCall().set('bob', 'recv', 'video', 'frame_height', 40, 80, 360)
    call.event('bob', 40, 'layer.change', { property: 'scalabilityMode', from: 'L3T3', to: 'L1T3' }, { streamKey: '20-1/IT01V112', connectionKey: undefined })
    expect(run(call.build({ only: ['bob'] }), 'resolution-drop')).toEqual([])
  })

  it('a receiver switched between simulcast layers of a sender in the case is not a drop', () => {
    const call = new FaultCall().set('bob', 'recv', 'video', 'frame_height', 40, 80, 360).streamInfo('alice', 'send', 'video', { layer: 'f' })
    expect(run(call.build(), 'resolution-drop')).toEqual([])
    // the same drop without simulcast is one
    expect(run(new FaultCall().set('bob', 'recv', 'video', 'frame_height', 40, 80, 360).build(), 'resolution-drop')).toHaveLength(1)
  })

  it('the resolution ramp-up at call start is not a drop', () => {
    const call = new FaultCall().set('alice', 'send', 'video', 'frame_height', 0, 4, 360).set('alice', 'send', 'video', 'frame_height', 4, 8, 540)
    expect(run(call.build(), 'resolution-drop')).toEqual([])
  })
})

describe('quality-limitation', () => {
  it('cpu limitation is a device finding; bandwidth limitation during the ramp-up is ignored', () => {
    const call = new FaultCall().set('alice', 'send', 'video', 'quality_limitation', 0, 10, 2).set('alice', 'send', 'video', 'quality_limitation', 40, 80, 1)
    const found = run(call.build(), 'quality-limitation')
    expect(found.map((f) => [f.code, f.category, f.participant])).toEqual([['cpu-limited', 'device', 'alice']])
    expectWithin(found, 40, 80)
  })

  it('bandwidth limitation is a network finding', () => {
    const found = run(new FaultCall().set('bob', 'send', 'video', 'quality_limitation', 50, 90, 2).build(), 'quality-limitation')
    expect(found.map((f) => [f.code, f.category])).toEqual([['bandwidth-limited', 'network']])
    expectWithin(found, 50, 90)
  })
})

describe('audio-concealment and dead audio', () => {
  it('concealment from sparse losses is dropouts; many short concealments are robotic audio', () => {
    const call = new FaultCall().set('bob', 'recv', 'audio', '_concealedPct', 40, 60, 12).set('alice', 'recv', 'audio', '_concealedPct', 80, 100, 15).set('alice', 'recv', 'audio', '_concealEvents', 80, 100, 6)
    const found = run(call.build(), 'audio-concealment')
    expect(found.map((f) => [f.code, f.participant])).toEqual([['audio-concealment', 'bob'], ['robotic-audio', 'alice']])
    expectWithin(found.slice(0, 1), 40, 60)
    expectWithin(found.slice(1), 80, 100)
  })

  it('silent concealment (DTX comfort noise) is not concealment', () => {
    expect(run(new FaultCall().set('bob', 'recv', 'audio', '_silentPct', 40, 60, 80).build(), 'audio-concealment')).toEqual([])
  })

  it('a dead microphone while packets flow', () => {
    const found = run(new FaultCall().set('alice', 'send', 'audio', 'audio_level', 40, 80, 0).build(), 'dead-audio')
    expect(found.map((f) => [f.code, f.participant])).toEqual([['dead-microphone', 'alice']])
    expectWithin(found, 40, 80)
  })

  it('a flat received level while the sender talks is audio lost on the way; a silent sender is not a fault', () => {
    const lost = run(new FaultCall().set('bob', 'recv', 'audio', 'audio_level', 40, 80, 0.0001).build(), 'dead-audio')
    expect(lost.map((f) => [f.code, f.participant])).toEqual([['audio-lost-in-path', 'bob']])
    // a quiet room: the sender's noise floor moves, but stays far under speech
    const silent = new FaultCall().set('bob', 'recv', 'audio', 'audio_level', 40, 80, 0.0001).set('alice', 'send', 'audio', 'audio_level', 40, 80, (i) => 0.002 + (i % 3) * 0.001)
    expect(run(silent.build(), 'dead-audio')).toEqual([])
  })
})

describe('keyframe-storm and codec', () => {
  it('PLIs in most seconds of a stretch, counted once (at the receiver)', () => {
    const call = new FaultCall().set('bob', 'recv', 'video', 'pli_per_s', 40, 60, 2).set('alice', 'send', 'video', 'pli_per_s', 40, 60, 2)
    const found = run(call.build(), 'keyframe-storm')
    expect(found.map((f) => [f.participant, f.streamKey])).toEqual([['bob', '20-1/IT01V112']])
    expectWithin(found, 40, 60)
  })

  it('hardware fallback, codec switch and codec mismatch', () => {
    const change = (from: string, to: string, property: string): Partial<CallEvent> => ({ streamKey: '10-1/OT01V112', data: { property, from, to } })
    const call = new FaultCall().streamInfo('bob', 'recv', 'video', { codec: 'H264' })
    call.event('alice', 30, 'codec.change', {}, change('MediaFoundationVideoEncodeAccelerator', 'libvpx', 'encoderImplementation'))
    call.event('alice', 60, 'codec.change', {}, change('COT01_96', 'COT01_98_profile-id=0', 'codecId'))
    call.event('alice', 61, 'codec.change', {}, change('COT01_98_profile-id=0', 'COT01_98_profile-id=2', 'codecId'))
    const found = run(call.build(), 'codec')
    expect(brief(found).map((b) => b.split(' ')[0])).toEqual(['codec/codec-mismatch', 'codec/hw-fallback', 'codec/codec-switch'])
    const fallback = found.find((f) => f.code === 'hw-fallback')!
    expect(fallback.start).toBe(at(30))
    expect(found.find((f) => f.code === 'codec-switch')!.evidence.figures.payloadTypes).toBe('96 → 98')
  })
})
