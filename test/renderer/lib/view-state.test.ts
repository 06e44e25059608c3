import { describe, expect, it } from 'vitest'
import { clampRange, panRange, zoomRange } from '../../../src-renderer/lib/time-range'
import { hasView, saveView, savedView, viewFromQuery, viewToQuery } from '../../../src-renderer/lib/view-state'

describe('view in the address', () => {
  it('round-trips range, streams, metrics and split mode', () => {
    const view = { range: { start: 1000.4, end: 2000.6 }, streams: [2, 4], metrics: ['bitrate', 'stat.inbound-rtp.jitter'], isSplit: true }
    const q = viewToQuery(view)
    expect(q).toEqual({ from: '1000', to: '2001', s: '2,4', m: 'bitrate,stat.inbound-rtp.jitter', split: '1' })
    expect(viewFromQuery(q)).toEqual({ range: { start: 1000, end: 2001 }, streams: [2, 4], metrics: ['bitrate', 'stat.inbound-rtp.jitter'], isSplit: true })
    expect(viewToQuery({ range: null, streams: null, metrics: null, isSplit: false })).toEqual({})
    expect(hasView({ other: 'x' })).toBe(false)
  })

  it('ignores what is malformed', () => {
    expect(viewFromQuery({ from: 'x', to: '5', s: '1,a,-2,3', m: 'ok,<script>' })).toEqual({ range: null, streams: [1, 3], metrics: ['ok'], isSplit: false })
    expect(viewFromQuery({ from: '10', to: '5' }).range).toBeNull()
  })

  it('remembers a case’s view', () => {
    saveView('c1', { from: '1', to: '2' })
    expect(savedView('c1')).toEqual({ from: '1', to: '2' })
    expect(savedView('c2')).toBeNull()
  })
})

describe('zoom and pan', () => {
  const full = { start: 0, end: 1000 }
  it('zooms around a point, pans by a fraction, and stays inside the case', () => {
    expect(zoomRange(full, full, 0.5, 100)).toEqual({ start: 50, end: 550 })
    expect(zoomRange({ start: 0, end: 500 }, full, 4)).toBeNull()
    expect(panRange({ start: 100, end: 300 }, full, -1)).toEqual({ start: 0, end: 200 })
    expect(panRange({ start: 700, end: 900 }, full, 1)).toEqual({ start: 800, end: 1000 })
    expect(clampRange({ start: 10, end: 12 }, full)).toEqual({ start: 10, end: 60 })
  })
})
