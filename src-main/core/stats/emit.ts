/**
 * Small emitters shared by the stats normalizers: add a series only when it holds data, and turn
 * changes of a string property into timeline events.
 */
import type { CallEvent, ParsedEntry, SeriesData } from '../model/call'
import { hasFinite } from './derive'
import { type StatsObjectHistory, valueAt } from './stats-table'

/**
 * One Float64Array per sample-time column: every series of a stats object shares it, so it is
 * converted once, moved to the main thread once and stored once.
 */
const timeColumns = new WeakMap<number[], Float64Array>()

function timeColumn(t: number[]): Float64Array {
  let column = timeColumns.get(t)
  if (!column) timeColumns.set(t, (column = Float64Array.from(t)))
  return column
}

/** Adds a series when it has at least one finite value. */
export function pushSeries(out: ParsedEntry, metric: string, unit: string, t: number[], v: Float64Array | null, owner: { streamKey?: string; connectionKey?: string }): void {
  if (!v || !hasFinite(v)) return
  const s: SeriesData = { metric, unit, t: timeColumn(t), v }
  if (owner.streamKey) s.streamKey = owner.streamKey
  if (owner.connectionKey) s.connectionKey = owner.connectionKey
  out.series.push(s)
}

/** Emits an event each time a string property changes value (not at its first value). */
export function changeEvents(
  obj: StatsObjectHistory, prop: string, key: string, events: CallEvent[], type: string,
  describe: (prev: string, next: string) => Pick<CallEvent, 'severity' | 'message'>, isConnection = false,
): void {
  const column = obj.props.get(prop)
  if (!column) return
  let prev: string | null = null
  for (let i = 0; i < column.length; i++) {
    const v = valueAt(column, i)
    if (v === null || v === undefined) continue
    const s = String(v)
    if (prev !== null && s !== prev) {
      const ev: CallEvent = { t: obj.t[i]!, type, ...describe(prev, s), data: { property: prop, from: prev, to: s } }
      if (isConnection) ev.connectionKey = key
      else ev.streamKey = key
      events.push(ev)
    }
    prev = s
  }
}
