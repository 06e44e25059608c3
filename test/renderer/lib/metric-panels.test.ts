import { describe, expect, it } from 'vitest'
import { availableMetrics, defaultMetrics, panelOf, panelSeriesIds, planPanels } from '../../../src-renderer/lib/metric-panels'
import { counterparts, defaultSelection, groupStreams, orderSelection } from '../../../src-renderer/lib/stream-groups'
import { streamLabel } from '../../../src-renderer/lib/stream-label'
import { pairedLayout, timelineLayout } from '../support/fixtures'

const layout = pairedLayout()
const byId = (ids: number[]) => orderSelection(layout.streams, ids)

describe('stream groups', () => {
  it('groups by participant, sends first; finds the other side of a stream by SSRC', () => {
    expect(groupStreams(layout.streams).map((g) => [g.participant, g.streams.map((s) => s.id)])).toEqual([['alice', [1, 2, 3]], ['bob', [5, 4]]])
    expect(counterparts(layout.streams, layout.streams[1]!).map((s) => s.id)).toEqual([4])
  })

  it('defaults to a sent video stream with its receiver (uplink vs downlink), else the first with bitrate', () => {
    expect(defaultSelection(layout)).toEqual([2, 4])
    expect(defaultSelection(timelineLayout())).toEqual([2])
    expect(defaultSelection({ ...layout, streams: [], series: [] })).toEqual([])
  })

  it('orders a selection so each sender is followed by its receivers', () => {
    expect(byId([4, 3, 5, 2]).map((s) => s.id)).toEqual([2, 4, 3, 5])
  })
})

describe('metric panels', () => {
  it('lists the metrics the chosen streams have (connection-level too), RTP panels first; defaults from the catalog', () => {
    const av = availableMetrics(layout, byId([2, 4]))
    expect(av).toEqual(['bitrate', 'target_bitrate', 'available_outgoing_bitrate', 'loss_pct', 'rtt_ms', 'fps', 'quality_limitation', 'stat.outbound-rtp.nackCount'])
    expect(defaultMetrics(av)).toEqual(['bitrate', 'available_outgoing_bitrate', 'loss_pct', 'rtt_ms', 'fps', 'quality_limitation'])
    expect(panelOf('available_outgoing_bitrate').kind).toBe('bitrate')
    expect(panelOf('stat.inbound-rtp.foo').kind).toBe('other')
  })

  it('plans one panel per family holding every chosen stream, secondary metrics dashed, the state band as a state panel', () => {
    const plans = planPanels(layout, byId([2, 4]), ['bitrate', 'target_bitrate', 'loss_pct', 'rtt_ms', 'quality_limitation'], false)
    expect(plans.map((p) => [p.key, p.shape, p.lines.map((l) => `${l.seriesId}${l.isSecondary ? '*' : ''}${l.isConnectionLevel ? 'c' : ''}`)])).toEqual([
      ['bitrate', 'line', ['20', '22*', '40']],
      ['loss', 'line', ['21', '41']],
      ['rtt', 'line', ['30c']],
      ['quality-limitation', 'state', ['23']],
    ])
    expect(panelSeriesIds(plans)).toEqual([20, 22, 40, 21, 41, 30, 23])
  })

  it('split: one panel per family and stream, the sender’s next to its receiver’s', () => {
    const plans = planPanels(layout, byId([4, 2]), ['loss_pct', 'bitrate'], true)
    expect(plans.map((p) => p.key)).toEqual(['bitrate:2', 'bitrate:4', 'loss:2', 'loss:4'])
    expect(plans[0]!.stream?.id).toBe(2)
  })

  it('draws nothing without a layout or a stream', () => {
    expect(planPanels(null, [], ['bitrate'], false)).toEqual([])
    expect(planPanels(layout, [], ['bitrate'], false)).toEqual([])
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
