/**
 * Device and integration detectors: getUserMedia errors grouped by cause, device changes, tracks
 * ending mid-call, high CPU and codec overload, SDK error/warning codes (one finding per code) and
 * token/join failures (not double-reported as plain SDK codes).
 */
import { describe, expect, it } from 'vitest'
import { FaultCall, at } from '../../../fixtures/generate/faults'
import { expectWithin, run } from './helpers'

const noConn = { connectionKey: undefined }

describe('device', () => {
  it('repeated permission errors with no capture success: one error finding', () => {
    const call = new FaultCall()
      .event('alice', 1, 'gum.error', { call: 'getUserMedia', error: 'NotAllowedError' }, noConn)
      .event('alice', 5, 'gum.error', { call: 'getUserMedia', error: 'NotAllowedError' }, noConn)
    const found = run(call.build(), 'device')
    expect(found.map((f) => [f.code, f.severity, f.evidence.figures.count])).toEqual([['permission-denied', 'error', 2]])
    expectWithin(found, 1, 5, 0)
  })

  it('a busy device that later worked is a warning; device changes cluster; a track ending mid-call', () => {
    const call = new FaultCall()
      .event('bob', 1, 'gum.error', { error: 'NotReadableError' }, noConn).event('bob', 3, 'gum.success', {}, noConn)
      .event('bob', 40, 'device.change', {}, noConn).event('bob', 45, 'device.change', {}, noConn).event('bob', 50, 'device.change', {}, noConn)
      .event('bob', 60, 'track.ended', {}, { connectionKey: undefined, streamKey: '20-1/OT01A221' })
    const found = run(call.build(), 'device')
    expect(found.map((f) => [f.code, f.severity])).toEqual([['capture-error', 'warning'], ['device-change', 'warning'], ['track-ended', 'warning']])
    expectWithin(found.slice(1, 2), 40, 50, 0)
  })
})

describe('high-cpu', () => {
  it('CPU over 85 % for a while, and an encoder taking most of the frame interval', () => {
    const call = new FaultCall().setConn('alice', 'cpu_pct', 0, 120, 30).setConn('alice', 'cpu_pct', 40, 70, 96).set('bob', 'send', 'video', 'encode_ms', 80, 100, 30)
    const found = run(call.build(), 'high-cpu')
    expect(found.map((f) => [f.code, f.participant, f.severity])).toEqual([['high-cpu', 'alice', 'error'], ['encoder-overload', 'bob', 'warning']])
    expectWithin(found.slice(0, 1), 40, 70)
    expectWithin(found.slice(1), 80, 100)
  })
})

describe('sdk-codes and join-failure', () => {
  it('one finding per code however often it repeats; device (ADM/VDM) codes are device problems', () => {
    const call = new FaultCall()
    for (const t of [10, 20, 30, 40, 50]) call.event('bob', t, 'sdk.warning', { code: 1052, meaning: 'WARN_ADM_GLITCH_STATE: the audio device is glitching' }, { ...noConn, line: t * 10 })
    call.event('bob', 60, 'sdk.error', { code: 1501, meaning: 'ERR_VDM_CAMERA_NOT_AUTHORIZED' }, noConn)
    call.event('bob', 61, 'sdk.error', { code: 3, meaning: 'ERR_NOT_READY' }, noConn)
    const found = run(call.build(), 'sdk-codes')
    expect(found.map((f) => [f.code, f.category, f.evidence.figures.code, f.evidence.figures.occurrences])).toEqual([
      ['sdk-warning', 'device', '1052', 5], ['sdk-error', 'device', '1501', 1], ['sdk-error', 'integration', '3', 1],
    ])
    expect(found[0]!.evidence.logLines.map((l) => l.line)).toEqual([100, 200, 300, 400, 500])
    expectWithin(found.slice(0, 1), 10, 50, 0)
  })

  it('token expiry and a failed join are join findings, not generic SDK codes', () => {
    const call = new FaultCall()
      .event('alice', 2, 'sdk.join-failed', { reason: 8, reasonText: 'INVALID_TOKEN: invalid token' }, noConn)
      .event('alice', 90, 'sdk.warning', { callback: 'onTokenPrivilegeWillExpire', token: 'expiring' }, noConn)
      .event('alice', 100, 'sdk.error', { code: 109, meaning: 'ERR_TOKEN_EXPIRED' }, noConn)
    const found = run(call.build(), ['join-failure', 'sdk-codes'])
    expect(found.map((f) => [f.detectorId, f.code, f.evidence.figures.cause, f.evidence.figures.joinFailed, f.start])).toEqual([
      ['join-failure', 'token-failure', 'token-invalid', true, at(2)], ['join-failure', 'token-failure', 'token-expired', false, at(100)],
    ])
  })

  it('one cause reported three ways (error code, connection reason, failed join) is one finding; a rejected join is a join failure', () => {
    const call = new FaultCall()
      .event('bob', 1, 'sdk.error', { code: 109, meaning: 'ERR_TOKEN_EXPIRED: the token has expired' }, noConn)
      .event('bob', 1.01, 'sdk.state', { from: 2, to: 5, state: 'FAILED', reason: 9, reasonText: 'TOKEN_EXPIRED: the token has expired' }, noConn)
      .event('bob', 1.02, 'sdk.join-failed', { reason: 9, reasonText: 'TOKEN_EXPIRED: the token has expired' }, noConn)
      .event('alice', 5, 'sdk.join-failed', { reason: 19, reasonText: 'SAME_UID_LOGIN: the same uid joined from another device' }, noConn)
    const found = run(call.build(), ['join-failure', 'sdk-codes'])
    expect(found.map((f) => [f.participant, f.code, f.evidence.figures.cause, f.evidence.figures.occurrences])).toEqual([
      ['bob', 'token-failure', 'token-expired', 3], ['alice', 'join-failure', 'same-uid', 1],
    ])
  })
})
