import { describe, expect, it } from 'vitest'
import { formatBytes, formatTimeOfDay } from '../../../src-renderer/lib/format'

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KB'],
    [10 * 1024, '10 KB'],
    [5 * 1024 * 1024, '5.0 MB'],
    [3.25 * 1024 ** 3, '3.3 GB'],
    [-1, '—'],
  ])('%d -> %s', (n, text) => {
    expect(formatBytes(n)).toBe(text)
  })
})

describe('formatTimeOfDay', () => {
  it('shows local time with milliseconds', () => {
    const ms = new Date(2024, 0, 2, 13, 4, 5, 67).getTime()
    expect(formatTimeOfDay(ms, 'en-GB')).toBe('13:04:05.067')
  })
})
