import { describe, expect, it } from 'vitest'
import type { ComparisonRowDto, StreamReplayDto, SweepDto } from '../../../src-main/contract/whatif-dto'
import { replayRange, whatifCharts, withLabels } from '../../../src-renderer/lib/whatif-chart'
import { EDITOR_FIELDS, controlValue, parseControl, withField } from '../../../src-renderer/lib/whatif-fields'
import { axisValues, goodness, heatCells, legendStops } from '../../../src-renderer/lib/whatif-heatmap'
import { audioPatch, emptyForm, formToScenario, isEmptyForm, scenarioToForm, videoPatch } from '../../../src-renderer/lib/whatif-scenario'
import { formatDelta, rowCells, verdict, TABLE_COLUMNS } from '../../../src-renderer/lib/whatif-table'

const field = (section: string, key: string) => EDITOR_FIELDS.find((f) => f.section === section && f.key === key)!

describe('scenario form', () => {
  it('maps the controls to audio and video patches; empty controls keep the baseline', () => {
    const f = emptyForm('s-1', '')
    expect(isEmptyForm(f)).toBe(true)
    f.audio.redDistance = 2
    f.audio.fecRatio = 0
    f.audio.opusFec = false
    f.audio.packetMs = 10
    f.video.height = 360
    f.video.nack = false
    f.jitterBufferMs = 120
    expect(isEmptyForm(f)).toBe(false)
    expect(audioPatch(f)).toEqual({ audio: { packetMs: 10 }, recovery: { opusFec: false, red: { distance: 2 }, fec: null }, jitterBuffer: { mode: 'fixed', delayMs: 120 } })
    expect(videoPatch(f)).toEqual({ video: { height: 360, width: 640 }, recovery: { nack: null }, jitterBuffer: { mode: 'fixed', delayMs: 120 } })
    const s = formToScenario(f)
    expect(s.label).toBe('s-1')
    expect(scenarioToForm(s)).toEqual({ ...f, label: 's-1' })
  })

  it('reads a scenario with one shared patch into the form', () => {
    const f = scenarioToForm({ id: 'x', label: 'X', patch: { recovery: { nack: { maxRetries: 10 } }, deviceLatencyMs: 80 } })
    expect(f.audio.nack).toBe(true)
    expect(f.video.nack).toBe(true)
    expect(f.deviceLatencyMs).toBe(80)
    expect(f.audio.redDistance).toBeNull()
  })

  it('parses control values: empty keeps, numbers clamp, toggles are on/off; setting a field copies the form', () => {
    const red = field('audio', 'redDistance')
    expect(parseControl(red, '')).toBeNull()
    expect(parseControl(red, '42')).toBe(10)
    expect(parseControl(red, 'abc')).toBeNull()
    expect(parseControl(field('audio', 'nack'), 'off')).toBe(false)
    const f = emptyForm('a')
    const g = withField(f, red, 3)
    expect(f.audio.redDistance).toBeNull()
    expect(controlValue(g, red)).toBe('3')
    expect(controlValue(withField(g, field('shared', 'jitterBufferMs'), 80), field('shared', 'jitterBufferMs'))).toBe('80')
  })
})

const row = (over: Partial<ComparisonRowDto>): ComparisonRowDto => ({
  scenarioId: 'x', label: 'X', isBaseline: false, seconds: 10, mosMean: 4, mosP5: 3, mosMin: 2, worstMinuteMos: 3, pctSecondsBelow31: 0,
  mouthToEarMeanMs: 150, mouthToEarP95Ms: 200, freezeSeconds: 0, freezePct: 0, residualLossMeanPct: 0, lateLossMeanPct: 0, bandwidthMeanKbps: 40, bandwidthP95Kbps: 50,
  delta: { mosMean: 0.2, mosP5: 0, worstMinuteMos: -0.3, mouthToEarMeanMs: 20, freezeSeconds: 0, freezePct: -1, bandwidthMeanKbps: 0.2, residualLossMeanPct: 0 },
  ...over,
})

describe('comparison table', () => {
  it('calls MOS up better, delay up worse, tiny changes the same', () => {
    const cells = rowCells(row({}))
    expect(TABLE_COLUMNS.map((c) => c.key)).toEqual(['mosMean', 'worstMinuteMos', 'mouthToEarMeanMs', 'freezePct', 'bandwidthMeanKbps'])
    expect(cells.map((c) => c.verdict)).toEqual(['better', 'worse', 'worse', 'better', 'same'])
    expect(cells[0]).toEqual({ text: '4.00', delta: '+0.20', verdict: 'better' })
    expect(cells[1]!.delta).toBe('−0.30')
    expect(rowCells(row({ isBaseline: true })).every((c) => c.delta === '' && c.verdict === 'same')).toBe(true)
    expect(verdict(null, TABLE_COLUMNS[0]!)).toBe('same')
    expect(formatDelta(0.001, 2)).toBe('±0.00')
  })
})

const sweep = (metric: SweepDto['metric'], values: (number | null)[]): SweepDto => ({
  kind: 'audio', streamId: null, x: { param: 'lossPct', values: [0, 5] }, y: { param: 'rttMs', values: [50, 400] }, metric, values,
  min: Math.min(...(values.filter((v) => v !== null) as number[])), max: Math.max(...(values.filter((v) => v !== null) as number[])), network: {},
})

describe('heatmap', () => {
  it('colours the best cell green and the worst red, whichever way the metric runs', () => {
    const mos = heatCells(sweep('mos', [4.4, 3, 4, 1.5]))
    expect(mos.map((c) => [c.xi, c.yi])).toEqual([[0, 0], [1, 0], [0, 1], [1, 1]])
    expect(mos[0]!.color).toBe('hsl(120, 70%, 45%)')
    expect(mos[3]!.color).toBe('hsl(0, 70%, 45%)')
    const delay = heatCells(sweep('mouthToEarMs', [100, 150, 300, null]))
    expect(delay[0]!.color).toBe('hsl(120, 70%, 45%)')
    expect(delay[2]!.color).toBe('hsl(0, 70%, 45%)')
    expect(delay[3]!.value).toBeNull()
    expect(goodness(2, 2, 2, 'mos')).toBe(0.5)
    const stops = legendStops(sweep('mos', [1, 2, 3, 5]))
    expect(stops.map((s) => s.value)).toEqual([1, 2, 3, 4, 5])
    expect(axisValues('bitrateKbps', 'video')[0]).toBeGreaterThan(100)
    expect(axisValues('bitrateKbps', 'audio')[0]).toBeLessThan(100)
  })
})

describe('what-if charts', () => {
  it('draws measured loss and RTT, and one projected line per configuration with the baseline dashed', () => {
    const r = {
      stream: { streamId: 1, entryId: 1, key: 'k', kind: 'audio', direction: 'recv', codec: 'opus', label: 'a', participant: 'p', isReplayable: true, lossMeanPct: 1 },
      skipped: null, baselineConfig: {}, table: [], stepSeconds: 2, t: [1000, 3000, 5000],
      measured: { lossPct: [0, 5, null], rttMs: [40, 300, 50], jitterMs: [1, 2, 3], bitrateKbps: [30, 30, 30] },
      projections: [
        { scenarioId: 'baseline', label: 'Baseline (as measured)', mos: [4, 3, null], mouthToEarMs: [], freezePct: [], bandwidthKbps: [], residualLossPct: [] },
        { scenarioId: 'red2', label: 'RED 2', mos: [4, 3.5, null], mouthToEarMs: [], freezePct: [], bandwidthKbps: [], residualLossPct: [] },
      ],
    } as StreamReplayDto
    const c = whatifCharts(r, { loss: 'Loss', rtt: 'RTT', baseline: 'Base' })!
    expect(replayRange(r)).toEqual({ start: 1000, end: 7000 })
    expect(c.loss[0]!.v).toEqual([0, 5, null])
    expect(c.quality.map((l) => [l.label, l.isDashed])).toEqual([['Base', true], ['RED 2', false]])
    expect(whatifCharts({ ...r, t: [] }, { loss: '', rtt: '', baseline: '' })).toBeNull()
    const zh = withLabels(r, { red2: '冗余 2' })
    expect(zh.projections.map((p) => p.label)).toEqual(['Baseline (as measured)', '冗余 2'])
    expect(r.projections[1]!.label).toBe('RED 2')
  })
})
