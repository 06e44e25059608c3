/**
 * The charts' drag selection, with the uPlot charts and the events lane stubbed: a chart's `select`
 * becomes a shaded band on every chart and a bar over that chart; "Annotate this range" carries the
 * chart's stream (split panels), "Zoom to range" zooms, Escape and a click drop it; a lane `range` passes on.
 */
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import TimelineCharts from '@renderer/components/timeline/TimelineCharts.vue'
import { planPanels } from '@renderer/lib/metric-panels'
import { T0, pairedLayout } from '../support/fixtures'
import { mountGlobal } from '../support/mount-env'

const UplotStub = defineComponent({
  name: 'UplotChart',
  props: { bands: { type: Array, default: () => [] } },
  emits: ['zoom', 'select', 'pick', 'navigate', 'drawn', 'width'],
  setup: (props) => () => h('div', { class: 'uplot-stub', 'data-bands': JSON.stringify(props.bands) }),
})
const LaneStub = defineComponent({ name: 'EventLane', emits: ['pick', 'range'], setup: () => () => h('div') })

function charts(isSplit: boolean) {
  const layout = pairedLayout()
  const streams = layout.streams.filter((s) => s.participant === 'alice')
  const panels = planPanels(layout, streams, ['bitrate', 'packetsLost'], isSplit)
  const ranges = [{ id: 'a1', start: T0, end: T0 + 1000, label: 'x', kind: 'annotation' }]
  return mount(TimelineCharts, {
    props: { panels, streams, pointsFor: () => undefined, range: { start: T0, end: T0 + 60_000 }, theme: 'light', events: [], ranges, marks: [] },
    global: { ...mountGlobal(), stubs: { UplotChart: UplotStub, EventLane: LaneStub } },
  })
}

const bandsOf = (w: ReturnType<typeof charts>, i: number) => JSON.parse(w.findAll('.uplot-stub')[i]!.attributes('data-bands')!) as { kind: string; start: number }[]

describe('TimelineCharts drag selection', () => {
  it('shades the selection on every chart, shows the bar over the chart it was made on, and annotates with its stream', async () => {
    const w = charts(true)
    const plans = w.props('panels')
    expect(plans.length).toBeGreaterThan(1)
    const second = w.findAllComponents(UplotStub)[1]!
    second.vm.$emit('select', { start: T0 + 10_000, end: T0 + 20_000 })
    await w.vm.$nextTick()
    for (let i = 0; i < plans.length; i++) expect(bandsOf(w, i).map((b) => b.kind)).toEqual(['annotation', 'selection'])
    const panels = w.findAll('[data-testid="chart-panel"]')
    expect(panels[1]!.find('[data-testid="selection-bar"]').exists()).toBe(true)
    expect(panels[0]!.find('[data-testid="selection-bar"]').exists()).toBe(false)
    await w.get('[data-testid="selection-annotate"]').trigger('click')
    expect(w.emitted('annotate')).toEqual([[{ start: T0 + 10_000, end: T0 + 20_000, panelKey: plans[1]!.key, streamId: plans[1]!.stream!.id }]])
    expect(w.find('[data-testid="selection-bar"]').exists()).toBe(false)
    expect(bandsOf(w, 0).map((b) => b.kind)).toEqual(['annotation'])
  })

  it('zooms to the selection, and drops it on Escape or a click', async () => {
    const w = charts(false)
    const chart = w.findAllComponents(UplotStub)[0]!
    chart.vm.$emit('select', { start: T0 + 1000, end: T0 + 2000 })
    await w.vm.$nextTick()
    await w.get('[data-testid="selection-zoom"]').trigger('click')
    expect(w.emitted('zoom')).toEqual([[{ start: T0 + 1000, end: T0 + 2000 }]])
    expect(w.emitted('annotate')).toBeUndefined()

    chart.vm.$emit('select', { start: T0 + 1000, end: T0 + 2000 })
    await w.vm.$nextTick()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    await w.vm.$nextTick()
    expect(w.find('[data-testid="selection-bar"]').exists()).toBe(false)

    chart.vm.$emit('select', { start: T0 + 1000, end: T0 + 2000 })
    await w.vm.$nextTick()
    chart.vm.$emit('pick', T0 + 5000)
    await w.vm.$nextTick()
    expect(w.find('[data-testid="selection-bar"]').exists()).toBe(false)
    expect(w.emitted('pick')).toEqual([[T0 + 5000]])
  })

  it('passes a shaded range clicked in the events lane on', async () => {
    const w = charts(false)
    const mark = { id: 'a1', start: T0, end: T0 + 1000, label: 'x', kind: 'annotation' }
    w.findComponent(LaneStub).vm.$emit('range', mark)
    expect(w.emitted('range')).toEqual([[mark]])
  })
})
