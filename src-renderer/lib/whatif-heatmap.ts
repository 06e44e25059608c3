/**
 * The sweep heatmap: axis choices with sensible value ranges, which way each metric is "good",
 * and a colour scale (red = bad, green = good) with legend stops. Pure; the SVG is drawn by
 * SweepHeatmap.vue from `heatCells`.
 */
import type { SweepDto } from '@contract/whatif-dto'

export type SweepParam = SweepDto['x']['param']
export type SweepMetric = SweepDto['metric']

/** Default values per axis parameter (within the contract's ranges, ≤ 41 each). */
export const AXIS_VALUES: Readonly<Record<SweepParam, number[]>> = {
  lossPct: [0, 1, 2, 3, 5, 8, 10, 15, 20],
  burstR: [1, 1.5, 2, 3, 4, 6, 8],
  rttMs: [20, 50, 100, 150, 200, 300, 400, 600],
  jitterMs: [0, 5, 10, 20, 30, 50, 80],
  availableKbps: [100, 200, 400, 800, 1500, 3000, 5000],
  bitrateKbps: [12, 16, 24, 32, 48, 64, 96, 128],
  jitterBufferMs: [20, 40, 60, 80, 120, 160, 200, 300],
  fecRatio: [0, 0.1, 0.2, 0.3, 0.5],
  redDistance: [0, 1, 2, 3],
  packetMs: [10, 20, 40, 60],
  deviceLatencyMs: [20, 40, 80, 120, 200],
  fps: [10, 15, 20, 24, 30],
  height: [180, 270, 360, 540, 720, 1080],
}

/** Video bit rates differ from audio ones by three orders of magnitude. */
export const VIDEO_BITRATES = [200, 400, 600, 800, 1200, 1800, 2500, 4000]

/** Parameters that make sense per media kind. */
export const AXES_FOR: Readonly<Record<'audio' | 'video', SweepParam[]>> = {
  audio: ['lossPct', 'burstR', 'rttMs', 'jitterMs', 'bitrateKbps', 'jitterBufferMs', 'fecRatio', 'redDistance', 'packetMs', 'deviceLatencyMs'],
  video: ['lossPct', 'burstR', 'rttMs', 'jitterMs', 'availableKbps', 'bitrateKbps', 'jitterBufferMs', 'fecRatio', 'fps', 'height'],
}

export const METRICS_FOR: Readonly<Record<'audio' | 'video', SweepMetric[]>> = {
  audio: ['mos', 'r', 'mouthToEarMs', 'lateLossPct', 'residualLossPct', 'bandwidthKbps'],
  video: ['mos', 'freezePct', 'mouthToEarMs', 'residualLossPct', 'bandwidthKbps', 'heldHeight', 'heldFps'],
}

export function axisValues(param: SweepParam, kind: 'audio' | 'video'): number[] {
  return param === 'bitrateKbps' && kind === 'video' ? [...VIDEO_BITRATES] : [...AXIS_VALUES[param]]
}

/** True when a higher value of the metric is better. */
export function isHigherBetter(m: SweepMetric): boolean {
  return m === 'mos' || m === 'r' || m === 'heldHeight' || m === 'heldFps'
}

/** A colour for t in 0…1 where 0 is bad and 1 good: red → amber → green. */
export function goodnessColor(t: number): string {
  const x = Math.min(1, Math.max(0, t))
  const hue = 120 * x
  return `hsl(${hue.toFixed(0)}, 70%, 45%)`
}

/** 0…1 goodness of a value within [min, max] for the metric (0.5 when the grid is flat). */
export function goodness(v: number, min: number, max: number, metric: SweepMetric): number {
  if (!(max > min)) return 0.5
  const f = (v - min) / (max - min)
  return isHigherBetter(metric) ? f : 1 - f
}

export interface HeatCell { xi: number; yi: number; value: number | null; color: string }

/** Every cell of the grid with its colour (grey for a cell without a value). */
export function heatCells(s: SweepDto): HeatCell[] {
  const nx = s.x.values.length
  const min = s.min ?? 0
  const max = s.max ?? 0
  return s.values.map((v, i) => ({
    xi: i % nx, yi: Math.floor(i / nx), value: v,
    color: v === null ? '#9ca3af' : goodnessColor(goodness(v, min, max, s.metric)),
  }))
}

/** Legend stops from min to max (n ≥ 2), each with its colour. */
export function legendStops(s: SweepDto, n = 5): { value: number; color: string }[] {
  if (s.min === null || s.max === null) return []
  const out: { value: number; color: string }[] = []
  for (let i = 0; i < n; i++) {
    const v = s.min + ((s.max - s.min) * i) / (n - 1)
    out.push({ value: v, color: goodnessColor(goodness(v, s.min, s.max, s.metric)) })
  }
  return out
}

/** A cell value as text, with digits by magnitude. */
export function formatCell(v: number | null): string {
  if (v === null) return '—'
  const a = Math.abs(v)
  return v.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : 2)
}
