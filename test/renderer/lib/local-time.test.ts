/** The case-work time rule: local time with the offset, parsed back exactly, DST-safe (fixed zones and the real one). */
import { afterEach, describe, expect, it } from 'vitest'
import { type OffsetOf, formatLocal, formatLocalClockRange, formatLocalRange, formatLocalTimeOfDay, formatOffset, localOffset, parseLocal } from '../../../src-renderer/lib/local-time'

const H = 3_600_000
// Central Europe 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
const SPRING = Date.UTC(2026, 2, 29, 1)
const AUTUMN = Date.UTC(2026, 9, 25, 1)
const berlin: OffsetOf = (ms) => (ms >= SPRING && ms < AUTUMN ? 120 : 60)
const shanghai: OffsetOf = () => 480
const stJohns: OffsetOf = () => -210

describe('formatLocal', () => {
  it('writes local time to the millisecond with the offset of that instant', () => {
    const t = Date.UTC(2026, 10, 26, 6, 3, 5, 120)
    expect(formatLocal(t, true, shanghai)).toBe('2026-11-26 14:03:05.120 +08:00')
    expect(formatLocal(t, false, shanghai)).toBe('2026-11-26 14:03:05 +08:00')
    expect(formatLocal(t, true, stJohns)).toBe('2026-11-26 02:33:05.120 -03:30')
    expect(formatLocal(SPRING - 1, true, berlin)).toBe('2026-03-29 01:59:59.999 +01:00')
    expect(formatLocal(SPRING, true, berlin)).toBe('2026-03-29 03:00:00.000 +02:00')
  })

  it('shows the repeated autumn hour twice, told apart by the offset', () => {
    expect(formatLocal(AUTUMN - H / 2, true, berlin)).toBe('2026-10-25 02:30:00.000 +02:00')
    expect(formatLocal(AUTUMN + H / 2, true, berlin)).toBe('2026-10-25 02:30:00.000 +01:00')
  })

  it('has a dash for no time and rounds fractions of a millisecond', () => {
    expect(formatLocal(null)).toBe('—')
    expect(formatLocal(Number.NaN)).toBe('—')
    expect(formatLocal(Date.UTC(2026, 0, 1) + 0.6, true, () => 0)).toBe('2026-01-01 00:00:00.001 +00:00')
  })

  it('formats offsets and compact times of day and ranges', () => {
    expect(formatOffset(0)).toBe('+00:00')
    expect(formatOffset(345)).toBe('+05:45')
    expect(formatLocalTimeOfDay(Date.UTC(2026, 10, 26, 6, 3, 5, 120), shanghai)).toBe('14:03:05.120')
    const t = Date.UTC(2026, 10, 26, 6, 3, 5, 120)
    expect(formatLocalRange(t, t + 35_000, shanghai)).toBe('2026-11-26 14:03:05.120 – 14:03:40.120 +08:00')
    expect(formatLocalRange(t, t + 12 * H, shanghai)).toBe('2026-11-26 14:03:05.120 +08:00 – 2026-11-27 02:03:05.120 +08:00')
    expect(formatLocalRange(AUTUMN - H / 2, AUTUMN + H / 2, berlin)).toBe('2026-10-25 02:30:00.000 +02:00 – 2026-10-25 02:30:00.000 +01:00')
    expect(formatLocalClockRange(t, t + 35_000, shanghai)).toBe('14:03:05.120 – 14:03:40.120 +08:00')
    expect(formatLocalClockRange(AUTUMN - H / 2, AUTUMN + H / 2, berlin)).toBe('02:30:00.000 +02:00 – 02:30:00.000 +01:00')
  })
})

describe('parseLocal', () => {
  it('round-trips every format through parse, across both DST changes and in zones with odd offsets', () => {
    const zones = [berlin, shanghai, stJohns]
    for (const zone of zones) {
      for (const base of [SPRING, AUTUMN, Date.UTC(2026, 10, 26, 6)]) {
        for (let d = -3 * H; d <= 3 * H; d += 7 * 60_000 + 13) {
          const t = base + d
          expect(parseLocal(formatLocal(t, true, zone), zone)).toBe(t)
        }
      }
    }
  })

  it('reads a wall time without offset in the zone: the first of a repeated hour, a skipped hour with the offset before', () => {
    expect(parseLocal('2026-11-26 14:03:05.120', shanghai)).toBe(Date.UTC(2026, 10, 26, 6, 3, 5, 120))
    expect(parseLocal('2026-07-01T12:00', berlin)).toBe(Date.UTC(2026, 6, 1, 10))
    expect(parseLocal('2026-01-01 12:00:00', berlin)).toBe(Date.UTC(2026, 0, 1, 11))
    expect(parseLocal('2026-10-25 02:30:00', berlin)).toBe(AUTUMN - H / 2)
    expect(parseLocal('2026-03-29 02:30:00', berlin)).toBe(SPRING + H / 2)
  })

  it('takes an explicit offset or Z over the zone, with or without the colon', () => {
    expect(parseLocal('2026-11-26 14:03:05.120 +08:00', berlin)).toBe(Date.UTC(2026, 10, 26, 6, 3, 5, 120))
    expect(parseLocal('2026-11-26 14:03:05.1+0800', berlin)).toBe(Date.UTC(2026, 10, 26, 6, 3, 5, 100))
    expect(parseLocal('2026-11-26T06:03:05Z', berlin)).toBe(Date.UTC(2026, 10, 26, 6, 3, 5))
    expect(parseLocal('2026-11-26 02:33:05 -03:30', berlin)).toBe(Date.UTC(2026, 10, 26, 6, 3, 5))
  })

  it.each(['', 'yesterday', '2026-02-30 10:00:00', '2026-13-01 10:00', '2026-11-26 24:00', '2026-11-26 10:60', '2026-11-26 10:00:61', '2026-11-26 10:00 +25:00', '2026-11-26'])(
    'refuses %j', (text) => {
      expect(parseLocal(text, shanghai)).toBeNull()
    })
})

describe('the machine zone', () => {
  const saved = process.env.TZ
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  })

  it('follows the real zone rules (Europe/Berlin) and round-trips through them', () => {
    process.env.TZ = 'Europe/Berlin'
    expect(localOffset(SPRING - 1)).toBe(60)
    expect(localOffset(SPRING)).toBe(120)
    expect(formatLocal(AUTUMN + H / 2)).toBe('2026-10-25 02:30:00.000 +01:00')
    for (let t = AUTUMN - 2 * H; t <= AUTUMN + 2 * H; t += 599_999) expect(parseLocal(formatLocal(t))).toBe(t)
    expect(parseLocal('2026-10-25 02:30:00')).toBe(new Date(2026, 9, 25, 2, 30).getTime())
    expect(parseLocal('2026-03-29 02:30:00')).toBe(new Date(2026, 2, 29, 2, 30).getTime())
  })
})
