import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { ComparisonRowDto, SweepDto } from '../../../src-main/contract/whatif-dto'
import ComparisonTable from '@renderer/components/whatif/ComparisonTable.vue'
import ScenarioEditor from '@renderer/components/whatif/ScenarioEditor.vue'
import SweepHeatmap from '@renderer/components/whatif/SweepHeatmap.vue'
import { emptyForm, type ScenarioForm } from '../../../src-renderer/lib/whatif-scenario'
import { mountGlobal } from '../support/mount-env'

const base: ComparisonRowDto = {
  scenarioId: 'baseline', label: 'Baseline (as measured)', isBaseline: true, seconds: 300, mosMean: 3.79, mosP5: 2, mosMin: 1.5, worstMinuteMos: 2.04,
  pctSecondsBelow31: 10, mouthToEarMeanMs: 219.6, mouthToEarP95Ms: 300, freezeSeconds: 0, freezePct: 0, residualLossMeanPct: 1, lateLossMeanPct: 0.2,
  bandwidthMeanKbps: 47.3, bandwidthP95Kbps: 50, delta: { mosMean: 0, mosP5: 0, worstMinuteMos: 0, mouthToEarMeanMs: 0, freezeSeconds: 0, freezePct: 0, bandwidthMeanKbps: 0, residualLossMeanPct: 0 },
}
const red: ComparisonRowDto = { ...base, scenarioId: 'red2', label: 'RED 2', isBaseline: false, mosMean: 3.83, worstMinuteMos: 2.18, bandwidthMeanKbps: 105.4,
  delta: { ...base.delta, mosMean: 0.037, worstMinuteMos: 0.146, bandwidthMeanKbps: 58.1 } }

describe('what-if components', () => {
  it('ComparisonTable shows the baseline and each scenario with coloured deltas, in Chinese too', () => {
    const w = mount(ComparisonTable, { props: { rows: [base, red] }, global: mountGlobal({ locale: 'zh-CN' }) })
    expect(w.find('[data-testid="whatif-row-baseline"]').text()).toContain('基线（实测）')
    const deltas = w.find('[data-testid="whatif-row"]').findAll('[data-testid="whatif-delta"]')
    expect(deltas.map((d) => [d.text(), d.attributes('data-verdict')])).toEqual([['+0.04', 'better'], ['+0.15', 'better'], ['±0', 'same'], ['±0.00', 'same'], ['+58', 'worse']])
    expect(w.find('[data-testid="whatif-row-baseline"] [data-testid="whatif-delta"]').exists()).toBe(false)
  })

  it('SweepHeatmap draws one cell per pair with its value and asks for other axes', async () => {
    const s: SweepDto = { kind: 'audio', streamId: 4, x: { param: 'lossPct', values: [0, 5, 10] }, y: { param: 'jitterBufferMs', values: [20, 200] }, metric: 'mos',
      values: [4.4, 3.9, 3.2, 4.1, 3.7, null], min: 3.2, max: 4.4, network: { lossPct: 1.2, rttMs: 48, jitterMs: 6 } }
    const axes = { x: 'lossPct' as const, y: 'jitterBufferMs' as const, metric: 'mos' as const }
    const w = mount(SweepHeatmap, { props: { result: s, axes, kind: 'audio' }, global: mountGlobal() })
    const cells = w.findAll('[data-testid="whatif-cell"]')
    expect(cells.map((c) => c.attributes('data-value'))).toEqual(['4.4', '3.9', '3.2', '4.1', '3.7', ''])
    expect(cells[0]!.find('rect').attributes('fill')).toBe('hsl(120, 70%, 45%)')
    expect(w.text()).toContain('loss 1.20 %, RTT 48.0 ms')
    expect(w.findAll('[data-testid="whatif-legend"] .stop')).toHaveLength(5)
    await w.find('[data-testid="whatif-sweep-y"]').setValue('rttMs')
    expect(w.emitted('change')![0]).toEqual([{ x: 'lossPct', y: 'rttMs', metric: 'mos' }])
  })

  it('ScenarioEditor emits the new form when a control changes, and keeps the baseline on an empty one', async () => {
    const form = emptyForm('s-1', 'Mine')
    const w = mount(ScenarioEditor, { props: { form, kind: 'audio', audioCodecs: [{ id: 'opus', label: 'Opus', band: 'fb' }], videoCodecs: ['vp8'] }, global: mountGlobal() })
    expect(w.find('[data-testid="whatif-save"]').attributes('disabled')).toBeDefined()
    await w.find('[data-testid="whatif-field-audio-redDistance"]').setValue('2')
    await w.find('[data-testid="whatif-field-audio-nack"]').setValue('on')
    const emitted = w.emitted('update')!.map((e) => e[0] as ScenarioForm)
    expect(emitted[0]!.audio.redDistance).toBe(2)
    expect(emitted[1]!.audio.nack).toBe(true)
    await w.setProps({ form: emitted[0]! })
    expect(w.find('[data-testid="whatif-save"]').attributes('disabled')).toBeUndefined()
    await w.find('[data-testid="whatif-save"]').trigger('click')
    expect(w.emitted('save')).toHaveLength(1)
  })
})
