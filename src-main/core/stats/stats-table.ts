/**
 * The shared intermediate of getStats-based formats (webrtc-internals and rtcstats dumps): for each
 * stats object of one peer connection, a sample-time column and one value column per property,
 * all of the same length (a property absent in a sample is `null`). Times are UTC epoch ms.
 */

export type StatValue = number | string | boolean | null

/** The history of one getStats object (e.g. `IT01V1375092232`, an inbound-rtp). */
export interface StatsObjectHistory {
  id: string
  /** statsType: inbound-rtp, outbound-rtp, remote-inbound-rtp, candidate-pair, transport, codec, ... */
  type: string
  t: number[]
  props: Map<string, StatValue[]>
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
    column.push(value)
  }
  for (const column of obj.props.values()) if (column.length === index) column.push(null)
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
  for (let i = column.length - 1; i >= 0; i--) if (column[i] !== null) return column[i]
  return undefined
}

/** A property column as numbers (NaN where absent or non-numeric), or null if the object lacks it. */
export function numericColumn(obj: StatsObjectHistory, prop: string): Float64Array | null {
  const column = obj.props.get(prop)
  if (!column) return null
  const out = new Float64Array(column.length)
  for (let i = 0; i < column.length; i++) {
    const v = column[i]
    out[i] = typeof v === 'number' ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : NaN
  }
  return out
}
