import { describe, expect, it } from 'vitest'
import { parseWebrtcInternals } from '../../../src-main/core/parsers/webrtc-internals/parse'
import {
  type StatsObjectHistory, hasNumber, lastValue, numbersColumn, numericColumn, valueAt,
} from '../../../src-main/core/stats/stats-table'

describe('numeric columns as Float64Array', () => {
  it('copies an all-number list, right-aligned with the samples (NaN before a late property)', () => {
    expect(Array.from(numbersColumn([1, 2.5, 3], 3)!)).toEqual([1, 2.5, 3])
    expect(Array.from(numbersColumn([7, 8], 4)!)).toEqual([NaN, NaN, 7, 8])
    // More values than samples: the oldest are dropped.
    expect(Array.from(numbersColumn([1, 2, 3, 4], 2)!)).toEqual([3, 4])
  })

  it('gives null as soon as a value is not a number, and makes non-finite numbers absent', () => {
    expect(numbersColumn([1, 'vp8', 3], 3)).toBeNull()
    expect(numbersColumn([1, null], 2)).toBeNull()
    expect(numbersColumn([true], 1)).toBeNull()
    expect(Array.from(numbersColumn([1, Infinity, -Infinity], 3)!)).toEqual([1, NaN, NaN])
  })

  it('reads NaN as an absent value, like null in an array column', () => {
    const obj: StatsObjectHistory = {
      id: 'IT01', type: 'inbound-rtp', t: [1, 2, 3],
      props: new Map<string, Float64Array | (number | string | null)[]>([
        ['typed', Float64Array.from([5, 6, NaN])],
        ['array', [5, 6, null]],
        ['empty', Float64Array.from([NaN, NaN, NaN])],
      ]),
    }
    expect(valueAt(obj.props.get('typed')!, 2)).toBeNull()
    expect(valueAt(obj.props.get('typed')!, 1)).toBe(6)
    expect(lastValue(obj, 'typed')).toBe(6)
    expect(lastValue(obj, 'array')).toBe(6)
    expect(lastValue(obj, 'empty')).toBeUndefined()
    expect(hasNumber(obj.props.get('typed')!)).toBe(true)
    expect(hasNumber(obj.props.get('empty')!)).toBe(false)
    expect(hasNumber(['a', null])).toBe(false)
  })

  it('hands out a copy of a typed column, so two series never share (or transfer) one buffer', () => {
    const column = Float64Array.from([1, 2])
    const obj: StatsObjectHistory = { id: 'x', type: 'codec', t: [1, 2], props: new Map([['v', column]]) }
    const a = numericColumn(obj, 'v')!
    const b = numericColumn(obj, 'v')!
    expect(Array.from(a)).toEqual([1, 2])
    expect(a).not.toBe(column)
    expect(a.buffer).not.toBe(b.buffer)
  })
})

describe('a dump whose columns are numbers, strings and late properties', () => {
  // Standard-stats flavour: per-object timestamps; `framesDecoded` appears at the second sample.
  const dump = {
    PeerConnections: {
      '1-1': {
        url: 'https://meet.example/', rtcConfiguration: '', constraints: '', updateLog: [],
        stats: {
          'IT01V1-timestamp': { startTime: '', endTime: '', statsType: 'inbound-rtp', values: '[1700000000000,1700000001000,1700000002000]' },
          'IT01V1-kind': { statsType: 'inbound-rtp', values: '["video","video","video"]' },
          'IT01V1-ssrc': { statsType: 'inbound-rtp', values: '[1,1,1]' },
          'IT01V1-bytesReceived': { statsType: 'inbound-rtp', values: '[0,125000,250000]' },
          'IT01V1-framesDecoded': { statsType: 'inbound-rtp', values: '[30,60]' },
          'IT01V1-decoderImplementation': { statsType: 'inbound-rtp', values: '["libvpx","libvpx","ExternalDecoder"]' },
        },
      },
    },
  }

  it('keeps absent samples absent, rates right and string changes as events', () => {
    const entry = parseWebrtcInternals(JSON.stringify(dump), { assumedUtcOffsetMin: 0 })
    const series = (metric: string) => entry.series.find((s) => s.metric === metric)
    expect(Array.from(series('stat.inbound-rtp.framesDecoded')!.v)).toEqual([NaN, 30, 60])
    expect(Array.from(series('stat.inbound-rtp.bytesReceived')!.v)).toEqual([0, 125000, 250000])
    expect(Array.from(series('bitrate')!.v)).toEqual([NaN, 1000, 1000])
    // The rate needs two samples that have the counter: the first one lacks it.
    expect(Array.from(series('fps')!.v)).toEqual([NaN, NaN, 30])
    expect(entry.events.filter((e) => e.type === 'codec.change').map((e) => e.message)).toEqual(['decoderImplementation libvpx → ExternalDecoder'])
  })
})
