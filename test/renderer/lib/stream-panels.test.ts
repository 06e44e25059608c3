import { describe, expect, it } from 'vitest'
import { defaultStreamId, planPanels } from '../../../src-renderer/lib/stream-panels'
import { streamLabel } from '../../../src-renderer/lib/stream-label'
import { alignedData, hasNonNull } from '../../../src-renderer/lib/chart-data'
import { timelineLayout } from '../support/fixtures'

describe('stream panels', () => {
  it('defaults to the first stream with bitrate; to the first stream without any; null without streams', () => {
    const layout = timelineLayout()
    expect(defaultStreamId(layout)).toBe(2)
    expect(defaultStreamId({ ...layout, series: [] })).toBe(1)
    expect(defaultStreamId({ ...layout, streams: [], series: [] })).toBeNull()
  })

  it('keeps bitrate and loss panels even without data, so the stream shows “no data”', () => {
    const plans = planPanels(timelineLayout(), 1)
    expect(plans.map((p) => [p.key, p.series.length])).toEqual([['bitrate', 0], ['loss', 0], ['delay', 1]])
    expect(planPanels(timelineLayout(), 99)).toEqual([])
  })
})

describe('streamLabel', () => {
  const t = (k: string) => k.split('.').at(-1)!
  it('reads "participant · kind direction · codec · ssrc/label"', () => {
    const [audio, , recv] = timelineLayout().streams
    expect(streamLabel(audio!, t)).toBe('alice · audio send · opus · 1001')
    expect(streamLabel(recv!, t)).toBe('alice · video recv · VP8 · remote video')
  })
})

describe('chart data', () => {
  it('converts ms to seconds and keeps null gaps', () => {
    const data = alignedData([{ t: [1000, 2000, 3000], v: [1, null, 3] }])
    expect(data).toEqual([[1, 2, 3], [1, null, 3]])
    expect(hasNonNull(data)).toBe(true)
    expect(hasNonNull(alignedData([{ t: [1000], v: [null] }]))).toBe(false)
    expect(hasNonNull(alignedData([undefined]))).toBe(false)
  })

  it('joins several series on the union of their timestamps', () => {
    const data = alignedData([{ t: [1000, 3000], v: [1, 3] }, { t: [2000, 3000], v: [null, 30] }])
    expect(data[0]).toEqual([1, 2, 3])
    expect(data[1]).toEqual([1, undefined, 3])
    expect(data[2]).toEqual([undefined, null, 30])
  })
})
