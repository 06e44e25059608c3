/**
 * The text-log engine's fast paths give exactly what the plain ways would: the keyword trigger
 * (Wu-Manber `KeywordSet`) against `String.includes` over random and real lines; a parser that does
 * not keep its lines (`discardLogs`) against one that does; and the per-series buffer reuse when a
 * series' stream or connection key changes from one line to the next.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogLine, ParsedEntry } from '../../../src-main/core/model/call'
import type { ParseContext } from '../../../src-main/core/model/parser'
import { textLogFormat } from '../../../src-main/core/parsers/text-log/handler'
import { KeywordSet } from '../../../src-main/core/parsers/text-log/keywords'
import type { LogFormatDefinition } from '../../../src-main/core/parsers/text-log/types'
import { loadLogFormats } from '../../../src-main/jobs/log-format-loader'
import { Rng } from '../../fixtures/generate/prng'
import { agoraCallScript, agoraLikeChunks } from '../../fixtures/generate/text-log'
import { EPOCH_FORMAT, agoraLog, epochLog, jitsiLog } from '../jobs/split-logs'

const FORMATS_DIR = resolve(import.meta.dirname, '../../../resources/log-formats')

/** A format whose series keys change from line to line (stream from a group) next to one with fixed keys. */
const KEYED_FORMAT = {
  id: 'test-keyed',
  title: 'Test keyed series',
  samples: ['1709631000000 I uid=1 conn=a fps=30 cpu=5'],
  timeFormat: ['%Q'],
  patterns: [{ regex: '^(?<time>\\d{13}) (?<level>[A-Z]) (?<message>.*)$' }],
  levels: { I: 'info', W: 'warning' },
  sniff: { weight: 1, minFraction: 0.5 },
  extractors: [
    {
      id: 'fps', keyword: 'fps=', regex: 'uid=(?<uid>\\d+) conn=(?<conn>\\w+) fps=(?<fps>\\d+)',
      series: [{ metric: 'fps', value: 'fps', stream: 'remote:{uid}/video', connection: '{conn}', streamKind: 'video', direction: 'recv' }],
    },
    { id: 'cpu', keyword: 'cpu=', regex: 'cpu=(?<cpu>\\d+)', series: [{ metric: 'stat.cpu', unit: '%', value: 'cpu', stream: 'local/video' }] },
    // No keyword: runs on every record, next to the keyword ones; and one on the whole line.
    { id: 'any', regex: 'note (?<note>\\w+)', event: { type: 'test.note', severity: 'info', message: 'note {note}' } },
    { id: 'on-line', keyword: ' W ', field: 'line', regex: '^(?<ms>\\d+) W', event: { type: 'test.warn', severity: 'warning', message: 'at {ms}' } },
  ],
}

let dir: string
let defs: Map<string, LogFormatDefinition>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-fast-'))
  mkdirSync(join(dir, 'formats'))
  writeFileSync(join(dir, 'formats', 'test-epoch.json'), JSON.stringify(EPOCH_FORMAT))
  writeFileSync(join(dir, 'formats', 'test-keyed.json'), JSON.stringify(KEYED_FORMAT))
  const loaded = await loadLogFormats([FORMATS_DIR, join(dir, 'formats')])
  expect(loaded.diagnostics).toEqual([])
  defs = new Map(loaded.definitions.map((d) => [d.id, d]))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function parseLines(id: string, lines: readonly string[], ctx: Partial<ParseContext> = {}): { entry: ParsedEntry; logs: LogLine[]; batches: number } {
  const logs: LogLine[] = []
  let batches = 0
  const parser = textLogFormat(defs.get(id)!).create({
    path: 'test.log', emitLogs: (b) => { batches++; logs.push(...b) }, assumedUtcOffsetMin: 0, assumedDateMs: Date.UTC(2024, 2, 5), ...ctx,
  })
  if (parser.mode !== 'lines') throw new Error('expected a line parser')
  lines.forEach((l, i) => parser.pushLine(l, i + 1))
  return { entry: parser.end(), logs, batches }
}

const splitLines = (text: string) => text.replace(/\r?\n$/, '').split(/\r?\n/)

describe('KeywordSet', () => {
  const plain = (words: readonly string[], text: string, from: number) => words.map((w) => text.indexOf(w, from) >= 0)

  function check(words: string[], text: string, from: number): void {
    const set = new KeywordSet(words)
    const want = plain(set.words, text, from)
    const found = new Uint8Array(set.words.length)
    const any = set.collect(text, from, found)
    expect({ text, from, found: [...found].map((x) => x === 1) }).toEqual({ text, from, found: want })
    expect(any).toBe(want.some(Boolean))
    expect(set.test(text, from)).toBe(want.some(Boolean))
  }

  it('finds exactly the keywords String.includes finds, over random keywords and texts', () => {
    const rng = new Rng(42)
    // A small alphabet makes keywords overlap, share prefixes and pairs, and occur often.
    const alphabet = ['a', 'b', 'c', ' ', ']', '[', ':', 'é', '中', '\u2028', '😀']
    const word = (min: number, max: number) => Array.from({ length: rng.int(min, max) }, () => rng.pick(alphabet)).join('')
    for (let round = 0; round < 3000; round++) {
      const shortest = rng.pick([1, 2, 3, 5, 8])
      const words = Array.from({ length: rng.int(1, 8) }, () => word(shortest, shortest + rng.int(0, 12)))
      // Texts made of keyword pieces and noise, cut anywhere (a keyword may run past the end).
      let text = ''
      while (text.length < rng.int(0, 120)) text += rng.chance(0.3) ? rng.pick(words).slice(0, rng.int(1, 40)) : word(1, 6)
      check(words, text, rng.int(0, Math.max(0, text.length + 1)))
      check(words, text, 0)
    }
  })

  it('finds exactly the built-in formats\' keywords in generated Agora lines with keywords spliced in', () => {
    const words = [...new Set([...defs.values()].flatMap((d) => d.extractors.map((x) => x.keyword).filter((k): k is string => k !== undefined)))]
    expect(words.length).toBeGreaterThan(20)
    const rng = new Rng(7)
    const lines = [...agoraLikeChunks(400_000, 3)].flatMap((c) => c.split('\n')).concat(agoraCallScript().lines)
    for (const line of lines) {
      const cut = rng.chance(0.2) ? rng.int(0, line.length) : -1
      const k = rng.pick(words)
      const text = cut < 0 ? line : line.slice(0, cut) + (rng.chance(0.5) ? k : k.slice(0, -1)) + line.slice(cut)
      check(words, text, rng.int(0, 40))
    }
  })

  it('finds a keyword that starts exactly where the scan starts, and none that starts before', () => {
    const set = new KeywordSet(['] peer ', 'connection state changed from '])
    expect(set.test('[PM] peer 7 offline')).toBe(true)
    expect(set.test('[PM]peer 7 offline')).toBe(false)
    expect(set.test('x connection state changed from 1', 2)).toBe(true)
    expect(set.test('x connection state changed from 1', 3)).toBe(false)
  })
})

describe('a parser that does not keep its lines', () => {
  const cases: [string, string[]][] = [
    ['agora-4x', splitLines(agoraLog(300_000, 5))],
    ['agora-4x', agoraCallScript().lines],
    ['test-epoch', splitLines(epochLog(5000, 9, { rawUntil: 0.5 }))],
    ['jitsi', splitLines(jitsiLog(2000, 4))],
    ['test-keyed', ['preamble', '1709631000000 I uid=1 conn=a fps=30 cpu=5', 'stray']],
  ]
  it.each(cases)('%s: gives the same entry (events, series, meta, diagnostics, line count) and emits nothing', (id, lines) => {
    const kept = parseLines(id, lines)
    const discarded = parseLines(id, lines, { discardLogs: true })
    expect(kept.logs.length).toBe(lines.length)
    expect(discarded.batches).toBe(0)
    expect(discarded.entry).toEqual(kept.entry)
    expect(discarded.entry.logLineCount).toBe(lines.length)
  })
})

describe('extractors without a keyword and on the whole line', () => {
  it('run next to the keyword ones, each where its keyword (if any) is', () => {
    const t0 = 1709631000000
    const lines = [`${t0} I note a cpu=1`, `${t0 + 1} W note b`, `${t0 + 2} I plain`, `${t0 + 3} W cpu=2 W`, `${t0 + 4} I uid=3 conn=x fps=9 note c`]
    for (const discardLogs of [false, true]) {
      const { entry } = parseLines('test-keyed', lines, { discardLogs })
      expect(entry.events.map((e) => `${e.type} ${e.message} @${e.line}`)).toEqual([
        'test.note note a @1', 'test.note note b @2', 'test.warn at 1709631000001 @2', 'test.warn at 1709631000003 @4', 'test.note note c @5',
      ])
      expect(entry.series.map((s) => `${s.metric} ${[...s.v].join(',')}`)).toEqual(['stat.cpu 1,2', 'fps 9'])
    }
  })
})

describe('series buffers', () => {
  it('follow the stream and connection keys as they change from line to line', () => {
    const t0 = 1709631000000
    const rows: [number, string, number][] = [[1, 'a', 10], [2, 'a', 20], [1, 'a', 11], [1, 'b', 12], [2, 'a', 21], [2, 'a', 22], [1, 'a', 13]]
    const lines = rows.map(([uid, conn, fps], i) => `${t0 + i} I uid=${uid} conn=${conn} fps=${fps} cpu=${i}`)
    const { entry } = parseLines('test-keyed', lines)
    const got = entry.series.map((s) => ({ metric: s.metric, stream: s.streamKey, conn: s.connectionKey, t: [...s.t].map((t) => t - t0), v: [...s.v] }))
    expect(got).toEqual([
      { metric: 'fps', stream: 'remote:1/video', conn: 'a', t: [0, 2, 6], v: [10, 11, 13] },
      { metric: 'stat.cpu', stream: 'local/video', conn: undefined, t: [0, 1, 2, 3, 4, 5, 6], v: [0, 1, 2, 3, 4, 5, 6] },
      { metric: 'fps', stream: 'remote:2/video', conn: 'a', t: [1, 4, 5], v: [20, 21, 22] },
      { metric: 'fps', stream: 'remote:1/video', conn: 'b', t: [3], v: [12] },
    ])
    expect(entry.streams.map((s) => s.key)).toEqual(['remote:1/video', 'remote:2/video'])
    expect(entry.connections.map((c) => c.key)).toEqual(['a', 'b'])
  })
})
