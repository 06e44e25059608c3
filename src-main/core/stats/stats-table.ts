/**
 * The shared intermediate of getStats-based formats (webrtc-internals and rtcstats dumps): for each
 * stats object of one peer connection, a sample-time column and one value column per property,
 * all of the same length (a property absent in a sample is `null`). Times are UTC epoch ms.
 */

export type StatValue = number | string | boolean | null

/**
 * One property's values, one per sample. A column of numbers only may be a Float64Array, NaN where
 * a sample lacks the property: a dump's columns are nearly all counters, and keeping one JS array
 * per property alive through the parse made GC half of a 100 MB dump's parse time (measured). Read
 * single values through `valueAt`, which gives `null` for NaN.
 */
export type StatColumn = StatValue[] | Float64Array

/** The history of one getStats object (e.g. `IT01V1375092232`, an inbound-rtp). */
export interface StatsObjectHistory {
  id: string
  /** statsType: inbound-rtp, outbound-rtp, remote-inbound-rtp, candidate-pair, transport, codec, ... */
  type: string
  t: number[]
  props: Map<string, StatColumn>
}

/** All stats objects of one peer connection. */
export interface ConnectionStats {
  connectionKey: string
  objects: Map<string, StatsObjectHistory>
}

/** Creates an empty object history. */
export function newObjectHistory(id: string, type: string): StatsObjectHistory {
  return { id, type, t: [], props: new Map() }
}

/**
 * Appends one sample (one getStats report of this object) at time `t`. Properties missing from the
 * report get `null`; properties seen for the first time are back-filled with `null`.
 */
export function appendSample(obj: StatsObjectHistory, t: number, report: Record<string, unknown>): void {
  const index = obj.t.length
  obj.t.push(t)
  for (const [name, raw] of Object.entries(report)) {
    if (name === 'id' || name === 'type' || name === 'timestamp') continue
    const value = toStatValue(raw)
    let column = obj.props.get(name)
    if (!column) {
      column = new Array<StatValue>(index).fill(null)
      obj.props.set(name, column)
    }
    pushable(column).push(value)
  }
  for (const column of obj.props.values()) if (column.length === index) pushable(column).push(null)
}

/** Columns built sample by sample are arrays (only a whole-column parse makes a Float64Array). */
function pushable(column: StatColumn): StatValue[] {
  if (column instanceof Float64Array) throw new Error('appendSample: a Float64Array column cannot grow')
  return column
}

/** The value of sample `i` (null where absent; a Float64Array's NaN is absent). */
export function valueAt(column: StatColumn, i: number): StatValue | undefined {
  const v = column[i]
  return typeof v === 'number' && Number.isNaN(v) ? null : v
}

/** True when any sample of the column holds a number. */
export function hasNumber(column: StatColumn): boolean {
  if (column instanceof Float64Array) return column.some((v) => !Number.isNaN(v))
  return column.some((v) => typeof v === 'number')
}

/**
 * The column as a Float64Array (NaN where absent) when every value present is a number, else null.
 * `values` are right-aligned with `n` samples: a property that appeared late has fewer values (its
 * first samples lack it); one with more values than samples loses its oldest. Non-finite numbers
 * count as absent, as `toStatValue` makes them.
 */
export function numbersColumn(values: readonly unknown[], n: number): Float64Array | null {
  const offset = n - values.length
  const out = new Float64Array(n)
  if (offset > 0) out.fill(NaN, 0, offset)
  for (let i = Math.max(0, -offset); i < values.length; i++) {
    const v = values[i]
    if (typeof v !== 'number') return null
    out[i + offset] = v - v === 0 ? v : NaN
  }
  return out
}

/** Keeps scalars; nested objects (e.g. qualityLimitationDurations) become JSON strings. */
export function toStatValue(raw: unknown): StatValue {
  if (raw === null || raw === undefined) return null
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null
  if (typeof raw === 'string' || typeof raw === 'boolean') return raw
  return JSON.stringify(raw)
}

/** The last non-null value of a property, or undefined. */
export function lastValue(obj: StatsObjectHistory, prop: string): StatValue | undefined {
  const column = obj.props.get(prop)
  if (!column) return undefined
  for (let i = column.length - 1; i >= 0; i--) {
    const v = valueAt(column, i)
    if (v !== null) return v
  }
  return undefined
}

/** A property column as numbers (NaN where absent or non-numeric), or null if the object lacks it. */
export function numericColumn(obj: StatsObjectHistory, prop: string): Float64Array | null {
  const column = obj.props.get(prop)
  if (!column) return null
  // A copy: callers keep and transfer what they get, and may get the same property twice.
  if (column instanceof Float64Array) return column.slice()
  const out = new Float64Array(column.length)
  for (let i = 0; i < column.length; i++) {
    const v = column[i]
    out[i] = typeof v === 'number' ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : NaN
  }
  return out
}
