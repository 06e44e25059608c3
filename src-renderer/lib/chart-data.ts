/**
 * What one chart draws for a visible range: each line's points reduced to min/max per pixel column
 * (lib/minmax.ts), joined into uPlot's aligned columns (x in seconds, uPlot's time unit). Alignment
 * fillers are `undefined` (the line continues) while real gaps stay `null` (the line breaks).
 */
import uPlot from 'uplot'
import { type Columns, type DrawPoints, minMaxPerPixel } from './minmax'
import type { MsRange } from './time-range'

export type { MsRange } from './time-range'

export interface PointColumns {
  t: readonly number[]
  v: readonly (number | null)[]
}

function table(p: PointColumns | undefined): uPlot.AlignedData {
  if (!p) return [[], []]
  const xs = new Array<number>(p.t.length)
  for (let i = 0; i < xs.length; i++) xs[i] = p.t[i]! / 1000
  return [xs, p.v as (number | null)[]]
}

/** One x column plus one y column per part (a missing part is an empty series). */
export function alignedData(parts: (PointColumns | undefined)[]): uPlot.AlignedData {
  if (parts.length === 0) return [[]]
  if (parts.length === 1) return table(parts[0])
  return uPlot.join(parts.map(table))
}

/** Each line reduced for `pixels` columns over `range`, and the joined columns uPlot draws. */
export function frameData(lines: readonly (Columns | undefined)[], range: MsRange, pixels: number): { data: uPlot.AlignedData; parts: DrawPoints[] } {
  const parts = lines.map((l) => (l ? minMaxPerPixel(l, range.start, range.end, pixels) : { t: [], v: [], isExact: true }))
  return { data: alignedData(parts), parts }
}

/** True when any y column has at least one drawable (non-null) value. */
export function hasNonNull(data: uPlot.AlignedData): boolean {
  for (let i = 1; i < data.length; i++) {
    const ys = data[i]!
    for (let k = 0; k < ys.length; k++) if (ys[k] !== null && ys[k] !== undefined) return true
  }
  return false
}

/** Line colours, one per stream, readable on both themes. */
export const SERIES_COLORS = ['#3b82f6', '#f97316', '#10b981', '#e11d48', '#8b5cf6', '#0ea5e9', '#ca8a04', '#db2777']

/** Quality-limitation state colours by code (none, cpu, bandwidth, other). */
export const STATE_COLORS: Record<number, string> = { 0: 'rgba(16,185,129,0.25)', 1: '#f59e0b', 2: '#ef4444', 3: '#8b5cf6' }

/** One drawn line of a chart: its data and how it looks. */
export interface ChartLine extends Columns {
  key: string
  label: string
  stroke: string
  isDashed?: boolean
}

/** A zoom or pan asked for from a chart (wheel): zoom by `factor` around time `at`, or pan by a fraction of the span. */
export type Navigate = { kind: 'zoom'; factor: number; at: number } | { kind: 'pan'; fraction: number }
