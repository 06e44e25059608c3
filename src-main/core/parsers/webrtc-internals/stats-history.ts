/**
 * Turns a webrtc-internals `stats` map of one PeerConnection into per-object histories. Property
 * value lists are right-aligned with the object's sample times (a property that appeared late has
 * fewer values). Sample times come from the object's own `timestamp` property (Chrome ≥ 117) or, in
 * older dumps, are spread evenly between the property's startTime and endTime.
 */
import type { Diagnostic } from '../../model/call'
import { type ConnectionStats, type StatValue, type StatsObjectHistory, numbersColumn, toStatValue } from '../../stats/stats-table'
import { USED_TYPES, legacyTypeOf, splitStatsKey } from './stats-keys'

/** One `stats` entry as Chrome writes it. */
interface RawSeries { startTime?: string; endTime?: string; statsType?: string; values?: string | unknown[] }

/** Computed `[...]` series Chrome adds; only `[codec]` carries something the counters do not. */
const KEPT_COMPUTED = new Set(['[codec]'])

/** Builds the histories of one connection; malformed entries become diagnostics. */
export function buildConnectionStats(connectionKey: string, stats: Record<string, unknown>, diagnostics: Diagnostic[]): ConnectionStats {
  const grouped = new Map<string, Map<string, RawSeries>>()
  for (const [key, raw] of Object.entries(stats)) {
    const split = splitStatsKey(key)
    if (!split || typeof raw !== 'object' || raw === null) continue
    let props = grouped.get(split.id)
    if (!props) grouped.set(split.id, (props = new Map()))
    props.set(split.prop, raw as RawSeries)
  }
  const objects = new Map<string, StatsObjectHistory>()
  let badValues = 0
  for (const [id, props] of grouped) {
    const type = objectType(id, props)
    if (!type || !USED_TYPES.has(type)) continue
    const history = buildObject(id, type, props, () => badValues++)
    if (history) objects.set(id, history)
  }
  if (badValues > 0) {
    diagnostics.push({ severity: 'warning', message: `${connectionKey}: ${badValues} stats value lists were not valid JSON and were skipped` })
  }
  return { connectionKey, objects }
}

function objectType(id: string, props: Map<string, RawSeries>): string | null {
  for (const raw of props.values()) if (typeof raw.statsType === 'string') return raw.statsType
  const typeValues = parseValues(props.get('type'))
  const last = typeValues?.[typeValues.length - 1]
  if (typeof last === 'string') return last
  const isRemote = parseValues(props.get('isRemote'))
  return legacyTypeOf(id, isRemote?.[isRemote.length - 1])
}

function parseValues(raw: RawSeries | undefined): unknown[] | null {
  if (!raw) return null
  if (Array.isArray(raw.values)) return raw.values
  if (typeof raw.values !== 'string') return null
  try {
    const parsed: unknown = JSON.parse(raw.values)
    return Array.isArray(parsed) ? parsed : null
  } catch {
    return null
  }
}

function buildObject(id: string, type: string, props: Map<string, RawSeries>, onBad: () => void): StatsObjectHistory | null {
  const columns = new Map<string, unknown[]>()
  let longest = 0
  let longestRaw: RawSeries | undefined
  for (const [prop, raw] of props) {
    if (prop.startsWith('[') && !KEPT_COMPUTED.has(prop)) continue
    if (prop === 'base64Certificate') continue
    const values = parseValues(raw)
    if (!values) {
      onBad()
      continue
    }
    columns.set(prop, values)
    if (values.length > longest) {
      longest = values.length
      longestRaw = raw
    }
  }
  if (longest === 0) return null
  const t = sampleTimes(columns.get('timestamp'), longest, longestRaw)
  if (!t) return null
  const history: StatsObjectHistory = { id, type, t, props: new Map() }
  const n = t.length
  for (const [prop, values] of columns) {
    if (prop === 'timestamp') continue
    // Most columns are numbers: copied out of the parsed array, which then dies young.
    const numbers = numbersColumn(values, n)
    if (numbers !== null) {
      history.props.set(prop, numbers)
      continue
    }
    const offset = n - values.length
    if (offset === 0) {
      // The common case: reuse the freshly parsed array in place (allocation is most of the cost here).
      for (let i = 0; i < n; i++) {
        const v = values[i]
        if (typeof v !== 'number' || !Number.isFinite(v)) values[i] = toStatValue(v)
      }
      history.props.set(prop, values as StatValue[])
      continue
    }
    const column = new Array<StatValue>(n).fill(null)
    for (let i = Math.max(0, -offset); i < values.length; i++) column[i + offset] = toStatValue(values[i])
    history.props.set(prop, column)
  }
  return history
}

function sampleTimes(timestamps: unknown[] | undefined, longest: number, raw: RawSeries | undefined): number[] | null {
  if (timestamps && timestamps.length > 0 && timestamps.every((v) => typeof v === 'number')) {
    return timestamps as number[]
  }
  const start = Date.parse(raw?.startTime ?? '')
  const end = Date.parse(raw?.endTime ?? '')
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null
  if (longest === 1) return [end]
  const step = (end - start) / (longest - 1)
  return Array.from({ length: longest }, (_, i) => start + i * step)
}
