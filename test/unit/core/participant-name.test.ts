import { describe, expect, it } from 'vitest'
import { fileStem, guessParticipant, ownerPart, participantNames } from '../../../src-main/core/model/participant-name'

describe('fileStem', () => {
  it.each([
    ['webrtc_internals_dump (3).txt', 'webrtc_internals_dump (3)'],
    ['agorasdk.1.log', 'agorasdk'],
    ['agorasdk-4.2.2-android-xiaomi.log', 'agorasdk-4.2.2-android-xiaomi'],
    ['agorasdk-4.2.2.log', 'agorasdk-4.2.2'],
    ['gumonly-chrome142.json.gz', 'gumonly-chrome142'],
    ['59c86272-03ea-42e9-a62d-1c8a272e8ab0.jsonl', '59c86272-03ea-42e9-a62d-1c8a272e8ab0'],
    ['stun-dtls-webrtc-p2p-lab.pcapng', 'stun-dtls-webrtc-p2p-lab'],
    ['twilio-video.js-897-safari-console.log', 'twilio-video.js-897-safari-console'],
    ['.log', '.log'],
  ])('%s -> %s', (file, stem) => expect(fileStem(file)).toBe(stem))
})

describe('ownerPart', () => {
  it('strips trailing format words with the dates among them, and nothing else', () => {
    expect(ownerPart('alice-webrtc-internals')).toEqual({ owner: 'alice', stripped: true })
    expect(ownerPart('bob_rtcstats_dump_20240501')).toEqual({ owner: 'bob', stripped: true })
    expect(ownerPart('stun-0')).toEqual({ owner: 'stun-0', stripped: false })
    expect(ownerPart('udp_call_02_03_client')).toEqual({ owner: 'udp_call_02_03_client', stripped: false })
    expect(ownerPart('webrtc_internals_dump (3)')).toEqual({ owner: '', stripped: true })
    expect(ownerPart('rtcstats-dump-2024-05-01T10-22-33')).toEqual({ owner: '', stripped: true })
  })
})

describe('guessParticipant', () => {
  it.each([
    // generic dump names take the nearest folder that names someone
    ['alice/webrtc_internals_dump (3).txt', 'alice', 'folder'],
    ['ticket-88231/alice/webrtc_internals_dump.txt', 'alice', 'folder'],
    ['bob.zip/webrtc_internals_dump.txt', 'bob', 'folder'],
    ['alice/logs/agorasdk.log', 'alice', 'folder'],
    ['carol_logs/agoraapi.log', 'carol', 'folder'],
    ['Downloads/2024-05-01/dave/rtcstats_dump.json', 'dave', 'folder'],
    // Agora uid folders and file names
    ['uid_1234/agorasdk.log', 'uid 1234', 'uid'],
    ['logs/uid-98765/agorasdk.1.log', 'uid 98765', 'uid'],
    ['agorasdk_uid_4242.log', 'uid 4242', 'uid'],
    ['UID1234/agora-iris.log', 'uid 1234', 'uid'],
    // the owner before a format word
    ['alice-webrtc-internals.txt', 'alice', 'file'],
    ['bundle/bob-webrtc-internals.txt', 'bob', 'file'],
    ['Zhang Wei_webrtc_internals_dump.txt', 'Zhang Wei', 'file'],
    ['张伟-rtcstats.json', '张伟', 'file'],
    ['WebRTC_PCMA_Turn_SDES_Call_1-ios-voe-log.txt', 'WebRTC_PCMA_Turn_SDES_Call_1-ios-voe', 'file'],
    // descriptive names are kept whole; a version or browser after the format word is not an owner
    ['chrome86-2pc-interview.json', 'chrome86-2pc-interview', 'fallback'],
    ['meet-switch-lan-to-lte.txt', 'meet-switch-lan-to-lte', 'fallback'],
    ['agorasdk-4.2.2-android-xiaomi.log', 'agorasdk-4.2.2-android-xiaomi', 'fallback'],
    ['rtcstats_dump-chrome144.txt', 'rtcstats_dump-chrome144', 'fallback'],
    ['udp_call_02_03_client.log', 'udp_call_02_03_client', 'fallback'],
    ['jvb.log', 'jvb', 'fallback'],
    // nothing better: the base name without extensions (copy number kept)
    ['webrtc_internals_dump (3).txt', 'webrtc_internals_dump (3)', 'fallback'],
    ['logs/agorasdk.log', 'agorasdk', 'fallback'],
    ['dumps/webrtc_internals_dump.txt', 'webrtc_internals_dump', 'fallback'],
    ['C:\\Users\\x\\Downloads\\webrtc_internals_dump.txt', 'x', 'folder'],
  ])('%s -> %s (%s)', (path, name, basis) => expect(guessParticipant(path)).toEqual({ name, basis }))

  it('prefers what the entry says about its owner', () => {
    expect(guessParticipant('alice/dump.jsonl', { participant: 'Kelton-nfn' })).toEqual({ name: 'Kelton-nfn', basis: 'meta' })
    expect(guessParticipant('x/59c86272.jsonl', { 'identity.userId': 'u-77' })).toEqual({ name: 'u-77', basis: 'meta' })
    expect(guessParticipant('a.jsonl', { clientId: 'client-9' }).name).toBe('client-9')
    expect(guessParticipant('agorasdk.log', { uid: 1234 }).name).toBe('uid 1234')
    expect(guessParticipant('agorasdk.log', { uid: '55' }).name).toBe('uid 55')
    expect(guessParticipant('alice/dump.jsonl', { participant: '  ' }).name).toBe('alice')
  })
})

describe('participantNames', () => {
  const wi = 'webrtc-internals/standard'
  it('names the demo bundle after its people', () => {
    expect(participantNames([
      { path: 'alice-webrtc-internals.txt', format: wi, meta: {} },
      { path: 'bob-webrtc-internals.txt', format: wi, meta: {} },
    ])).toEqual(['alice', 'bob'])
  })

  it('gives one person one name across formats and rotated logs', () => {
    expect(participantNames([
      { path: 'alice/webrtc_internals_dump.txt', format: wi, meta: {} },
      { path: 'alice/agorasdk.log', format: 'log/agora-4x', meta: {} },
      { path: 'alice/agorasdk.1.log', format: 'log/agora-4x', meta: {} },
      { path: 'uid_1234/agorasdk.log', format: 'log/agora-4x', meta: {} },
      { path: 'uid_1234/agorasdk.2.log', format: 'log/agora-4x', meta: {} },
    ])).toEqual(['alice', 'alice', 'alice', 'uid 1234', 'uid 1234'])
  })

  it('never merges two different dumps of one folder into one person', () => {
    expect(participantNames([
      { path: 'case-4711/webrtc_internals_dump (1).txt', format: wi, meta: {} },
      { path: 'case-4711/webrtc_internals_dump (2).txt', format: 'webrtc-internals/legacy', meta: {} },
      { path: 'case-4711/notes.txt', format: 'unknown', meta: {} },
    ])).toEqual(['webrtc_internals_dump (1)', 'webrtc_internals_dump (2)', 'case-4711'])
    expect(participantNames([
      { path: 'mocks/legacy-goog-mock-stats-1.json', format: 'getstats/legacy', meta: {} },
      { path: 'mocks/legacy-goog-mock-stats-2.json', format: 'getstats/legacy', meta: {} },
    ])).toEqual(['legacy-goog-mock-stats-1', 'legacy-goog-mock-stats-2'])
  })

  it('keeps names the entries give themselves, even when they repeat', () => {
    expect(participantNames([
      { path: 'dumps/a.jsonl', format: 'rtcstats/v3', meta: { participant: 'Alice' } },
      { path: 'dumps/b.jsonl', format: 'rtcstats/v3', meta: { participant: 'Alice' } },
    ])).toEqual(['Alice', 'Alice'])
  })
})

describe('the imported folder or archive', () => {
  it('names files that say nothing themselves, after any folder inside', () => {
    expect(guessParticipant('webrtc_internals_dump.txt', {}, 'alice')).toEqual({ name: 'alice', basis: 'folder' })
    expect(guessParticipant('agorasdk.log', {}, 'uid_5678.zip')).toEqual({ name: 'uid 5678', basis: 'uid' })
    expect(guessParticipant('webrtc_internals_dump.txt', {}, 'bob_logs.tar.gz')).toEqual({ name: 'bob', basis: 'folder' })
    expect(guessParticipant('logs/webrtc_internals_dump.txt', {}, 'Downloads')).toEqual({ name: 'webrtc_internals_dump', basis: 'fallback' })
    expect(guessParticipant('carol/webrtc_internals_dump.txt', {}, 'ticket-881')).toEqual({ name: 'carol', basis: 'folder' })
  })
  it('never outranks a file name that says something', () => {
    expect(guessParticipant('meet-switch-lan-to-lte.txt', {}, 'ticket-881')).toEqual({ name: 'meet-switch-lan-to-lte', basis: 'fallback' })
    expect(guessParticipant('dave-webrtc-internals.txt', {}, 'ticket-881')).toEqual({ name: 'dave', basis: 'file' })
  })
  it('keeps two generic dumps at the top of one bundle apart', () => {
    const wi = 'webrtc-internals/standard'
    expect(participantNames([
      { path: 'webrtc_internals_dump (1).txt', format: wi, meta: {} },
      { path: 'webrtc_internals_dump (2).txt', format: wi, meta: {} },
    ], 'case-4711')).toEqual(['webrtc_internals_dump (1)', 'webrtc_internals_dump (2)'])
  })
})
