/**
 * Packed log batches over random messages: the messages are written in one call and read back as
 * slices of one decoded text, so an ASCII batch must be told apart from one whose non-ASCII text
 * happens to fill the byte count exactly (`é` is two UTF-8 bytes: "éa" cut at 2 bytes is "é").
 */
import { describe, expect, it } from 'vitest'
import type { LogLevel, LogLine } from '../../../src-main/core/model/call'
import { packLogs, unpackLogs } from '../../../src-main/jobs/log-batch'
import { Rng } from '../../fixtures/generate/prng'

const isAscii = (s: string) => [...s].every((c) => c.charCodeAt(0) < 0x80)

describe('packed log batches, random messages', () => {
  it('round-trip every line, and go as ASCII bytes exactly when every message is ASCII', () => {
    const rng = new Rng(3)
    const alphabets = [['a', ' ', '\t', '\u0001', '\u007f'], ['a', 'é', '\u0080', '\u00ff'], ['a', '加', '😀', '\ud800', '\udc00']]
    const levels: (LogLevel | undefined)[] = ['info', 'debug', undefined, 'error']
    for (let round = 0; round < 400; round++) {
      const alphabet = rng.chance(0.5) ? alphabets[0]! : rng.pick(alphabets)
      const lines: LogLine[] = Array.from({ length: rng.int(0, 40) }, (_, i) => ({
        line: i + 1,
        t: rng.chance(0.1) ? null : rng.int(0, 1e12),
        level: rng.pick(levels),
        module: rng.chance(0.3) ? `m${rng.int(0, 3)}` : undefined,
        message: Array.from({ length: rng.chance(0.1) ? 0 : rng.int(0, 30) }, () => rng.pick(alphabet)).join(''),
      }))
      const packed = packLogs(lines)
      expect(packed.ascii !== null).toBe(lines.every((l) => isAscii(l.message)))
      expect(unpackLogs(structuredClone(packed))).toEqual(lines)
    }
  })

  it('round-trip large batches whose text spans many pieces (messages across piece ends, one longer than a piece)', () => {
    const rng = new Rng(5)
    for (const odd of [null, 'é', '加', '\ud83d']) {
      const lines: LogLine[] = Array.from({ length: 3000 }, (_, i) => ({
        line: i + 1, t: i, level: 'info', module: undefined,
        message: i === 1500 ? 'L'.repeat(100_000) : Array.from({ length: rng.int(0, 200) }, () => rng.pick(['a', 'b', ' ', '['])).join(''),
      }))
      if (odd !== null) lines[2500]!.message += odd
      const packed = packLogs(lines)
      expect(packed.ascii !== null).toBe(odd === null)
      expect(unpackLogs(structuredClone(packed))).toEqual(lines)
    }
  })

  it('a Latin-1 text that fills the byte count exactly is not taken for ASCII', () => {
    const lines: LogLine[] = [{ line: 1, t: 0, level: 'info', module: undefined, message: 'é' }, { line: 2, t: 0, level: 'info', module: undefined, message: 'a' }]
    const packed = packLogs(lines)
    expect(packed.ascii).toBeNull()
    expect(unpackLogs(packed)).toEqual(lines)
  })
})
