/**
 * A drag selection on the timeline charts: the pixels uPlot selected become a time range (ordered,
 * whole milliseconds, inside the visible range), tied to the stream the chart is about when it is
 * about one. The charts then offer "Annotate this range" and "Zoom to range" for it.
 */
import type { PanelPlan } from './metric-panels'
import type { MsRange } from './time-range'

/** Drags narrower than this many pixels are clicks, not selections. */
export const MIN_SELECT_PX = 3

export interface TimeSelection extends MsRange {
  /** The chart it was made on. */
  panelKey: string
  /** The chart's one stream, else null (the whole call). */
  streamId: number | null
}

/**
 * The time range under a horizontal selection `left`..`left + width` (CSS pixels of the plot),
 * with `toMs` mapping a plot pixel to epoch ms; null when too narrow to be a drag.
 */
export function selectionRange(left: number, width: number, toMs: (px: number) => number, view: MsRange): MsRange | null {
  if (!(Math.abs(width) >= MIN_SELECT_PX)) return null
  const a = toMs(left)
  const b = toMs(left + width)
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null
  const start = Math.round(Math.max(view.start, Math.min(a, b)))
  const end = Math.round(Math.min(view.end, Math.max(a, b)))
  return end > start ? { start, end } : null
}

/** The stream a chart is about: a split panel's own, or the only stream all its lines belong to; else null. */
export function panelStreamId(plan: Pick<PanelPlan, 'stream' | 'lines'>): number | null {
  if (plan.stream) return plan.stream.id
  const ids = new Set(plan.lines.filter((l) => !l.isConnectionLevel).map((l) => l.stream.id))
  return ids.size === 1 && plan.lines.every((l) => !l.isConnectionLevel) ? [...ids][0]! : null
}

/** Whether time `t` falls inside one of the ranges; the shortest such range wins (the most specific). */
export function rangeAt<T extends MsRange>(ranges: readonly T[], t: number): T | null {
  let best: T | null = null
  for (const r of ranges) {
    if (t >= r.start && t <= r.end && (!best || r.end - r.start < best.end - best.start)) best = r
  }
  return best
}
