/**
 * Connectivity detectors on generated calls with state events at known times: ICE failures,
 * disconnect/reconnect cycles (duplicated transitions counted once, loops grouped), TURN/TCP, DTLS,
 * slow setup (with coarse-clock logs not flagged) and network switches.
 */
import { describe, expect, it } from 'vitest'
import { FaultCall, at } from '../../../fixtures/generate/faults'
import { expectWithin, run } from './helpers'

function connected(call: FaultCall, who: 'alice' | 'bob' = 'alice'): FaultCall {
  return call.event(who, -0.5, 'ice.state', { state: 'checking' }).event(who, -0.3, 'ice.state', { state: 'connected' }).event(who, -0.2, 'pc.state', { state: 'connected' })
}

describe('ice-failure', () => {
  it('ICE failing after it was connected', () => {
    const call = connected(new FaultCall()).event('alice', 60, 'ice.state', { state: 'disconnected' }).event('alice', 75, 'ice.state', { state: 'failed' }).event('alice', 75.01, 'pc.state', { state: 'failed' })
    const found = run(call.build(), ['ice-failure', 'ice-disconnect', 'dtls-failure'])
    expect(found.map((f) => [f.detectorId, f.code, f.severity])).toEqual([['ice-failure', 'ice-failed', 'error']])
    expectWithin(found, 75, 75, 0)
  })

  it('a connection that never connects, without relay candidates', () => {
    const call = new FaultCall().event('bob', 1, 'ice.candidate', { side: 'local', candidateType: 'host', address: '10.0.0.2' })
      .event('bob', 2, 'ice.state', { state: 'checking' }).event('bob', 32, 'ice.state', { state: 'failed' })
    const found = run(call.build(), 'ice-failure')
    expect(found.map((f) => [f.code, f.evidence.figures.localCandidateTypes])).toEqual([['ice-never-connected', 'host']])
    expectWithin(found, 32, 32, 0)
  })
})

describe('ice-disconnect', () => {
  it('one disconnect reported once although both the API log and the transport stats report it', () => {
    const call = connected(new FaultCall())
      .event('alice', 50, 'ice.state', { state: 'disconnected' }).event('alice', 50.2, 'ice.state', { property: 'iceState', from: 'connected', to: 'disconnected' })
      .event('alice', 53, 'ice.state', { state: 'connected' }).event('alice', 53.3, 'ice.state', { property: 'iceState', from: 'disconnected', to: 'connected' })
    const found = run(call.build(), 'ice-disconnect')
    expect(found.map((f) => [f.code, f.participant, f.evidence.figures.longestMs])).toEqual([['ice-disconnect', 'alice', 3000]])
    expectWithin(found, 50, 53, 0)
  })

  it('three cycles within a minute are one reconnect loop', () => {
    const call = connected(new FaultCall())
    for (const t of [20, 35, 50]) call.event('alice', t, 'ice.state', { state: 'disconnected' }).event('alice', t + 2, 'ice.state', { state: 'connected' })
    call.event('alice', 115, 'ice.state', { state: 'disconnected' }).event('alice', 116, 'ice.state', { state: 'connected' })
    const found = run(call.build(), 'ice-disconnect')
    expect(found.map((f) => [f.code, f.evidence.figures.cycles])).toEqual([['reconnect-loop', 3], ['ice-disconnect', 1]])
    expectWithin(found.slice(0, 1), 20, 52, 0)
  })

  it('SDK reconnecting states (Agora codes)', () => {
    const call = new FaultCall().event('bob', 30, 'sdk.state', { to: 3, state: 'CONNECTED' }, { connectionKey: undefined })
      .event('bob', 70, 'sdk.state', { to: 4, state: 'RECONNECTING' }, { connectionKey: undefined }).event('bob', 78, 'sdk.state', { to: 3, state: 'CONNECTED' }, { connectionKey: undefined })
    const found = run(call.build(), 'ice-disconnect')
    expect(found.map((f) => f.code)).toEqual(['sdk-reconnect'])
    expectWithin(found, 70, 78, 0)
  })
})

describe('relay-tcp and dtls-failure', () => {
  it('relayed from the start, then TCP after a pair change', () => {
    const call = new FaultCall().meta('alice', { '10-1.pair.localType': 'relay', '10-1.pair.protocol': 'udp', '10-1.pair.relayProtocol': 'udp' })
      .event('alice', 60, 'ice.pair-changed', { localType: 'srflx', protocol: 'tcp', localAddress: '198.51.100.7' })
    const found = run(call.build(), 'relay-tcp')
    expect(found.map((f) => [f.code, f.severity])).toEqual([['turn-relay', 'info'], ['tcp-fallback', 'warning']])
    expect(found[1]!.start).toBe(at(60))
    expect(found[0]!.end).toBe(at(60))
  })

  it('the connection failing while ICE is connected is DTLS, not ICE', () => {
    const call = connected(new FaultCall(), 'bob').event('bob', 5, 'pc.state', { state: 'failed' })
    const found = run(call.build(), ['dtls-failure', 'ice-failure'])
    expect(found.map((f) => [f.detectorId, f.code])).toEqual([['dtls-failure', 'dtls-after-ice']])
  })

  it('a DTLS transport that fails', () => {
    const found = run(new FaultCall().event('alice', 3, 'dtls.state', { property: 'dtlsState', from: 'connecting', to: 'failed' }).build(), 'dtls-failure')
    expect(found.map((f) => f.code)).toEqual(['dtls-failed'])
  })
})

describe('slow-setup', () => {
  it('negotiation complete to connected over 600 ms', () => {
    const call = new FaultCall().event('alice', -3, 'sdp.local', { sdpType: 'offer' }).event('alice', -2.5, 'sdp.remote', { sdpType: 'answer' })
      .event('alice', -2.45, 'ice.state', { state: 'checking' }).event('alice', -1.2, 'ice.state', { state: 'connected' }).event('alice', -1.1, 'pc.state', { state: 'connected' })
    const found = run(call.build(), 'slow-setup')
    expect(found.map((f) => [f.code, f.evidence.figures.connectMs])).toEqual([['slow-first-media', 1400]])
  })

  it('a fast setup, and a log with whole-second times, are not flagged', () => {
    const fast = new FaultCall().event('alice', -1, 'sdp.local', {}).event('alice', -0.9, 'sdp.remote', {}).event('alice', -0.6, 'pc.state', { state: 'connected' })
    expect(run(fast.build(), 'slow-setup')).toEqual([])
    const coarse = new FaultCall().event('alice', -2, 'sdp.local', {}).event('alice', -2, 'sdp.remote', {}).event('alice', -1, 'pc.state', { state: 'connected' })
    expect(run(coarse.build(), 'slow-setup')).toEqual([])
  })

  it('a slow SDK join', () => {
    const found = run(new FaultCall().event('bob', 2, 'sdk.join', { elapsedMs: 2400 }, { connectionKey: undefined }).build(), 'slow-setup')
    expect(found.map((f) => [f.code, f.start])).toEqual([['slow-join', at(2) - 2400]])
  })
})

describe('network-switch', () => {
  it('Wi-Fi to cellular', () => {
    const found = run(new FaultCall().event('bob', 60, 'network.switch', { from: 'wifi', to: 'cellular' }).build(), 'network-switch')
    expect(found.map((f) => [f.code, f.participant])).toEqual([['wifi-cellular-switch', 'bob']])
    expectWithin(found, 60, 60, 0)
  })

  it('a new local address with the disconnect around it is one switch; a move to a relay is not', () => {
    const call = connected(new FaultCall()).meta('alice', { '10-1.pair.localType': 'host', '10-1.pair.localAddress': '192.0.2.10', '10-1.pair.networkType': 'ethernet' })
      .event('alice', 80, 'ice.state', { state: 'disconnected' })
      .event('alice', 80.5, 'ice.candidate', { side: 'local', candidateType: 'host', address: '192.0.2.10' })
      .event('alice', 80.6, 'ice.candidate', { side: 'local', candidateType: 'host', address: '172.20.10.3' })
      .event('alice', 81, 'ice.state', { state: 'connected' })
      .event('alice', 81.5, 'ice.pair-changed', { localType: 'prflx', localAddress: '203.0.113.9', networkType: 'wifi' })
      .event('alice', 100, 'ice.pair-changed', { localType: 'relay', localAddress: '198.51.100.200', networkType: 'wifi' })
    const found = run(call.build(), 'network-switch')
    expect(found.map((f) => [f.code, f.evidence.figures.from, f.evidence.figures.newLocalAddresses])).toEqual([['local-address-change', '192.0.2.10 (ethernet)', '172.20.10.3']])
    expectWithin(found, 80, 82, 0)
    expect(found[0]!.explanation.en).toContain('ICE lost connectivity')
  })
})
