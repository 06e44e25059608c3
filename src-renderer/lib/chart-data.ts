/**
 * Series points (epoch ms, null = gap) to uPlot's aligned columns (x in seconds, uPlot's time unit).
 * Several series on one chart are joined on the union of their timestamps; alignment fillers are
 * `undefined` (the line continues) while real gaps stay `null` (the line breaks).
 */
import uPlot from 'uplot'

export interface PointColumns {
  t: readonly number[]
  v: readonly (number | null)[]
}

function table(p: PointColumns | undefined): uPlot.AlignedData {
  return p ? [p.t.map((ms) => ms / 1000), [...p.v]] : [[], []]
}

/** One x column plus one y column per part (a missing part is an empty series). */
export function alignedData(parts: (PointColumns | undefined)[]): uPlot.AlignedData {
  if (parts.length === 0) return [[]]
  if (parts.length === 1) return table(parts[0])
  return uPlot.join(parts.map(table))
}

/** True when any y column has at least one drawable (non-null) value. */
export function hasNonNull(data: uPlot.AlignedData): boolean {
  for (let i = 1; i < data.length; i++) {
    const ys = data[i]!
    for (let k = 0; k < ys.length; k++) if (ys[k] !== null && ys[k] !== undefined) return true
  }
  return false
}

/** Series colours, readable on both themes. */
export const SERIES_COLORS = ['#3b82f6', '#f97316', '#10b981', '#e11d48']

/** One drawn line of a chart. */
export interface ChartSeries {
  label: string
  stroke: string
}

/** A visible x range in epoch milliseconds. */
export interface MsRange {
  start: number
  end: number
}
