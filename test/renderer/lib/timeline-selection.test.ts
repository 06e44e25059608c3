/** Drag selection on the timeline: pixels to a time range, the chart's stream, the range under a click. */
import { describe, expect, it } from 'vitest'
import type { StreamDto } from '../../../src-main/contract/dto'
import type { PanelLine } from '../../../src-renderer/lib/metric-panels'
import { panelStreamId, rangeAt, selectionRange } from '../../../src-renderer/lib/timeline-selection'

const view = { start: 1_000_000, end: 1_100_000 }
// 1000 px over the view: 100 ms per pixel, with a fractional origin like uPlot's posToVal.
const toMs = (px: number) => view.start + px * 100 + 0.4

describe('selectionRange', () => {
  it('turns a drag into whole milliseconds in time order', () => {
    expect(selectionRange(100, 250, toMs, view)).toEqual({ start: 1_010_000, end: 1_035_000 })
    // A drag to the left reports a negative width in some paths: same range.
    expect(selectionRange(350, -250, toMs, view)).toEqual({ start: 1_010_000, end: 1_035_000 })
  })

  it('keeps the range inside the visible range', () => {
    expect(selectionRange(-50, 200, toMs, view)).toEqual({ start: 1_000_000, end: 1_015_000 })
    expect(selectionRange(900, 400, toMs, view)).toEqual({ start: 1_090_000, end: 1_100_000 })
  })

  it('is no selection below 3 pixels or off the scale', () => {
    expect(selectionRange(100, 2, toMs, view)).toBeNull()
    expect(selectionRange(100, 0, toMs, view)).toBeNull()
    expect(selectionRange(100, 50, () => Number.NaN, view)).toBeNull()
    expect(selectionRange(2000, 50, toMs, view)).toBeNull()
  })
})

const stream = (id: number) => ({ id }) as StreamDto
const line = (streamId: number, isConnectionLevel = false) => ({ seriesId: streamId * 10, metric: 'm', stream: stream(streamId), isConnectionLevel, isSecondary: false }) as PanelLine

describe('panelStreamId', () => {
  it("is a split panel's stream, or the only stream of all its lines", () => {
    expect(panelStreamId({ stream: stream(4), lines: [line(4), line(5)] })).toBe(4)
    expect(panelStreamId({ stream: null, lines: [line(7), line(7)] })).toBe(7)
  })

  it('is the whole call for several streams or a connection-level line', () => {
    expect(panelStreamId({ stream: null, lines: [line(7), line(8)] })).toBeNull()
    expect(panelStreamId({ stream: null, lines: [line(7, true)] })).toBeNull()
    expect(panelStreamId({ stream: null, lines: [] })).toBeNull()
  })
})

describe('rangeAt', () => {
  const ranges = [{ id: 'wide', start: 0, end: 100 }, { id: 'narrow', start: 40, end: 60 }, { id: 'late', start: 200, end: 300 }]
  it('picks the shortest range under the time, ends included', () => {
    expect(rangeAt(ranges, 50)?.id).toBe('narrow')
    expect(rangeAt(ranges, 10)?.id).toBe('wide')
    expect(rangeAt(ranges, 300)?.id).toBe('late')
    expect(rangeAt(ranges, 150)).toBeNull()
  })
})
