import { describe, expect, it } from 'vitest'
import type { SeriesData } from '../../../../src-main/core/model/call'
import { benchScenarios, syntheticInput } from '../../../../src-main/core/whatif/bench'
import { applyPatch, baselineConfig } from '../../../../src-main/core/whatif/config'
import { replay } from '../../../../src-main/core/whatif/replay'
import { binPerSecond, pickSeries, replayInputFromSeries } from '../../../../src-main/core/whatif/replay-input'
import { formatComparison } from '../../../../src-main/core/whatif/summary'

const series = (metric: string, t: number[], v: number[], keys: Partial<SeriesData> = {}): SeriesData =>
  ({ metric, unit: '', t: Float64Array.from(t), v: Float64Array.from(v), ...keys })

describe('replay input from stored series', () => {
  it('bins to 1 s and holds short gaps', () => {
    const s = series('loss_pct', [1000, 1500, 2100, 6100], [1, 3, 5, 7])
    const b = binPerSecond(s, 1000, 6, 2)
    expect(Array.from(b.subarray(0, 4))).toEqual([2, 5, 5, 5])
    expect(b[4]).toBeNaN()
    expect(b[5]).toBe(7)
  })
  it('prefers the stream series over the connection and entry-wide ones', () => {
    const all = [
      series('rtt_ms', [0], [300]), series('rtt_ms', [0], [200], { connectionKey: 'c1' }), series('rtt_ms', [0], [100], { streamKey: 's1', connectionKey: 'c1' }),
    ]
    expect(pickSeries(all, 'rtt_ms', { streamKey: 's1', connectionKey: 'c1' })!.v[0]).toBe(100)
    expect(pickSeries(all, 'rtt_ms', { streamKey: 's2', connectionKey: 'c1' })!.v[0]).toBe(200)
    expect(pickSeries(all, 'rtt_ms', {})!.v[0]).toBe(300)
  })
  it('builds the columns by metric id, and refuses a stream without loss', () => {
    const t = [0, 1000, 2000]
    const all = [
      series('loss_pct', t, [0, 2, 4], { streamKey: 'v' }), series('rtt_ms', t, [80, 90, 100], { connectionKey: 'c' }),
      series('jitter_ms', t, [5, 6, 7], { streamKey: 'v' }), series('bitrate', t, [900, 1000, 1100], { streamKey: 'v' }),
      series('available_outgoing_bitrate', t, [2000, 2000, 500], { connectionKey: 'c' }), series('fps', t, [30, 30, 15], { streamKey: 'v' }),
      series('frame_height', t, [720, 720, 360], { streamKey: 'v' }),
    ]
    const r = replayInputFromSeries(all, { kind: 'video', direction: 'send', streamKey: 'v', connectionKey: 'c', codec: 'VP8' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.seconds).toBe(3)
    expect(Array.from(r.value.rttMs)).toEqual([80, 90, 100])
    expect(Array.from(r.value.availableKbps!)).toEqual([2000, 2000, 500])
    expect(r.value.frameWidth).toBeUndefined()
    expect(replayInputFromSeries(all.slice(1), { kind: 'video', direction: 'send' }).ok).toBe(false)
  })
})

describe('counterfactual replay', () => {
  const input = syntheticInput('audio', 900, 4)
  const base = baselineConfig(input)

  it('reads the baseline from the bundle: codec, measured buffer, WebRTC recovery defaults', () => {
    expect(base.audio.codec).toBe('opus')
    expect(base.jitterBuffer.mode).toBe('measured')
    expect(base.recovery.opusFec).toBe(true)
    expect(baselineConfig(syntheticInput('video', 10)).recovery.nack).not.toBeNull()
  })
  it('projects every second and gives an unchanged scenario zero deltas', () => {
    const r = replay(input, base, [{ id: 'same', label: 'same', patch: {} }])
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const [b, same] = r.value.table
    expect(b!.isBaseline).toBe(true)
    expect(same!.delta.mosMean).toBe(0)
    expect(same!.delta.bandwidthMeanKbps).toBe(0)
    expect(b!.seconds).toBeLessThan(900) // the synthetic input has loss gaps every 97 s
    expect(r.value.baseline.mos[0]).toBeNaN()
    expect(r.value.baseline.t[1]! - r.value.baseline.t[0]!).toBe(1000)
    expect(formatComparison(r.value.table)).toContain('Baseline')
  })
  it('moves in the expected directions for simple edits', () => {
    const r = replay(input, base, [
      { id: 'no-fec', label: 'no FEC', patch: { recovery: { opusFec: false } } },
      { id: 'red2', label: 'RED d=2', patch: { recovery: { red: { distance: 2 } } } },
      { id: 'far', label: '+200 ms RTT', patch: { network: { rttAddMs: 200 } } },
      { id: 'g711', label: 'G.711', patch: { audio: { codec: 'g711', hasPlc: true, bitrateKbps: 64 } } },
    ])
    if (!r.ok) throw new Error(r.error.message)
    const row = (id: string) => r.value.table.find((x) => x.scenarioId === id)!
    expect(row('no-fec').delta.mosMean).toBeLessThan(0)
    expect(row('red2').delta.mosMean).toBeGreaterThanOrEqual(0)
    expect(row('red2').delta.bandwidthMeanKbps).toBeGreaterThan(0)
    expect(row('far').delta.mouthToEarMeanMs).toBeCloseTo(100, 0)
    expect(row('far').delta.mosMean).toBeLessThan(0)
    expect(row('g711').bandwidthMeanKbps).toBeGreaterThan(80)
  })
  it('replays video with freezes and held formats under a bandwidth dip', () => {
    const v = syntheticInput('video', 2400, 2)
    const r = replay(v, baselineConfig(v), [{ id: 'hd', label: '1080p', patch: { video: { bitrateKbps: 4000, width: 1920, height: 1080, fps: 30 } } }])
    if (!r.ok) throw new Error(r.error.message)
    const hd = r.value.scenarios[0]!
    expect(hd.heldHeight[1900]).toBeLessThan(1080) // the dip (700 kbit/s available) forces a lower resolution
    expect(hd.bandwidthKbps[1900]).toBeLessThanOrEqual(700 + 1e-9)
    expect(r.value.table[0]!.freezeSeconds).toBeGreaterThan(0)
  })
  it('returns errors instead of throwing', () => {
    const bad = { ...input, rttMs: new Float64Array(3) }
    expect(replay(bad, base, []).ok).toBe(false)
    const unknown = replay(input, base, [{ id: 'x', label: 'x', patch: { audio: { codec: 'nope' } } }])
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) expect(unknown.error.code).toBe('UNKNOWN_CODEC')
    const invalid = replay(input, base, [{ id: 'y', label: 'y', patch: { recovery: { fec: { scheme: 'ulpfec', ratio: 3 } } } }])
    expect(invalid.ok).toBe(false)
    if (!invalid.ok) expect(invalid.error.message).toContain('scenario y')
  })
  it('runs the bench scenario set (correctness only; timing lives in the bench harness)', () => {
    const r = replay(syntheticInput('audio', 300), base, benchScenarios('audio'))
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.value.table).toHaveLength(101)
    expect(applyPatch(base, { recovery: { nack: { maxRetries: 3 } } }).recovery.nack).toEqual({ maxRetries: 3 })
    expect(applyPatch(base, { recovery: { opusFec: false } }).recovery.opusFec).toBe(false)
  })
})
