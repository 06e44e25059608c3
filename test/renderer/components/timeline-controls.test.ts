import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ClockOffsets from '@renderer/components/timeline/ClockOffsets.vue'
import MetricPicker from '@renderer/components/timeline/MetricPicker.vue'
import RangeSlider from '@renderer/components/timeline/RangeSlider.vue'
import StreamPicker from '@renderer/components/timeline/StreamPicker.vue'
import { clusterEvents, clustersNear, laneRow } from '@renderer/lib/event-lane'
import { T0, pairedLayout } from '../support/fixtures'
import { mountGlobal } from '../support/mount-env'

async function open(w: ReturnType<typeof mount>, testid: string): Promise<void> {
  const d = w.find(`[data-testid="${testid}"]`)
  ;(d.element as HTMLDetailsElement).open = true
  await d.trigger('toggle')
}

describe('StreamPicker', () => {
  it('lists streams by participant and adds the other side of a stream', async () => {
    const w = mount(StreamPicker, { props: { streams: pairedLayout().streams, modelValue: [2] }, global: mountGlobal() })
    await open(w, 'stream-picker')
    expect(w.findAll('[data-testid="stream-option"]').map((o) => o.attributes('data-stream'))).toEqual(['1', '2', '3', '5', '4'])
    await w.find('[data-stream="2"] [data-testid="stream-pair"]').trigger('click')
    expect(w.emitted('update:modelValue')![0]).toEqual([[2, 4]])
    await w.find('[data-stream="1"] input').trigger('change')
    expect(w.emitted('update:modelValue')![1]).toEqual([[2, 1]])
  })
})

describe('MetricPicker', () => {
  it('groups metrics by panel, keeps raw values apart, and resets to defaults', async () => {
    const available = ['bitrate', 'available_outgoing_bitrate', 'loss_pct', 'stat.inbound-rtp.jitter']
    const w = mount(MetricPicker, { props: { available, modelValue: ['bitrate'] }, global: mountGlobal() })
    await open(w, 'metric-picker')
    expect(w.findAll('.group-head').map((g) => g.text())).toEqual(['Bitrate and available bandwidth (kbps)', 'Packet loss (%)'])
    await w.find('[data-metric="loss_pct"] input').trigger('change')
    expect(w.emitted('update:modelValue')![0]).toEqual([['bitrate', 'loss_pct']])
    await w.find('[data-testid="metric-defaults"]').trigger('click')
    expect(w.emitted('update:modelValue')![1]).toEqual([null])
    expect(w.find('.raw summary').text()).toContain('(1)')
  })
})

describe('RangeSlider', () => {
  it('places the window at the visible range and moves it by keys', async () => {
    const w = mount(RangeSlider, { props: { full: { start: 0, end: 1000 }, value: { start: 250, end: 500 } }, global: mountGlobal() })
    const win = w.find('[data-testid="range-window"]')
    expect(win.attributes('style')).toContain('left: 25%')
    expect(win.attributes('style')).toContain('width: 25%')
    await win.trigger('keydown', { key: 'ArrowRight' })
    await win.trigger('keydown', { key: '+' })
    await win.trigger('keydown', { key: 'Home' })
    expect(w.emitted('change')).toEqual([[{ start: 275, end: 525 }, true], [{ start: 312.5, end: 437.5 }, true], [null, true]])
  })
})

describe('ClockOffsets', () => {
  const items = [
    { entryId: 1, path: 'alice.txt', currentOffsetMs: 0, suggestedOffsetMs: 0, isReference: true, basis: 'reference clock' },
    { entryId: 2, path: 'bob.txt', currentOffsetMs: 0, suggestedOffsetMs: -640, isReference: false, basis: 'RTP counters' },
  ]
  it('sets an offset typed in, by arrow keys on the grip, or from the suggestion', async () => {
    const w = mount(ClockOffsets, { props: { items, msPerPx: 100, busyEntry: null }, global: mountGlobal() })
    const bob = w.find('[data-entry="2"]')
    await bob.find('[data-testid="clock-input"]').setValue('250')
    await bob.find('[data-testid="clock-grip"]').trigger('keydown', { key: 'ArrowLeft', shiftKey: true })
    await bob.find('[data-testid="clock-apply"]').trigger('click')
    expect(w.emitted('set')).toEqual([[2, 250], [2, -1000], [2, -640]])
    expect(w.find('[data-entry="1"] [data-testid="clock-apply"]').attributes('disabled')).toBeDefined()
  })
})

describe('events lane layout', () => {
  const ev = (id: number, t: number, type: string, severity: 'info' | 'warning' | 'error' = 'info') => ({ id, entryId: 1, t, type, severity, message: type, streamId: null, connectionKey: null, line: null })
  it('puts events in rows by kind and clusters close ones under their worst severity', () => {
    expect([laneRow('ice.state'), laneRow('gum.error'), laneRow('sdk.error'), laneRow('whatever')]).toEqual([0, 1, 2, 2])
    const clusters = clusterEvents([ev(1, T0, 'ice.state'), ev(2, T0 + 1, 'pc.state', 'error'), ev(3, T0 + 100, 'ice.state'), ev(4, T0, 'gum.success')], (t) => t - T0)
    expect(clusters.map((c) => [c.row, c.events.length, c.severity])).toEqual([[0, 2, 'error'], [1, 1, 'info'], [0, 1, 'info']])
    expect(clustersNear(clusters, 98).map((c) => c.events[0]!.id)).toEqual([3])
  })
})
