/**
 * A large text log parsed in two parts (`split-entry.ts`) gives exactly what one pass gives: the
 * ParsedEntry (series, streams, connections, events with their caps, meta, diagnostics with line
 * numbers, log-line count), the bundle digest, and the log lines sent to the sink (numbers, times,
 * levels, modules, messages, in order). Generated logs of several formats, multiline records, CRLF,
 * a BOM, preambles, unmatched lines, bad times, more error lines than the event cap; split points
 * across the file; the fallbacks (a merge that cannot be exact, a second part that fails); a tiny
 * buffer budget; cancellation. Plus the pieces: the UTF-8 decoder, packed batches, the split helpers.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DomainError } from '../../../src-main/contract/errors'
import type { LogLine } from '../../../src-main/core/model/call'
import { textLogFormat } from '../../../src-main/core/parsers/text-log/handler'
import {
  PARSER_MAX_ERROR_EVENTS, PARSER_MAX_EVENTS, mergeSegments, recordStartTest, unsegmentableReason,
} from '../../../src-main/core/parsers/text-log/segment'
import type { LogFormatDefinition } from '../../../src-main/core/parsers/text-log/types'
import { createStreamingDecoder } from '../../../src-main/jobs/encoding'
import { batchLines, packLogs, shiftLines, unpackLogs } from '../../../src-main/jobs/log-batch'
import { loadLogFormats } from '../../../src-main/jobs/log-format-loader'
import { LineSplitter } from '../../../src-main/jobs/line-splitter'
import { type JobEnv, type JobSink, NO_SINK, type ParseJobInput, type ParseJobOutput, runParseJob } from '../../../src-main/jobs/parse-job'
import { type SegmentHandle, type SegmentRunner, type SplitEvent, inlineSegments, planSplit } from '../../../src-main/jobs/split-entry'
import { Rng } from '../../fixtures/generate/prng'
import { T0, agora4x, agoraLegacy } from '../../fixtures/generate/text-log'
import { EPOCH_FORMAT, agoraLog, epochLog, jitsiLog } from './split-logs'

const ROOT = resolve(import.meta.dirname, '../../..')
const BUILTIN = resolve(ROOT, 'resources/log-formats')
const never = () => new AbortController().signal

let dir: string
let formatsDir: string
let defs: Map<string, LogFormatDefinition>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-split-'))
  formatsDir = join(dir, 'formats')
  mkdirSync(formatsDir)
  writeFileSync(join(formatsDir, 'test-epoch.json'), JSON.stringify(EPOCH_FORMAT))
  const loaded = await loadLogFormats([BUILTIN, formatsDir])
  expect(loaded.diagnostics).toEqual([])
  defs = new Map(loaded.definitions.map((d) => [d.id, d]))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// ---- running a job both ways ---------------------------------------------------------------------

interface Run { output: ParseJobOutput; lines: LogLine[]; batches: number; splits: SplitEvent[]; progress: number[] }

async function run(path: string, input: Partial<ParseJobInput> = {}, env: JobEnv = {}, dropsLogs = false): Promise<Run> {
  const lines: LogLine[] = []
  let batches = 0
  const sink: JobSink = {
    entryStarted: () => undefined,
    logs: (_i, batch) => { batches++; lines.push(...batchLines(batch).map((l) => ({ ...l }))) },
    ready: () => Promise.resolve(),
    dropsLogs,
  }
  const splits: SplitEvent[] = []
  const progress: number[] = []
  const output = await runParseJob({ path, logFormatDirs: [BUILTIN, formatsDir], ...input }, (p) => progress.push(p.bytesDone), never(), sink, { onSplit: (e) => splits.push(e), ...env })
  // Progress only goes up, to the file's size.
  expect(progress).toEqual([...progress].sort((a, b) => a - b))
  expect(progress.at(-1)).toBe(statSync(path).size)
  return { output, lines, batches, splits, progress }
}

const ONE_PASS: Partial<ParseJobInput> = { splitThresholdBytes: Infinity }
const SPLIT: Partial<ParseJobInput> = { splitThresholdBytes: 0 }

function write(name: string, text: string): string {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

async function expectSameBothWays(file: string, input: Partial<ParseJobInput> = {}, env: JobEnv = {}): Promise<{ one: Run; split: Run }> {
  const one = await run(file, ONE_PASS)
  const split = await run(file, { ...SPLIT, ...input }, env)
  expect(one.splits).toEqual([])
  expect(split.output).toEqual(one.output)
  expect(split.lines.length).toBe(one.lines.length)
  expect(split.lines).toEqual(one.lines)
  expect(split.output.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'))
  return { one, split }
}

describe('a text log parsed in two parts equals one pass', () => {
  it('Agora 4.x with a preamble, continuations, a bad time and more error lines than the cap, at several split points', async () => {
    const file = write('agorasdk.log', agoraLog(1_500_000, 3))
    for (const splitAt of [0.1, 0.5, 0.93]) {
      const { one, split } = await expectSameBothWays(file, { splitAt })
      expect(split.splits).toMatchObject([{ path: 'agorasdk.log', outcome: 'merged' }])
      const at = split.splits[0]!.at
      expect(at).toBeGreaterThanOrEqual(Math.floor(statSync(file).size * splitAt))
      const parsed = one.output.entries[0]!.parsed
      expect(parsed.format).toBe('log/agora-4x')
      expect(parsed.events.filter((e) => e.type === 'log.error')).toHaveLength(PARSER_MAX_ERROR_EVENTS)
      expect(parsed.diagnostics.map((d) => d.message)).toEqual([
        '2 line(s) before the first record (header or preamble) kept without a time',
        expect.stringMatching(/^1 time text\(s\) fit none of the time formats \(first at line \d+: "13\//),
        expect.stringMatching(/^\d+ more error line\(s\) not turned into log\.error events \(limit 500\); they remain in the log$/),
      ])
      expect(parsed.series.length).toBeGreaterThan(3)
      expect(one.lines.some((l) => l.message.includes('加入频道'))).toBe(true)
    }
  })

  it('Agora 4.x with CRLF line ends, a BOM and no final newline', async () => {
    const file = write('crlf.log', agoraLog(600_000, 4, { crlf: true, bom: true, tail: false }))
    const { one, split } = await expectSameBothWays(file)
    expect(split.splits[0]!.outcome).toBe('merged')
    expect(one.lines[0]!.message).toBe('agora log start')
    expect(one.lines.every((l) => !l.message.endsWith('\r'))).toBe(true)
  })

  it('Jitsi with stack traces, module names and a late version', async () => {
    const file = write('jvb.log', jitsiLog(20_000, 5))
    const { one, split } = await expectSameBothWays(file, { splitAt: 0.3 })
    expect(split.splits[0]!.outcome).toBe('merged')
    const parsed = one.output.entries[0]!.parsed
    expect(parsed.format).toBe('log/jitsi')
    expect(parsed.meta.version).toBe('2.9.0-late')
    expect(parsed.connections.length).toBeGreaterThan(3)
    expect(one.lines.some((l) => l.module === 'IceTransport.iceStateChanged')).toBe(true)
  })

  it('a user format with epoch times, unmatched lines, out-of-order events, series, streams and late meta', async () => {
    const file = write('epoch.log', epochLog(30_000, 6))
    for (const splitAt of [0.25, 0.6]) {
      const { one, split } = await expectSameBothWays(file, { splitAt })
      expect(split.splits[0]!.outcome).toBe('merged')
      const parsed = one.output.entries[0]!.parsed
      expect(parsed.format).toBe('log/test-epoch')
      expect(parsed.meta.build).toBe('1.2.6')
      expect(parsed.streams.map((s) => s.key).sort()).toEqual(['s1', 's2', 's3'])
      expect(parsed.diagnostics.map((d) => d.message)).toEqual([
        '1 line(s) before the first record (header or preamble) kept without a time',
        expect.stringMatching(/^\d+ line\(s\) matched no record pattern \(first at line \d+\); kept without a time$/),
        expect.stringMatching(/^\d+ more error line\(s\) not turned into log\.error events/),
      ])
    }
  })

  it('falls back to one pass when a stream is registered differently in the second part (and still equals it)', async () => {
    const file = write('streams.log', epochLog(20_000, 7, { rawUntil: 0.4, fpsFrom: 0.6 }))
    // Split between the two registrations (0.4 and 0.6 of the file), whatever the default split point.
    const { split } = await expectSameBothWays(file, { splitAt: 0.5 })
    expect(split.splits[0]!.outcome).toBe('one-pass')
  })

  it('falls back to one pass when the events cap is reached', async () => {
    const lines = Array.from({ length: PARSER_MAX_EVENTS + 20 }, (_, i) => `${T0 + i} W conn=c${i % 3} state=s${i % 7}`)
    const file = write('many-events.log', `${lines.join('\n')}\n`)
    const { one, split } = await expectSameBothWays(file)
    expect(split.splits[0]!.outcome).toBe('one-pass')
    expect(one.output.entries[0]!.parsed.events).toHaveLength(PARSER_MAX_EVENTS)
  })

  it('parses the second part here when its runner fails midway, without sending a line twice', async () => {
    const file = write('agora-fail.log', agoraLog(800_000, 8))
    const failing: SegmentRunner = (job) => {
      const inner = inlineSegments()(job)
      let served = 0
      const handle: SegmentHandle = {
        ...inner,
        next: async () => {
          if (served++ === 2) throw new Error('segment thread died')
          return inner.next()
        },
      }
      return handle
    }
    const { split } = await expectSameBothWays(file, {}, { segments: failing })
    expect(split.splits[0]!.outcome).toBe('second-part-here')
  })

  it('keeps the result when the sink drops the lines (the second part then keeps them)', async () => {
    const file = write('agora-drop.log', agoraLog(600_000, 12))
    const one = await run(file, ONE_PASS)
    const split = await run(file, SPLIT, {}, true)
    expect(split.splits[0]!.outcome).toBe('merged')
    expect(split.output).toEqual(one.output)
    expect(split.lines.length).toBeLessThan(one.lines.length)
    expect(split.progress.length).toBeGreaterThan(2)
  })

  it('keeps the result with a buffer budget of one batch', async () => {
    const file = write('agora-budget.log', agoraLog(500_000, 9))
    const { split } = await expectSameBothWays(file, { splitBufferBytes: 1 })
    expect(split.splits[0]!.outcome).toBe('merged')
  })

  it('does not split formats whose lines depend on earlier ones, small files, or gzip', async () => {
    const legacy = write('legacy.log', `${Array.from({ length: 2000 }, (_, i) => agoraLegacy(T0 + i * 10, 10, 24358, 'INFO', `line ${i}`)).join('\n')}\n`)
    expect((await run(legacy, SPLIT)).splits).toEqual([])
    const small = write('small-agora.log', agoraLog(100_000, 10))
    expect((await run(small, { splitThresholdBytes: 1_000_000 })).splits).toEqual([])
    expect((await run(small, { splitThresholdBytes: 1_000 })).splits).toHaveLength(1)
    expect((await run(small, SPLIT, { segments: null })).splits).toEqual([])
  })

  it('stops with CANCELLED when cancelled while the second part is being forwarded', async () => {
    const file = write('agora-cancel.log', agoraLog(800_000, 11))
    const c = new AbortController()
    let cancelledSecond = false
    const spy: SegmentRunner = (job) => {
      const h = inlineSegments()(job)
      return {
        ...h,
        next: async () => {
          const item = await h.next()
          c.abort()
          return item
        },
        cancel: () => { cancelledSecond = true; h.cancel() },
      }
    }
    const err = await runParseJob({ path: file, ...SPLIT }, () => {}, c.signal, NO_SINK, { segments: spy }).then(() => null, (e: unknown) => e)
    expect(err).toBeInstanceOf(DomainError)
    expect((err as DomainError).code).toBe('CANCELLED')
    expect(cancelledSecond).toBe(true)
  })
})

// ---- the pieces ----------------------------------------------------------------------------------

describe('split helpers', () => {
  it('knows which built-in formats can be split', () => {
    expect(unsegmentableReason(defs.get('agora-4x')!)).toBeNull()
    expect(unsegmentableReason(defs.get('agora-api')!)).toBeNull()
    expect(unsegmentableReason(defs.get('jitsi')!)).toBeNull()
    expect(unsegmentableReason(defs.get('test-epoch')!)).toBeNull()
    expect(unsegmentableReason(defs.get('agora-legacy')!)).toMatch(/date headers/)
    expect(unsegmentableReason(defs.get('generic')!)).toMatch(/several time formats/)
    expect(unsegmentableReason(defs.get('libwebrtc')!)).toMatch(/several time formats|no-year|elapsed/)
  })

  it('recognises record starts with a time that parses on its own', () => {
    const test = recordStartTest(defs.get('agora-4x')!)
    expect(test(agora4x(T0, 1, 'I', 'hello'))).toBe(true)
    expect(test('    continuation')).toBe(false)
    expect(test(agora4x(T0, 1, 'I', 'x').replace(/^\[\d\d/, '[13'))).toBe(false)
    expect(test('')).toBe(false)
  })

  it('plans the split at the first record start at or after the target', async () => {
    const lines = ['[03/05/24 09:30:00:000][1][I]:a', '  cont', '  cont', '[03/05/24 09:30:00:001][1][I]:b', 'x']
    const file = write('plan.log', `${lines.join('\n')}\n`)
    const test = recordStartTest(defs.get('agora-4x')!)
    const size = statSync(file).size
    const starts = lines.map((_, i) => lines.slice(0, i).join('\n').length + (i > 0 ? 1 : 0))
    expect(await planSplit(file, size, 1.5 / size, test)).toBe(starts[3])
    expect(await planSplit(file, size, (starts[3]! + 0.5) / size, test)).toBe(starts[3])
    expect(await planSplit(file, size, (starts[3]! + 1.5) / size, test)).toBeNull()
    expect(await planSplit(file, size, 0, test)).toBeNull()
  })

  it('merging does not modify its inputs', async () => {
    const h = textLogFormat(defs.get('test-epoch')!)
    const parse = (lines: string[]) => {
      const p = h.create({ path: 'x', emitLogs: () => undefined, assumedUtcOffsetMin: 0 })
      if (p.mode !== 'lines') throw new Error('line parser expected')
      lines.forEach((l, i) => p.pushLine(l, i + 1))
      return p.end()
    }
    const a = parse([`${T0} I conn=c1 stream=s1 fps=10`, `${T0 + 5} W conn=c1 state=new`])
    const b = parse([`${T0 + 1} I conn=c1 stream=s1 fps=11`, `${T0 + 2} W conn=c2 state=new`])
    const before = structuredClone([a, b])
    const m = mergeSegments(a, b, 2)!
    expect([a, b]).toEqual(before)
    expect([...m.series[0]!.t]).toEqual([T0, T0 + 1])
    expect(m.events.map((e) => [e.t, e.line])).toEqual([[T0 + 2, 4], [T0 + 5, 2]])
    expect(m.connections.map((c) => c.key)).toEqual(['c1', 'c2'])
  })

  it('the parser caps the merge relies on are the parser\'s', () => {
    const h = textLogFormat(defs.get('test-epoch')!)
    const p = h.create({ path: 'x', emitLogs: () => undefined, assumedUtcOffsetMin: 0 })
    if (p.mode !== 'lines') throw new Error('line parser expected')
    for (let i = 0; i < PARSER_MAX_ERROR_EVENTS + 3; i++) p.pushLine(`${T0 + i} E failed`, i + 1)
    for (let i = 0; i < PARSER_MAX_EVENTS; i++) p.pushLine(`${T0 + i} W conn=c state=s`, i + 1000)
    const e = p.end()
    expect(e.events.filter((x) => x.type === 'log.error')).toHaveLength(PARSER_MAX_ERROR_EVENTS)
    expect(e.events).toHaveLength(PARSER_MAX_EVENTS)
    expect(e.diagnostics.map((d) => d.message)).toContain(`${PARSER_MAX_ERROR_EVENTS} event(s) dropped beyond the limit of ${PARSER_MAX_EVENTS}`)
    expect(e.diagnostics.map((d) => d.message)).toContain(`3 more error line(s) not turned into log.error events (limit ${PARSER_MAX_ERROR_EVENTS}); they remain in the log`)
  })
})

describe('UTF-8 decoding in chunks', () => {
  it('equals a streaming TextDecoder for any bytes and any chunking, with and without BOM stripping', () => {
    const rng = new Rng(21)
    for (let n = 0; n < 4000; n++) {
      const bytes = Uint8Array.from({ length: rng.int(0, 24) }, (_, k) => {
        const r = rng.next()
        return r < 0.1 ? [0xef, 0xbb, 0xbf][k % 3]! : r < 0.35 ? rng.int(0x80, 0xbf) : r < 0.55 ? rng.int(0xc0, 0xff) : r < 0.8 ? rng.int(0, 0x7f) : rng.int(0, 255)
      })
      for (const stripBom of [true, false]) {
        const td = new TextDecoder('utf-8', { ignoreBOM: !stripBom })
        const want = td.decode(bytes, { stream: true }) + td.decode()
        const d = createStreamingDecoder('utf-8', { stripBom })
        let got = ''
        for (let at = 0; at < bytes.length;) {
          const step = rng.int(1, 6)
          got += d.write(bytes.subarray(at, at + step))
          at += step
        }
        expect(got + d.end(), Buffer.from(bytes).toString('hex')).toBe(want)
      }
    }
  })

  it('keeps text that is not ASCII intact across chunks', () => {
    const text = '[03/05/24 09:30:00:000][1][I]:加入频道 😀 ok\n'.repeat(50)
    const bytes = new TextEncoder().encode(text)
    const d = createStreamingDecoder('utf-8')
    let out = ''
    for (let at = 0; at < bytes.length; at += 7) out += d.write(bytes.subarray(at, at + 7))
    expect(out + d.end()).toBe(text)
  })
})

describe('packed log batches', () => {
  const lines: LogLine[] = [
    { line: 1, t: 1.5, level: 'info', module: 'a', message: 'hello' },
    { line: 2, t: null, level: undefined, module: undefined, message: '' },
    { line: 3, t: 0, level: 'error', module: 'a', message: 'x'.repeat(300) },
    { line: 4_000_000, t: -12.25, level: 'debug', module: 'b', message: 'tab\tand\u0001control' },
  ]

  it('round-trip ASCII lines through a transferable buffer', () => {
    const packed = packLogs(lines)
    expect(packed.ascii).not.toBeNull()
    expect(packed.text).toBeNull()
    expect(unpackLogs(structuredClone(packed))).toEqual(lines)
  })

  it('round-trip other text (CJK, emoji, lone surrogates) as a string', () => {
    const other: LogLine[] = [...lines, { line: 5, t: 1, level: 'warning', module: '模块', message: '加入频道 😀 \ud800 end' }]
    const packed = packLogs(other)
    expect(packed.ascii).toBeNull()
    expect(unpackLogs(structuredClone(packed))).toEqual(other)
  })

  it('renumber lines in place', () => {
    const packed = packLogs(lines)
    shiftLines(packed, 10)
    expect(unpackLogs(packed).map((l) => l.line)).toEqual([11, 12, 13, 4_000_010])
    const plain = lines.map((l) => ({ ...l }))
    shiftLines(plain, 1)
    expect(plain.map((l) => l.line)).toEqual([2, 3, 4, 4_000_001])
    expect(packLogs([])).toMatchObject({ count: 0 })
    expect(unpackLogs(packLogs([]))).toEqual([])
  })
})

describe('LineSplitter line count', () => {
  it('counts the lines it emitted, over-long ones included', () => {
    const s = new LineSplitter(() => undefined, 5)
    s.push('ab\r\ncdefghij\r\n')
    s.push('k')
    expect(s.lineCount).toBe(2)
    s.end()
    expect(s.lineCount).toBe(3)
    expect(s.diagnostics).toEqual([{ severity: 'warning', line: 2, message: 'line 2 is longer than 5 characters; only its start is read' }])
  })
})
