/**
 * The what-if charts of one replayed stream, as lines for UplotChart: measured loss (%) and RTT
 * (ms) over the call, and the projected MOS (or video score) of the baseline and each scenario on
 * the same time axis. Pure: colours and labels in, lines out.
 */
import type { StreamReplayDto } from '@contract/whatif-dto'
import { type ChartLine, SERIES_COLORS } from './chart-data'
import type { MsRange } from './time-range'

export interface WhatIfCharts {
  xRange: MsRange
  loss: ChartLine[]
  rtt: ChartLine[]
  quality: ChartLine[]
}

/** Baseline colour; scenarios take SERIES_COLORS in order. */
export const BASELINE_COLOR = '#64748b'

/** The projection's colour by its position (0 = baseline). */
export function projectionColor(index: number): string {
  return index === 0 ? BASELINE_COLOR : SERIES_COLORS[(index - 1) % SERIES_COLORS.length]!
}

/** The full range of the columns (one step past the last point so the last second shows). */
export function replayRange(r: StreamReplayDto): MsRange | null {
  if (!r.t.length) return null
  return { start: r.t[0]!, end: r.t[r.t.length - 1]! + r.stepSeconds * 1000 }
}

/** The replay with the labels of some configurations replaced (presets in the UI language), by scenario id. */
export function withLabels(r: StreamReplayDto, labels: Readonly<Record<string, string>>): StreamReplayDto {
  const label = <T extends { scenarioId: string; label: string }>(x: T): T => (labels[x.scenarioId] ? { ...x, label: labels[x.scenarioId]! } : x)
  return { ...r, table: r.table.map(label), projections: r.projections.map(label) }
}

export function whatifCharts(r: StreamReplayDto, labels: { loss: string; rtt: string; baseline: string }): WhatIfCharts | null {
  const xRange = replayRange(r)
  if (!xRange) return null
  return {
    xRange,
    loss: [{ key: 'loss', label: labels.loss, stroke: '#ef4444', t: r.t, v: r.measured.lossPct }],
    rtt: [{ key: 'rtt', label: labels.rtt, stroke: '#f59e0b', t: r.t, v: r.measured.rttMs }],
    quality: r.projections.map((p, i) => ({
      key: `q-${p.scenarioId}`, label: i === 0 ? labels.baseline : p.label, stroke: projectionColor(i), t: r.t, v: p.mos, isDashed: i === 0,
    })),
  }
}
