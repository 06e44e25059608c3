import { describe, expect, it } from 'vitest'
import { syntheticInput } from '../../../../src-main/core/whatif/bench'
import { baselineConfig } from '../../../../src-main/core/whatif/config'
import { PRESETS, findPreset, presetScenarios } from '../../../../src-main/core/whatif/presets'
import { replay } from '../../../../src-main/core/whatif/replay'
import { formatHeatmap, sweep } from '../../../../src-main/core/whatif/sweep'

describe('2-D sweeps', () => {
  const audio = baselineConfig({ kind: 'audio', codec: 'opus' })
  it('loss × bit rate: MOS falls with loss and never rises as Opus bit rate drops', () => {
    const r = sweep({ kind: 'audio', config: audio, x: { param: 'lossPct', values: [0, 1, 2, 5, 10] }, y: { param: 'bitrateKbps', values: [12, 24, 48] }, metric: 'mos' })
    if (!r.ok) throw new Error(r.error.message)
    const { values } = r.value
    for (let y = 0; y < 3; y++) for (let x = 1; x < 5; x++) expect(values[y * 5 + x]!).toBeLessThanOrEqual(values[y * 5 + x - 1]!)
    for (let x = 0; x < 5; x++) expect(values[x]!).toBeLessThanOrEqual(values[10 + x]!)
    expect(formatHeatmap(r.value)).toContain('bitrateKbps \\ lossPct')
  })
  it('jitter buffer × jitter: late loss falls along the buffer axis, rises along jitter', () => {
    const r = sweep({ kind: 'audio', config: audio, x: { param: 'jitterBufferMs', values: [20, 40, 80, 160] }, y: { param: 'jitterMs', values: [5, 20, 60] }, metric: 'lateLossPct' })
    if (!r.ok) throw new Error(r.error.message)
    const v = r.value.values
    for (let y = 0; y < 3; y++) for (let x = 1; x < 4; x++) expect(v[y * 4 + x]!).toBeLessThanOrEqual(v[y * 4 + x - 1]!)
    for (let x = 0; x < 4; x++) expect(v[8 + x]!).toBeGreaterThanOrEqual(v[x]!)
  })
  it('video RTT × FEC ratio on freezes, and errors for bad specs', () => {
    const video = baselineConfig({ kind: 'video', codec: 'VP8' })
    const r = sweep({ kind: 'video', config: video, network: { lossPct: 3, burstR: 2 }, x: { param: 'fecRatio', values: [0, 0.2, 0.5] }, y: { param: 'rttMs', values: [50, 400] }, metric: 'freezePct' })
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.values[3 + 2]!).toBeLessThanOrEqual(r.value.values[3]!)
    expect(sweep({ kind: 'audio', config: audio, x: { param: 'rttMs', values: [1] }, y: { param: 'rttMs', values: [2] }, metric: 'mos' }).ok).toBe(false)
    expect(sweep({ kind: 'audio', config: audio, x: { param: 'rttMs', values: [] }, y: { param: 'lossPct', values: [2] }, metric: 'mos' }).ok).toBe(false)
  })
})

describe('presets', () => {
  it('cover the four products and replay for both media kinds', () => {
    expect(PRESETS.map((p) => p.id)).toEqual(['conversational-ai-low-latency', 'live-show-high-quality', 'social-1v1-weak-network', 'cross-border'])
    for (const kind of ['audio', 'video'] as const) {
      const input = syntheticInput(kind, 300, 9)
      const r = replay(input, baselineConfig(input), presetScenarios(kind))
      expect(r.ok).toBe(true)
      if (r.ok) for (const row of r.value.table) expect(Number.isFinite(row.mosMean)).toBe(true)
    }
    expect(findPreset('cross-border')!.rationale.length).toBeGreaterThan(50)
  })
  it('the low-latency preset lowers mouth-to-ear delay', () => {
    const input = syntheticInput('audio', 600, 9)
    const r = replay(input, baselineConfig(input), presetScenarios('audio'))
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.table.find((x) => x.scenarioId === 'conversational-ai-low-latency')!.delta.mouthToEarMeanMs).toBeLessThan(0)
  })
})
