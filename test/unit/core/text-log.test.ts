/**
 * The declarative text-log engine: the built-in JSON definitions over generated lines (times with and
 * without dates or zones, levels, multiline records, extractors -> events, series and meta with exact
 * values), sniffing, validation of bad user definitions (file + JSON path), the loader, text
 * encodings (UTF-8/16, GB18030), encrypted-log sniffing, and the real logs of the shared corpus.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallEvent, LogLine, ParsedEntry } from '../../../src-main/core/model/call'
import type { FormatHandler, ParseContext } from '../../../src-main/core/model/parser'
import { builtinFormats, sniffFormat } from '../../../src-main/core/parsers/registry'
import { encryptedLogFormat, encryptedLogSniff } from '../../../src-main/core/parsers/text-log/encrypted'
import { textLogFormats } from '../../../src-main/core/parsers/text-log/handler'
import { compileTimeFormat, newTimeParts } from '../../../src-main/core/parsers/text-log/time-format'
import type { LogFormatDefinition } from '../../../src-main/core/parsers/text-log/types'
import { linkLogFormats, validateLogFormat, validateLogFormatFile } from '../../../src-main/core/parsers/text-log/validate'
import { createStreamingDecoder, decodeHead, detectEncoding } from '../../../src-main/jobs/encoding'
import { type LoadedLogFormats, loadLogFormats, logFormatDirs } from '../../../src-main/jobs/log-format-loader'
import { Rng } from '../../fixtures/generate/prng'
import {
  T0, agora4x, agoraApiScript, agoraCallScript, agoraLegacy, agoraLikeChunks, agoraLogcat, chromeLine, jitsiLine, webrtcElapsed,
} from '../../fixtures/generate/text-log'
import { corpusPath, describeCorpus, readCorpus } from '../../support/corpus'

const ROOT = resolve(import.meta.dirname, '../../..')
const FORMATS_DIR = resolve(ROOT, 'resources/log-formats')

let loaded: LoadedLogFormats
let handlers: FormatHandler[]

beforeAll(async () => {
  loaded = await loadLogFormats([FORMATS_DIR])
  handlers = builtinFormats(loaded.definitions)
})

function handler(id: string): FormatHandler {
  const h = handlers.find((x) => x.id === `log:${id}`)
  if (!h) throw new Error(`no handler log:${id}`)
  return h
}

interface Parsed { entry: ParsedEntry; logs: LogLine[]; batches: number }

function parseWith(h: FormatHandler, lines: readonly string[], ctx: Partial<ParseContext> = {}): Parsed {
  const logs: LogLine[] = []
  let batches = 0
  const parser = h.create({ path: 'test.log', emitLogs: (b) => { batches++; logs.push(...b) }, assumedUtcOffsetMin: 0, ...ctx })
  if (parser.mode !== 'lines') throw new Error('expected a line parser')
  lines.forEach((l, i) => parser.pushLine(l, i + 1))
  return { entry: parser.end(), logs, batches }
}

const parse = (id: string, lines: readonly string[], ctx: Partial<ParseContext> = {}) => parseWith(handler(id), lines, ctx)

function events(e: ParsedEntry, type: string): CallEvent[] {
  return e.events.filter((x) => x.type === type)
}

function series(e: ParsedEntry, metric: string, streamKey?: string) {
  const s = e.series.find((x) => x.metric === metric && x.streamKey === streamKey)
  if (!s) throw new Error(`no series ${metric} ${streamKey ?? ''}: ${e.series.map((x) => `${x.metric}@${x.streamKey ?? ''}`).join(', ')}`)
  return { t: [...s.t], v: [...s.v], unit: s.unit }
}

function sniffAs(text: string, path = 'client.log'): string | null {
  const head = new TextEncoder().encode(text).subarray(0, 65536)
  return sniffFormat(handlers, { path, head, text })?.handler.id ?? null
}

describe('built-in definitions load', () => {
  it('validates and links every shipped file without a diagnostic', () => {
    expect(loaded.diagnostics).toEqual([])
    expect(loaded.definitions.map((d) => d.id).sort()).toEqual(['agora-4x', 'agora-api', 'agora-legacy', 'generic', 'jitsi', 'libwebrtc'])
    for (const d of loaded.definitions) expect(d.extractorSets).toEqual([])
    expect(loaded.files['agora-codes']).toBe(join(FORMATS_DIR, 'agora-codes.json'))
  })

  it('names the public Agora documentation its code tables come from', () => {
    const codes = JSON.parse(readFileSync(join(FORMATS_DIR, 'agora-codes.json'), 'utf8')) as { source: string[]; lookups: Record<string, Record<string, string>> }
    expect(codes.source.some((s) => s.includes('https://api-ref.agora.io/') && s.includes('AgoraErrorCode'))).toBe(true)
    expect(codes.source.some((s) => s.includes('docs.agora.io') && s.includes('token_related_issues'))).toBe(true)
    expect(codes.lookups.agoraError!['109']).toMatch(/^ERR_TOKEN_EXPIRED/)
    expect(codes.lookups.agoraError!['110']).toMatch(/^ERR_INVALID_TOKEN/)
    expect(codes.lookups.agoraError!['17']).toMatch(/^ERR_JOIN_CHANNEL_REJECTED/)
    expect(codes.lookups.agoraError!['101']).toMatch(/^ERR_INVALID_APP_ID/)
    expect(codes.lookups.agoraWarning!['106']).toMatch(/^WARN_OPEN_CHANNEL_TIMEOUT/)
    expect(codes.lookups.agoraConnReason!['9']).toMatch(/^TOKEN_EXPIRED/)
  })

  it('the format example in the README validates and links', () => {
    const md = readFileSync(join(FORMATS_DIR, 'README.md'), 'utf8')
    const block = /```jsonc\n([\s\S]*?)```/.exec(md)![1]!
    const json = JSON.parse(block.replace(/\s\/\/[^\n]*/g, '')) as unknown
    const r = validateLogFormat(json)
    if (!r.ok) throw new Error(r.error)
    const codes = validateLogFormatFile(JSON.parse(readFileSync(join(FORMATS_DIR, 'agora-codes.json'), 'utf8')))
    if (!codes.ok || codes.value.kind !== 'extractor-set') throw new Error('agora-codes')
    const linked = linkLogFormats([r.value], [codes.value.set])
    expect(linked.errors).toEqual([])
    const { entry } = parseWith(textLogFormats(linked.definitions)[0]!, ['2024-03-05 09:30:00.123 I net: state changed to up (code 1, rtt 35 ms)'])
    expect(entry.events[0]).toMatchObject({ type: 'sdk.state', severity: 'error', message: 'State up: failed', connectionKey: 'net', data: { code: 1 } })
    expect(series(entry, 'rtt_ms').v).toEqual([35])
  })
})

describe('Agora SDK 4.x (agorasdk.log)', () => {
  const script = agoraCallScript()
  let p: Parsed
  beforeAll(() => { p = parse('agora-4x', script.lines) })

  it('emits every line once, in batches, with times, levels and continuation lines', () => {
    expect(p.entry.logLineCount).toBe(script.lines.length)
    expect(p.logs.map((l) => l.line)).toEqual(script.lines.map((_, i) => i + 1))
    expect(p.logs[0]).toEqual({ line: 1, t: T0, level: 'info', module: undefined, message: '[AGS]: Agora SDK ver 4.3.0 build 12345' })
    expect(p.logs[script.at.join1! - 1]).toMatchObject({ t: T0 + 10, level: 'info' }) // [U]
    expect(p.logs[script.at.join1!]).toMatchObject({ level: 'debug' }) // [A]
    const cont = p.logs[script.at.continuation! - 1]!
    expect(cont).toEqual({ line: script.at.continuation, t: null, level: 'info', module: undefined, message: 'WebRTC.Video.NumberResolutionDownswitchesPerMinute 0' })
    expect(p.logs[script.at.errorLine! - 1]!.level).toBe('error')
    expect(p.entry.kind).toBe('text-log')
    expect(p.entry.format).toBe('log/agora-4x')
    expect(p.entry.diagnostics).toEqual([])
  })

  it('turns the failed join into a join-failure event with the reason', () => {
    const failed = events(p.entry, 'sdk.join-failed')
    expect(failed).toEqual([{
      t: T0 + 180, type: 'sdk.join-failed', severity: 'error', line: script.at.failed,
      message: 'Join failed: TOKEN_EXPIRED: the token has expired',
      data: { reason: 9, reasonText: 'TOKEN_EXPIRED: the token has expired' },
    }])
  })

  it('maps SDK error codes to their meanings, and flags the token expiry', () => {
    const errors = events(p.entry, 'sdk.error')
    expect(errors[0]).toMatchObject({
      line: script.at.error109, severity: 'error', message: 'SDK error 109: ERR_TOKEN_EXPIRED: the token has expired',
      data: { code: 109, meaning: 'ERR_TOKEN_EXPIRED: the token has expired' },
    })
    expect(errors[1]).toMatchObject({ line: script.at.requestToken, data: { callback: 'onRequestToken', token: 'expired' } })
  })

  it('follows connection state changes with reason codes', () => {
    const states = events(p.entry, 'sdk.state').map((e) => [e.data!.from, e.data!.to, e.data!.reason, e.severity])
    expect(states).toEqual([[1, 2, 0, 'info'], [2, 5, 9, 'error'], [5, 1, 5, 'info'], [1, 2, 0, 'info'], [2, 3, 1, 'info'], [3, 4, 2, 'warning']])
    expect(events(p.entry, 'sdk.state')[4]!.message).toBe('Connection CONNECTING -> CONNECTED (reason 1: JOIN_SUCCESS: joined the channel)')
  })

  it('records joins, leaves, API calls, network and remote users', () => {
    expect(events(p.entry, 'sdk.join')).toEqual([{
      t: T0 + 10_300, type: 'sdk.join', severity: 'info', line: script.at.joined,
      message: 'Joined channel room-1 as uid 424242 (300 ms after joinChannel)', data: { channel: 'room-1', uid: '424242', elapsedMs: 300 },
    }])
    expect(events(p.entry, 'sdk.leave').map((e) => e.line)).toEqual([script.at.leftCallback])
    expect(events(p.entry, 'sdk.api').map((e) => [e.line, e.message])).toEqual([
      [script.at.join1, 'joinChannel: channel room-1, uid 0'], [script.at.leave1, 'leaveChannel'], [script.at.join2, 'joinChannel: channel room-1, uid 0'],
    ])
    expect(events(p.entry, 'network.type')[0]).toMatchObject({ message: 'Network NETWORK_UNKOWN -> WIFI', data: { from: 'NETWORK_UNKOWN', to: 'WIFI' } })
    expect(events(p.entry, 'sdk.user-offline')[0]).toMatchObject({
      severity: 'warning', message: 'Remote user 777 went offline: DROPPED: no data for a long time (dropped offline)', data: { uid: '777', reason: 1 },
    })
    expect(events(p.entry, 'log.error').map((e) => e.line)).toEqual([script.at.errorLine])
  })

  it('turns stats lines into series on streams', () => {
    const ts = [T0 + 12_000, T0 + 14_000, T0 + 16_000]
    expect(series(p.entry, 'fps', 'local/video')).toEqual({ t: ts, v: [12, 13, 14], unit: 'fps' })
    expect(series(p.entry, 'target_bitrate', 'local/video')).toEqual({ t: ts, v: [800, 900, 1000], unit: 'kbps' })
    expect(series(p.entry, 'stat.agora.encoder_fps', 'local/video').v).toEqual([14, 14.5, 15])
    expect(series(p.entry, 'frame_width', 'local/video').v).toEqual([640, 640, 640])
    expect(series(p.entry, 'rtt_ms')).toEqual({ t: ts, v: [40, 50, 60], unit: 'ms' })
    expect(series(p.entry, 'fps', 'remote:777/video').v).toEqual([10, 11, 12])
    expect(series(p.entry, 'frame_height', 'remote:777/video').v).toEqual([240, 240, 240])
    expect(series(p.entry, 'available_outgoing_bitrate')).toEqual({ t: [T0 + 16_005], v: [1500], unit: 'kbps' })
    expect(p.entry.streams).toEqual([
      { key: 'local/video', kind: 'video', direction: 'send' },
      { key: 'remote:777/video', kind: 'video', direction: 'recv' },
    ])
  })

  it('collects entry meta (first value wins)', () => {
    expect(p.entry.meta).toMatchObject({ sdkVersion: '4.3.0', sdkBuild: '12345', device: 'TestPhone 9', channel: 'room-1', uid: '424242' })
  })

  it('reads every time exactly when consecutive lines share the text down to the second', () => {
    // The parser re-reads only the milliseconds when the rest of the time text is unchanged: a walk
    // over repeats, same-second steps, new seconds, midnight and New Year must give exact times.
    const rng = new Rng(11)
    let ms = Date.UTC(2023, 11, 31, 23, 59, 58, 0)
    const times: number[] = []
    for (let i = 0; i < 3000; i++) {
      times.push(ms)
      ms += [0, 1, 7, 333, 999, 1000, 1500][rng.int(0, 6)]!
    }
    const { logs } = parse('agora-4x', times.map((t, i) => agora4x(t, 1, 'I', `line ${i}`)))
    expect(logs.map((l) => l.t)).toEqual(times)
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(10_000)
  })

  it('applies the assumed UTC offset to zone-less times', () => {
    const { logs } = parse('agora-4x', [agora4x(T0, 1, 'I', 'x')], { assumedUtcOffsetMin: 480 })
    expect(logs[0]!.t).toBe(T0 - 480 * 60_000)
  })

  it('sends log lines in batches and never more than once', () => {
    const lines = [...agoraLikeChunks(600_000)].flatMap((c) => c.split('\n').filter(Boolean))
    const r = parse('agora-4x', lines)
    expect(r.logs.length).toBe(lines.length)
    expect(r.batches).toBe(Math.ceil(lines.length / 2048))
    expect(r.entry.logLineCount).toBe(lines.length)
  })
})

describe('Agora API trace (agoraapi.log)', () => {
  it('is told apart from agorasdk.log and extracts callbacks', () => {
    const lines = agoraApiScript()
    expect(sniffAs(lines.join('\n') + '\n', 'agoraapi.log')).toBe('log:agora-api')
    const { entry, logs } = parse('agora-api', lines)
    expect(logs.map((l) => l.level)).toEqual(['info', 'debug', 'info', 'debug', 'debug', 'debug', 'info'])
    expect(logs[1]!.message).toBe('(00000102):   RtcEngine::initializeEx(this:0x1, context:(channelProfile:1))')
    expect(events(entry, 'sdk.error')[0]).toMatchObject({ t: T0 + 180, data: { code: 110, meaning: expect.stringMatching(/^ERR_INVALID_TOKEN/) } })
    expect(events(entry, 'sdk.state').map((e) => [e.data!.to, e.data!.reason, e.severity])).toEqual([[2, 0, 'info'], [5, 8, 'error']])
    expect(events(entry, 'sdk.join-failed')).toMatchObject([{ t: T0 + 181, message: 'Join failed: INVALID_TOKEN: invalid token', data: { reason: 8 } }])
    expect(entry.meta.channel).toBe('api-room')
    expect(entry.events.filter((e) => e.type === 'log.error')).toEqual([])
  })

  it('an SDK log with API lines is still agorasdk.log', () => {
    expect(sniffAs(agoraCallScript().lines.join('\n') + '\n', 'agorasdk.log')).toBe('log:agora-4x')
  })
})

describe('Agora SDK 1.x/2.x', () => {
  it('dates time-only records from the Local Date header, rolling over midnight', () => {
    const start = Date.UTC(2024, 2, 5, 23, 59, 58, 0)
    const lines = [
      'Local Date: Tue Mar  5 23:59:58 2024',
      'Build info: Mar  1 2024 12:00:00 ?',
      '',
      agoraLegacy(start + 500, 0, 900, 'INFO', 'Agora Rtc Engine SDK ver 1.14.0 build 210, built on Nov 21 2017 10:32:59'),
      agoraLegacy(start + 1011, 11, 901, 'WARN', "API call to join channel 'room-9' uid 0, SDK ver 1.14.0 build 210, device info 'Linux'"),
      "'",
      agoraLegacy(start + 2_005, 994, 902, 'INFO', "network: 'NETWORK_UNKOWN' -> 'LAN' ipv4/v6 '10.0.0.2'/'' gw ''/''"),
      agoraLegacy(start + 3_000, 995, 902, 'INFO', '[cm] connection state changed from 1 to 2'),
      agoraLegacy(start + 4_000, 1000, 902, 'ERROR', '[cm] connection state changed from 2 to 5'),
    ]
    expect(lines[4]).toBe("WARN    (23:59:59: 11 |   11)    901; API call to join channel 'room-9' uid 0, SDK ver 1.14.0 build 210, device info 'Linux'")
    const { entry, logs } = parse('agora-legacy', lines)
    expect(logs.map((l) => l.t)).toEqual([start, null, null, start + 500, start + 1011, null, start + 2_005, start + 3_000, start + 4_000])
    expect(new Date(logs[6]!.t!).toISOString()).toBe('2024-03-06T00:00:00.005Z')
    expect(logs.map((l) => l.level)).toEqual([undefined, undefined, undefined, 'info', 'warning', 'warning', 'info', 'info', 'error'])
    expect(entry.meta).toMatchObject({ sdkVersion: '1.14.0', sdkBuild: '210', channel: 'room-9' })
    expect(events(entry, 'sdk.api')[0]).toMatchObject({ t: start + 1011, message: 'joinChannel: channel room-9, uid 0' })
    expect(events(entry, 'network.type')[0]).toMatchObject({ data: { from: 'NETWORK_UNKOWN', to: 'LAN' } })
    expect(events(entry, 'sdk.state').map((e) => e.message)).toEqual(['Connection DISCONNECTED -> CONNECTING', 'Connection CONNECTING -> FAILED'])
    expect(events(entry, 'sdk.join-failed')).toHaveLength(1)
    expect(entry.diagnostics.map((d) => d.message)).toEqual(['2 line(s) before the first record (header or preamble) kept without a time'])
  })

  it('reads logcat-wrapped lines, taking the year from the bundle date', () => {
    const ms = Date.UTC(2019, 11, 9, 15, 36, 52, 460)
    const lines = [agoraLogcat(ms, 2001, 2002, 'INFO', '[cm] connection state changed from 1 to 2'), agoraLogcat(ms + 1, 2001, 2002, 'DEBUG', '[tactics] version:2.9.1 maxBitrate:400')]
    expect(sniffAs(lines.join('\n') + '\n')).toBe('log:agora-legacy')
    const { entry, logs } = parse('agora-legacy', lines, { assumedDateMs: Date.UTC(2019, 0, 1) })
    expect(logs.map((l) => l.t)).toEqual([ms, ms + 1])
    expect(entry.meta.sdkVersion).toBe('2.9.1')
    expect(entry.diagnostics).toEqual([])
  })

  it('says so when it has to guess the year', () => {
    const { entry } = parse('agora-legacy', [agoraLogcat(T0, 1, 2, 'INFO', 'hello')])
    expect(entry.diagnostics.map((d) => d.message)[0]).toMatch(/carry no year: assumed \d{4}/)
  })
})

describe('libwebrtc / Chrome', () => {
  const day = Date.UTC(2024, 2, 5)
  it('reads Chrome log lines (no year: the bundle date gives it) with microseconds, levels and files', () => {
    const ms = Date.UTC(2024, 2, 12, 14, 22, 33)
    const lines = [
      chromeLine(ms, 123456, 12345, 67890, 'INFO', 'peer_connection.cc', 1234, 'Changing IceConnectionState 1 => 2'),
      chromeLine(ms + 1000, 7, 12345, 67890, 'VERBOSE1', 'send_side_congestion_controller.cc', 335, 'Bitrate estimate state changed, BWE: 800000 bps.'),
      chromeLine(ms + 2000, 0, 12345, 67891, 'ERROR', 'dtls_transport.cc', 60, 'Changing IceConnectionState 2 => 4'),
    ]
    expect(lines[0]).toBe('[12345:67890:0312/142233.123456:INFO:peer_connection.cc(1234)] Changing IceConnectionState 1 => 2')
    expect(sniffAs(lines.join('\n') + '\n', 'chrome_debug.log')).toBe('log:libwebrtc')
    const { entry, logs } = parse('libwebrtc', lines, { assumedDateMs: day })
    expect(logs.map((l) => l.t)).toEqual([ms + 123.456, ms + 1000.007, ms + 2000])
    expect(logs.map((l) => [l.level, l.module])).toEqual([['info', 'peer_connection.cc'], ['debug', 'send_side_congestion_controller.cc'], ['error', 'dtls_transport.cc']])
    expect(events(entry, 'ice.state').map((e) => [e.message, e.severity])).toEqual([['ICE connection checking -> connected', 'info'], ['ICE connection connected -> failed', 'error']])
    expect(series(entry, 'available_outgoing_bitrate')).toEqual({ t: [ms + 1000.007], v: [800], unit: 'kbps' })
    expect(events(entry, 'log.error').map((e) => e.line)).toEqual([3])
  })

  it('reads native lines with elapsed times and bare (file.cc:line) lines', () => {
    const lines = [
      webrtcElapsed(12_034, 7, 'p2p_transport_channel.cc', 600, 'Set ICE receiving timeout to 2500 milliseconds'),
      '(peer_connection.cc:4794): Session: 244 Old state: kStable New state: kHaveRemoteOffer',
      'Traceback (most recent call last):',
    ]
    expect(lines[0]).toBe('[012:034][7] (p2p_transport_channel.cc:600): Set ICE receiving timeout to 2500 milliseconds')
    const { entry, logs } = parse('libwebrtc', lines, { assumedDateMs: day })
    expect(logs.map((l) => [l.t, l.level, l.module])).toEqual([[day + 12_034, 'info', 'p2p_transport_channel.cc'], [null, 'info', 'peer_connection.cc'], [null, 'info', undefined]])
    // The bare line has no time of its own: its event takes the last known one.
    expect(events(entry, 'signaling.state')).toMatchObject([{ t: day + 12_034, message: 'Signaling kStable -> kHaveRemoteOffer' }])
  })

  it('keeps events of a log without any time out of the timeline, and says so', () => {
    const { entry } = parse('libwebrtc', ['(peer_connection.cc:1): Changing IceConnectionState 0 => 1', '(peer_connection.cc:1): Changing IceConnectionState 1 => 4'])
    expect(entry.events).toEqual([])
    expect(entry.meta.untimedEvents).toBe('ice.state x2')
    expect(entry.diagnostics.map((d) => d.message)).toContain('events found on lines without a time (none before them either) are not placed on the timeline: ice.state x2')
  })
})

describe('Jitsi server logs', () => {
  it('parses jvb/jicofo records, stack traces as continuations, endpoint events', () => {
    const ms = Date.UTC(2024, 2, 5, 9, 30, 0, 500)
    const lines = [
      jitsiLine(ms - 1000, 'INFO', 11, 'AbstractVersionActivator.start#91: VersionService registered: JVB 2.9.0-test'),
      jitsiLine(ms, 'INFO', 52, '[confId=0a1b epId=ab12cd34 gid=f00001 conf_name=room-a] IceTransport.iceStateChanged#321: ICE state changed old=Waiting new=Running'),
      jitsiLine(ms + 5, 'SEVERE', 19, 'AbstractHealthCheckService.run#174: Health check failed in PT3.1S:'),
      'java.lang.Exception: boom',
      '\tat org.jitsi.health.AbstractHealthCheckService.run(AbstractHealthCheckService.kt:100)',
      jitsiLine(ms + 900, 'INFO', 52, '[confId=0a1b epId=ab12cd34 gid=f00001] IceTransport.iceStateChanged#321: ICE state changed old=Running new=Failed'),
      jitsiLine(ms + 1000, 'INFO', 36, 'org.jitsi.jicofo.JitsiMeetConferenceImpl.log() Member room-a@conference.example.com/ef56ab78 joined.', 'Jicofo'),
      jitsiLine(ms + 2000, 'INFO', 60, '[confId=0a1b gid=f00001 conf_name=room-a] Conference.updateStatisticsOnExpire#610: expire_conf,duration=42,has_failed=true,has_partially_failed=false'),
    ]
    expect(lines[1]).toBe('2024-03-05 09:30:00.500 INFO: [52] [confId=0a1b epId=ab12cd34 gid=f00001 conf_name=room-a] IceTransport.iceStateChanged#321: ICE state changed old=Waiting new=Running')
    expect(sniffAs(lines.join('\n') + '\n', 'jvb.log')).toBe('log:jitsi')
    const { entry, logs } = parse('jitsi', lines)
    expect(logs.map((l) => [l.t, l.level])).toEqual([
      [ms - 1000, 'info'], [ms, 'info'], [ms + 5, 'error'], [null, 'error'], [null, 'error'], [ms + 900, 'info'], [ms + 1000, 'info'], [ms + 2000, 'info'],
    ])
    expect(logs.map((l) => l.module)).toEqual([
      'AbstractVersionActivator.start', 'IceTransport.iceStateChanged', 'AbstractHealthCheckService.run', undefined, undefined, 'IceTransport.iceStateChanged',
      'org.jitsi.jicofo.JitsiMeetConferenceImpl.log', 'Conference.updateStatisticsOnExpire',
    ])
    expect(entry.meta).toMatchObject({ product: 'JVB', version: '2.9.0-test' })
    expect(events(entry, 'ice.state').map((e) => [e.connectionKey, e.data!.from, e.data!.to, e.severity])).toEqual([['ab12cd34', 'waiting', 'running', 'info'], ['ab12cd34', 'running', 'failed', 'error']])
    expect(events(entry, 'log.error')).toMatchObject([{ t: ms + 5, message: 'AbstractHealthCheckService.run#174: Health check failed in PT3.1S:' }])
    expect(events(entry, 'participant.joined')).toMatchObject([{ connectionKey: 'ef56ab78', message: 'ef56ab78 joined room-a@conference.example.com' }])
    expect(events(entry, 'conference.expired')).toMatchObject([{ severity: 'error', data: { durationS: 42, failed: 'true' } }])
    expect(entry.connections.map((c) => c.key)).toEqual(['ab12cd34', 'ef56ab78'])
  })
})

describe('generic timestamped logs', () => {
  it('reads ISO-8601 with zones, comma/point fractions, brackets and level words, and loses to specific formats', () => {
    const lines = [
      '2024-03-05T09:30:00.123Z INFO service started',
      '2024-03-05T11:30:01.5+02:00 WARN slow response',
      '[2024-03-05 09:30:02.250] [1234] [error] [iris.cc:1] boom',
      '2024-03-05 09:30:03,007 [main] ERROR c.e.Foo - failed',
      '2024-03-05 09:30:04 plain line',
      '2024-03-05T09:30:05.123456789+0000: with colon',
      '  continuation',
    ]
    const { entry, logs } = parse('generic', lines)
    expect(logs.map((l) => l.t)).toEqual([T0 + 123, T0 + 1500, T0 + 2250, T0 + 3007, T0 + 4000, T0 + 5123.456789, null])
    expect(logs.map((l) => l.level)).toEqual(['info', 'warning', undefined, undefined, undefined, undefined, undefined])
    expect(logs[2]!.message).toBe('[1234] [error] [iris.cc:1] boom')
    expect(entry.diagnostics).toEqual([])
    const many = Array.from({ length: 40 }, (_, i) => `2024-03-05 09:30:${String(i).padStart(2, '0')}.000 INFO tick ${i}`).join('\n')
    expect(sniffAs(many + '\n')).toBe('log:generic')
    // A Jitsi log also matches the generic pattern, but the specific format wins.
    expect(sniffAs(`${jitsiLine(T0, 'INFO', 1, 'Videobridge.start#1: jitsi up')}\n`.repeat(40))).toBe('log:jitsi')
  })

  it('applies the assumed offset only to zone-less times; syslog times take the bundle year', () => {
    const { logs } = parse('generic', ['2024-03-05 09:30:00.000 INFO a', '2024-03-05T09:30:00Z INFO b', 'Mar  5 09:30:00 host app: c'], {
      assumedUtcOffsetMin: 60, assumedDateMs: Date.UTC(2024, 0, 1),
    })
    expect(logs.map((l) => l.t)).toEqual([T0 - 3_600_000, T0, T0 - 3_600_000])
  })
})

describe('time formats', () => {
  const parts = newTimeParts()
  it.each([
    ['%m/%d/%y %H:%M:%S:%L', '12/12/23 14:02:06:837', { year: 2023, month: 12, day: 12, hour: 14, minute: 2, second: 6, ms: 837 }],
    ['%H:%M:%S:%L', '10: 9:34: 11', { hour: 10, minute: 9, second: 34, ms: 11 }],
    ['%Y-%m-%dT%H:%M:%S.%f%z', '2024-03-05T09:30:00.5-05:30', { year: 2024, ms: 500, offsetMin: -330 }],
    ['%a %b %e %H:%M:%S %Y', 'Wed Dec  6 10:09:34 2017', { year: 2017, month: 12, day: 6, hour: 10 }],
    ['%m%d/%H%M%S.%f', '0312/142233.000001', { month: 3, day: 12, hour: 14, minute: 22, second: 33, ms: 0.001 }],
    ['%I:%M:%S %p', '12:05:00 am', { hour: 0, minute: 5 }],
    ['%s.%f', '1709631000.25', { epochMs: 1709631000250 }],
    ['%E:%L', '1580:338', { elapsedMs: 1580338 }],
  ])('%s reads %s', (spec, text, expected) => {
    expect(compileTimeFormat(spec).parse(text, parts)).toBe(true)
    expect(parts).toMatchObject(expected)
  })

  it.each([
    ['%m/%d/%y %H:%M:%S:%L', '13/12/23 14:02:06:837'],
    ['%Y-%m-%d %H:%M:%S', '2024-03-05 09:30:00 trailing'],
    ['%Y-%m-%d %H:%M:%S', '2024-03-05'],
  ])('%s rejects %s', (spec, text) => {
    expect(compileTimeFormat(spec).parse(text, parts)).toBe(false)
  })

  it('tells what a spec can say about an instant', () => {
    expect(['%Y-%m-%d %H:%M', '%m%d/%H%M%S', '%H:%M:%S', '%s', '%E'].map((s) => compileTimeFormat(s).kind)).toEqual(['full', 'no-year', 'time-only', 'epoch', 'elapsed'])
  })
})

describe('validation of user definitions', () => {
  const good = (): Record<string, unknown> => ({
    id: 'my-sdk', timeFormat: '%Y-%m-%d %H:%M:%S', patterns: [{ regex: '^(?<time>\\S+ \\S+) (?<level>\\w) (?<message>.*)$' }],
    extractors: [{ id: 'x', regex: 'rtt (?<rtt>\\d+)', series: [{ metric: 'rtt_ms', value: 'rtt' }] }],
  })
  const error = (mutate: (d: Record<string, unknown>) => unknown) => {
    const d = good()
    const r = validateLogFormatFile(mutate(d) ?? d)
    return r.ok ? null : r.error
  }

  it('accepts a minimal definition and fills in defaults', () => {
    const r = validateLogFormat(good())
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value).toMatchObject({ title: 'my-sdk', multiline: true, errorEvents: true, sniff: { weight: 1, minFraction: 0.3, minLines: 0 }, extractorSets: [] })
    expect(r.value.extractors[0]!.series[0]).toEqual({ metric: 'rtt_ms', value: 'rtt', unit: 'ms', scale: 1 })
  })

  it.each<[string, (d: Record<string, unknown>) => unknown, string]>([
    ['not an object', () => [1], '(root): must be an object'],
    ['no id', (d) => { delete d.id }, 'id: must be a non-empty string'],
    ['bad id', (d) => { d.id = 'My SDK' }, 'id: must be 1-64 characters'],
    ['a typo', (d) => { d.pattern = d.patterns }, 'pattern: unknown field (allowed: kind, id,'],
    ['no patterns', (d) => { d.patterns = [] }, 'patterns: needs at least one record pattern'],
    ['no message group', (d) => { d.patterns = [{ regex: '^(?<time>\\S+) (?<msg>.*)$' }] }, 'patterns[0].regex: needs a (?<message>...) group'],
    ['a broken regex', (d) => { d.patterns = [{ regex: '^(?<message>.*' }] }, 'patterns[0].regex: invalid regex:'],
    ['a back-reference', (d) => { d.patterns = [{ regex: '^(?<a>x)\\k<a>(?<message>.*)$' }] }, 'patterns[0].regex: named back-references'],
    ['time group, no format', (d) => { delete d.timeFormat }, 'patterns[0].timeFormat: the pattern has a (?<time>...) group but neither it nor the definition gives a timeFormat'],
    ['a bad time token', (d) => { d.timeFormat = ['%Y-%m-%d %H:%M:%S', '%H:%M:%x'] }, 'timeFormat[1]: "%H:%M:%x": unknown token %x'],
    ['a bad level', (d) => { d.levels = { W: 'warn' } }, 'levels.W: must be one of trace, debug, info, warning, error, fatal'],
    ['a bad weight', (d) => { d.sniff = { weight: 2 } }, 'sniff.weight: must be a number in [0, 1]'],
    ['an empty extractor', (d) => { d.extractors = [{ id: 'x', regex: 'y' }] }, 'extractors[0]: an extractor needs an event, series or meta'],
    ['a series without metric', (d) => { d.extractors = [{ id: 'x', regex: '(?<v>\\d)', series: [{ value: 'v' }] }] }, 'extractors[0].series[0].metric: must be a non-empty string'],
    ['global flag', (d) => { d.extractors = [{ id: 'x', regex: 'a', flags: 'g', meta: { a: 'b' } }] }, 'extractors[0].flags: may only hold'],
    ['an unclosed template', (d) => { d.extractors = [{ id: 'x', regex: 'a', event: { type: 'sdk.x', message: 'code {code' } }] }, 'extractors[0].event.message: unclosed "{"'],
    ['a bad event type', (d) => { d.extractors = [{ id: 'x', regex: 'a', event: { type: 'SDK Error', message: 'm' } }] }, 'extractors[0].event.type: event types are lower-case dotted ids'],
    ['kind without direction', (d) => { d.extractors = [{ id: 'x', regex: '(?<v>\\d)', series: [{ metric: 'fps', value: 'v', stream: 's', streamKind: 'video' }] }] }, 'extractors[0].series[0]: streamKind and direction go together'],
    ['a sample that matches nothing', (d) => { d.samples = ['garbage'] }, 'samples[0]: matches none of the patterns'],
    ['a sample with a bad time', (d) => { d.samples = ['2024-13-05 09:30:00 I x'] }, 'samples[0]: its time "2024-13-05 09:30:00" fits none of the time formats'],
    ['an extractor sample that does not match', (d) => { d.extractors = [{ id: 'x', keyword: 'rtt', regex: 'rtt (?<r>\\d+)', meta: { r: '{r}' }, samples: ['rtt x'] }] }, 'extractors[0].samples[0]: does not match the regex'],
    ['an unknown kind', (d) => { d.kind = 'plugin' }, 'kind: must be "log-format" or "extractor-set"'],
  ])('rejects %s with the JSON path', (_name, mutate, message) => {
    expect(error(mutate)).toContain(message)
  })

  it('link errors name the group, filter or set (and which set an extractor came from)', () => {
    const def = (patch: Record<string, unknown>): LogFormatDefinition => {
      const r = validateLogFormat({ ...good(), ...patch })
      if (!r.ok) throw new Error(r.error)
      return r.value
    }
    const set = validateLogFormatFile({ kind: 'extractor-set', id: 's1', extractors: [{ id: 'y', regex: 'z', event: { type: 'a.b', message: '{nope}' } }] })
    if (!set.ok || set.value.kind !== 'extractor-set') throw new Error('set')
    const r = linkLogFormats([
      def({ id: 'a', extractors: [{ id: 'x', regex: '(?<c>\\d)', event: { type: 'a.b', message: '{c:agoraError}' } }] }),
      def({ id: 'b', extractors: [{ id: 'x', regex: '(?<c>\\d)', event: { type: 'a.b', message: '{d}' } }] }),
      def({ id: 'c', extractorSets: ['nope'] }),
      def({ id: 'd', extractorSets: ['s1'] }),
      def({ id: 'e' }),
    ], [set.value.set])
    expect(r.definitions.map((d) => d.id)).toEqual(['e'])
    expect(r.errors.map((e) => `${e.id}: ${e.message}`)).toEqual([
      'a: extractors[0].event.message: unknown filter "agoraError" (built-in: number, lower, upper, trim; lookups: none)',
      'b: extractors[0].event.message: unknown group "d" (the extractor regex has: c; records have: message, line, time, level)',
      'c: extractorSets[0]: no extractor set with id "nope" (known: s1)',
      'd: extractor set "s1": extractors[0].event.message: unknown group "nope" (the extractor regex has: none; records have: message, line, time, level)',
    ])
  })

  describe('the loader', () => {
    let dir: string
    beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'rtcwb-formats-')) })
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it('reports bad user files by file and JSON path, loads the good ones, lets users override built-ins', async () => {
      const user = join(dir, 'log-formats')
      const { mkdirSync } = await import('node:fs')
      mkdirSync(user)
      writeFileSync(join(user, 'a-broken.json'), '{ "id": "x", ')
      writeFileSync(join(user, 'b-bad-series.json'), JSON.stringify({ ...good(), id: 'bad', extractors: [{ id: 'x', regex: '(?<v>\\d)', series: [{ metric: '', value: 'v' }] }] }))
      writeFileSync(join(user, 'c-unknown-set.json'), JSON.stringify({ ...good(), id: 'needs-set', extractorSets: ['missing-set'] }))
      writeFileSync(join(user, 'd-mine.json'), JSON.stringify({ ...good(), id: 'my-sdk', title: 'Mine' }))
      writeFileSync(join(user, 'e-generic.json'), JSON.stringify({ ...good(), id: 'generic', title: 'My generic' }))
      writeFileSync(join(user, 'notes.txt'), 'ignored')
      const r = await loadLogFormats(logFormatDirs(ROOT + '/resources', dir))
      const messages = r.diagnostics.map((d) => `${d.severity} ${d.message}`)
      expect(messages).toEqual([
        expect.stringMatching(new RegExp(`^error ${join(user, 'a-broken.json')}: not valid JSON: `)),
        `error ${join(user, 'b-bad-series.json')}: extractors[0].series[0].metric: must be a non-empty string`,
        `info ${join(user, 'e-generic.json')}: overrides the log-format "generic" from ${join(FORMATS_DIR, 'generic.json')}`,
        `error ${join(user, 'c-unknown-set.json')}: extractorSets[0]: no extractor set with id "missing-set" (known: agora-callbacks, agora-codes)`,
      ])
      expect(r.diagnostics.every((d) => d.path !== undefined)).toBe(true)
      const ids = r.definitions.map((d) => d.id)
      expect(new Set(ids.slice(0, 2))).toEqual(new Set(['my-sdk', 'generic'])) // the user's first
      expect(ids).toHaveLength(7)
      expect(r.definitions.find((d) => d.id === 'generic')!.title).toBe('My generic')
      expect(r.files['my-sdk']).toBe(join(user, 'd-mine.json'))
    })

    it('skips folders that do not exist', async () => {
      const r = await loadLogFormats([join(dir, 'nope'), FORMATS_DIR])
      expect(r.diagnostics).toEqual([])
      expect(r.definitions).toHaveLength(6)
    })
  })
})

describe('text encodings', () => {
  const text = '[03/05/24 09:30:00:000][1][I]:[AGS]: 加入频道 room-1 成功，延迟 300 ms\n[03/05/24 09:30:01:000][1][E]:[LVTM]: 摄像头打开失败\n'

  it('detects UTF-8 with and without BOM, ASCII with stray NULs, and binary', () => {
    const utf8 = new TextEncoder().encode(text)
    expect(detectEncoding(utf8)).toEqual({ encoding: 'utf-8', confidence: 1 })
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ encoding: 'utf-8', confidence: 1 })
    const ascii = new TextEncoder().encode('INFO    (10: 9:34:798 |    1)  24358; API call\0\0 to join\n'.repeat(50))
    expect(detectEncoding(ascii).encoding).toBe('utf-8')
    const rng = new Rng(3)
    const random = Uint8Array.from({ length: 8192 }, () => rng.int(0, 255))
    expect(detectEncoding(random).encoding).toBe('binary')
    expect(decodeHead(random).text).toBeNull()
  })

  it('detects UTF-16LE/BE by BOM and by the NUL pattern, and decodes them in any chunking', () => {
    const le = iconv.encode(text, 'utf16le')
    const be = iconv.encode(text, 'utf16-be')
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, ...le]))).toEqual({ encoding: 'utf-16le', confidence: 1 })
    expect(detectEncoding(new Uint8Array([0xfe, 0xff, ...be]))).toEqual({ encoding: 'utf-16be', confidence: 1 })
    expect(detectEncoding(le).encoding).toBe('utf-16le')
    expect(detectEncoding(be).encoding).toBe('utf-16be')
    for (const [bytes, enc] of [[le, 'utf-16le'], [be, 'utf-16be'], [new Uint8Array([0xff, 0xfe, ...le]), 'utf-16le']] as const) {
      for (const size of [1, 3, 7]) expect(decodeChunked(bytes, enc, size)).toBe(text)
    }
  })

  it('recognises GB18030/GBK bytes (invalid UTF-8 that decodes cleanly) and decodes them streaming', () => {
    const gb = iconv.encode(text.repeat(20), 'gb18030')
    const d = detectEncoding(gb)
    expect(d.encoding).toBe('gb18030')
    expect(d.confidence).toBeGreaterThan(0.8)
    for (const size of [1, 2, 5, 4096]) expect(decodeChunked(gb, 'gb18030', size)).toBe(text.repeat(20))
    expect(decodeHead(gb.subarray(0, 101)).text).toBe(text.slice(0, decodeHead(gb.subarray(0, 101)).text!.length))
    // 4-byte GB18030 sequences (characters outside GBK) too.
    const rare = iconv.encode('日志 €™ 𠀀 ok\n'.repeat(30), 'gb18030')
    expect(detectEncoding(rare).encoding).toBe('gb18030')
  })

  it('a GB18030 Agora log parses end to end, Chinese text intact', () => {
    const gb = iconv.encode(text, 'gb18030')
    const head = decodeHead(gb)
    expect(sniffFormat(handlers, { path: 'agorasdk.log', head: gb, text: head.text })!.handler.id).toBe('log:agora-4x')
    const decoded = createStreamingDecoder(head.encoding).write(gb)
    const { logs, entry } = parse('agora-4x', decoded.split('\n').filter(Boolean))
    expect(logs[0]!.message).toBe('[AGS]: 加入频道 room-1 成功，延迟 300 ms')
    expect(events(entry, 'log.error')[0]!.message).toBe('[LVTM]: 摄像头打开失败')
  })

  function decodeChunked(bytes: Uint8Array, enc: string, size: number): string {
    const d = createStreamingDecoder(enc)
    let out = ''
    for (let i = 0; i < bytes.length; i += size) out += d.write(bytes.subarray(i, i + size))
    return out + d.end()
  }
})

describe('encrypted SDK logs', () => {
  const rng = new Rng(11)
  const cipher = Uint8Array.from({ length: 65536 }, () => rng.int(0, 255))

  it('are recognised by high entropy in files named like SDK logs', () => {
    expect(encryptedLogSniff({ path: 'logs/agorasdk.log', head: cipher, text: null })).toBe(0.9)
    expect(encryptedLogSniff({ path: 'user1/sdk.log.1', head: cipher, text: null })).toBe(0.6)
    expect(encryptedLogSniff({ path: 'capture.bin', head: cipher, text: null })).toBe(0)
    const gz = cipher.slice()
    gz[0] = 0x1f; gz[1] = 0x8b
    expect(encryptedLogSniff({ path: 'agorasdk.log', head: gz, text: null })).toBe(0)
    const plain = new TextEncoder().encode(agoraCallScript().lines.join('\n').repeat(10))
    expect(encryptedLogSniff({ path: 'agorasdk.log', head: plain, text: null })).toBe(0)
  })

  it('are listed as encrypted, with a diagnostic, not parsed', () => {
    expect(sniffFormat(handlers, { path: 'agorasdk.log', head: cipher, text: null })!.handler.id).toBe('encrypted-log')
    const p = encryptedLogFormat.create({ path: 'a/agorasdk.log', emitLogs: () => {}, assumedUtcOffsetMin: 0 })
    if (p.mode !== 'bytes') throw new Error('bytes parser expected')
    p.push(cipher.subarray(0, 1000))
    p.push(cipher.subarray(1000))
    const e = p.end()
    expect(e.kind).toBe('encrypted')
    expect(e.format).toBe('encrypted/agora')
    expect(e.meta.sizeBytes).toBe(65536)
    expect(e.meta.entropyBitsPerByte).toBeGreaterThan(7.9)
    expect(e.diagnostics[0]!.message).toMatch(/^agorasdk\.log: encrypted Agora SDK log \(\d\.\d+ bit\/byte\)/)
  })
})

// ---- the shared corpus ---------------------------------------------------------------------------

interface CorpusCase { file: string; handler: string; minTimed: number }

const CORPUS: CorpusCase[] = [
  { file: 'sdk-logs/agora/AgoraIO-video-sdk-samples-unity/agorasdk-4.2.3-macos-unity.log', handler: 'log:agora-4x', minTimed: 0.95 },
  { file: 'sdk-logs/agora/agora-sa-CodeReview/agorasdk-4.2.2-android-xiaomi.log', handler: 'log:agora-4x', minTimed: 0.95 },
  { file: 'sdk-logs/agora/AgoraIO-video-sdk-samples-unity/agoraapi.log', handler: 'log:agora-api', minTimed: 1 },
  { file: 'sdk-logs/agora/ahmadslomm-Imag/agoraapi.log', handler: 'log:agora-api', minTimed: 1 },
  { file: 'sdk-logs/agora/unibosy-zhuawawa/agorasdk-1.14-linux-2017.log', handler: 'log:agora-legacy', minTimed: 0.9 },
  { file: 'sdk-logs/issue-excerpts/agora-flutter-sdk-50-android-logcat.log', handler: 'log:agora-legacy', minTimed: 1 },
  { file: 'sdk-logs/jitsi/arindambaral25-jitsi/jvb.log', handler: 'log:jitsi', minTimed: 0.8 },
  { file: 'sdk-logs/jitsi/arindambaral25-jitsi/jicofo.log', handler: 'log:jitsi', minTimed: 0.8 },
  { file: 'sdk-logs/libwebrtc/NUStreaming-BoB/alphartc-peerconnection-webrtc.log', handler: 'log:libwebrtc', minTimed: 0 },
  { file: 'sdk-logs/issue-excerpts/webrtc-streamer-515-native-libwebrtc.log', handler: 'log:libwebrtc', minTimed: 1 },
]

function corpusEntry(rel: string): { handler: string | null; parsed: Parsed | null; lines: number } {
  const bytes = new Uint8Array(readCorpus(rel))
  const head = bytes.subarray(0, 65536)
  const decodedHead = decodeHead(head)
  const match = sniffFormat(handlers, { path: rel, head, text: decodedHead.text })
  const text = createStreamingDecoder(decodedHead.encoding).write(bytes)
  const lines = text.split(/\r?\n/)
  if (lines[lines.length - 1] === '') lines.pop()
  if (!match) return { handler: null, parsed: null, lines: lines.length }
  return { handler: match.handler.id, parsed: match.handler.id === 'encrypted-log' ? null : parseWith(match.handler, lines, { path: rel }), lines: lines.length }
}

describeCorpus('the shared corpus', () => {
  const cache = new Map<string, ReturnType<typeof corpusEntry>>()
  const get = (rel: string) => {
    if (!cache.has(rel)) cache.set(rel, corpusEntry(rel))
    return cache.get(rel)!
  }

  it.each(CORPUS)('$file is detected as $handler (not generic), every line kept', ({ file, handler: id, minTimed }) => {
    const r = get(file)
    expect(r.handler).toBe(id)
    const { entry, logs } = r.parsed!
    expect(entry.logLineCount).toBe(r.lines)
    expect(logs.length).toBe(r.lines)
    expect(r.lines).toBeGreaterThan(5)
    expect(logs.filter((l) => l.t !== null).length / r.lines).toBeGreaterThanOrEqual(minTimed)
    expect(entry.diagnostics.filter((d) => d.severity !== 'info')).toEqual([])
  })

  it('the failed Agora join (token expired) shows a join-failure event, and error 109 its meaning', () => {
    const { entry } = get(CORPUS[0]!.file).parsed!
    const failed = events(entry, 'sdk.join-failed')
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({ t: Date.UTC(2023, 11, 12, 14, 2, 7, 158), data: { reason: 9, reasonText: 'TOKEN_EXPIRED: the token has expired' } })
    expect(events(entry, 'sdk.error')[0]).toMatchObject({ t: Date.UTC(2023, 11, 12, 14, 2, 7, 158), data: { code: 109, meaning: 'ERR_TOKEN_EXPIRED: the token has expired' } })
    // The second session of the same file joins.
    expect(events(entry, 'sdk.join')).toMatchObject([{ data: { channel: 'demo', uid: '2177729589', elapsedMs: 367 } }])
    expect(entry.meta).toMatchObject({ sdkVersion: '4.2.3', sdkBuild: '279681', device: 'MacBookPro15,1' })
    expect(series(entry, 'target_bitrate', 'local/video').t.length).toBeGreaterThan(100)
    const api = get(CORPUS[2]!.file).parsed!.entry
    expect(events(api, 'sdk.join-failed')).toMatchObject([{ data: { reason: 9 } }])
    expect(events(api, 'sdk.error')[0]).toMatchObject({ data: { code: 109 } })
  })

  it('the Android 4.2.2 log joins three times', () => {
    const { entry } = get(CORPUS[1]!.file).parsed!
    expect(events(entry, 'sdk.join').map((e) => e.data!.elapsedMs)).toEqual([202, 148, 147])
    expect(events(entry, 'sdk.leave')).toHaveLength(3)
    expect(events(entry, 'sdk.join-failed')).toEqual([])
  })

  it('the 1.14 log takes its dates from the Local Date headers', () => {
    const { entry } = get(CORPUS[4]!.file).parsed!
    const joins = events(entry, 'sdk.api')
    expect(joins).toHaveLength(14)
    expect(joins[0]).toMatchObject({ t: Date.UTC(2017, 11, 6, 10, 9, 34, 798), message: 'joinChannel: channel vido, uid 0' })
    expect(entry.meta).toMatchObject({ sdkVersion: '1.14.0', sdkBuild: '210' })
  })

  it('Jitsi logs: ICE state per endpoint, failed conferences, participants', () => {
    const jvb = get(CORPUS[6]!.file).parsed!.entry
    expect(events(jvb, 'ice.state')).toHaveLength(20)
    expect(events(jvb, 'conference.expired')[0]).toMatchObject({ severity: 'error', data: { durationS: 68, failed: 'true' } })
    expect(events(jvb, 'log.error')).toHaveLength(2)
    const jicofo = get(CORPUS[7]!.file).parsed!.entry
    expect(events(jicofo, 'participant.joined').length).toBeGreaterThanOrEqual(4)
    expect(jicofo.meta.product).toBe('JiCoFo')
  })

  it('libwebrtc logs: ICE state changes, times when the log has them', () => {
    const alpha = get(CORPUS[8]!.file).parsed!.entry
    expect(alpha.meta.untimedEvents).toMatch(/ice\.state x10/)
    const streamer = get(CORPUS[9]!.file).parsed!
    expect(streamer.logs[0]!.t).toBe(1_580_338)
  })

  it('the encrypted Agora log is listed as encrypted', () => {
    const rel = 'sdk-logs/agora/ahmadslomm-Imag/agorasdk-encrypted.log'
    expect(get(rel).handler).toBe('encrypted-log')
    expect(detectEncoding(new Uint8Array(readCorpus(rel)).subarray(0, 65536)).encoding).toBe('binary')
    expect(corpusPath(rel)).toContain('agorasdk-encrypted.log')
  })
})
