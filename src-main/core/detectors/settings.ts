/**
 * Threshold settings: hand-written validation of user overrides (no zod in core) and resolution of
 * overrides over the defaults. Unknown detectors or parameters, non-numbers and out-of-range values
 * are reported as issues, never thrown; `resolveThresholds` ignores each bad value and keeps the default.
 */
import { DETECTOR_LIST, type DetectorId, type ThresholdOverrides, type Thresholds, defaultThresholds, detectorById } from './registry'

export interface ThresholdIssue {
  /** `detectorId` or `detectorId.param`. */
  path: string
  message: string
}

export type Validation = { ok: true; value: ThresholdOverrides } | { ok: false; errors: ThresholdIssue[] }

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

/** Checks an untrusted settings object (from the store or the UI) against the registry. */
export function validateThresholds(input: unknown): Validation {
  const errors: ThresholdIssue[] = []
  if (input === undefined || input === null) return { ok: true, value: {} }
  if (!isRecord(input)) return { ok: false, errors: [{ path: '', message: 'thresholds must be an object keyed by detector id' }] }
  const value: Record<string, Record<string, number | boolean>> = {}
  for (const [id, raw] of Object.entries(input)) {
    const d = detectorById(id)
    if (!d) {
      errors.push({ path: id, message: `unknown detector "${id}"` })
      continue
    }
    if (!isRecord(raw)) {
      errors.push({ path: id, message: 'must be an object of parameter values' })
      continue
    }
    const out: Record<string, number | boolean> = {}
    for (const [key, v] of Object.entries(raw)) {
      if (key === 'enabled') {
        if (typeof v === 'boolean') out.enabled = v
        else errors.push({ path: `${id}.enabled`, message: 'must be true or false' })
        continue
      }
      const spec = d.params[key]
      if (!spec) {
        errors.push({ path: `${id}.${key}`, message: `unknown parameter "${key}" (known: ${Object.keys(d.params).join(', ')})` })
        continue
      }
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        errors.push({ path: `${id}.${key}`, message: 'must be a finite number' })
        continue
      }
      if (v < spec.min || v > spec.max) {
        errors.push({ path: `${id}.${key}`, message: `must be within [${spec.min}, ${spec.max}] ${spec.unit}` })
        continue
      }
      out[key] = v
    }
    value[id] = out
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: value as ThresholdOverrides }
}

export interface ResolvedThresholds {
  values: Thresholds
  enabled: Record<DetectorId, boolean>
  issues: ThresholdIssue[]
}

/** Defaults with the valid parts of `overrides` applied; invalid parts are listed in `issues`. */
export function resolveThresholds(overrides?: ThresholdOverrides | Record<string, unknown>): ResolvedThresholds {
  const values = defaultThresholds() as unknown as Record<string, Record<string, number>>
  const enabled = Object.fromEntries(DETECTOR_LIST.map((d) => [d.id, true])) as Record<DetectorId, boolean>
  const issues: ThresholdIssue[] = []
  if (!overrides) return { values: values as unknown as Thresholds, enabled, issues }
  const check = validateThresholds(overrides)
  if (!check.ok) issues.push(...check.errors)
  // apply what is valid, one value at a time
  for (const [id, raw] of Object.entries(overrides as Record<string, unknown>)) {
    const d = detectorById(id)
    if (!d || !isRecord(raw)) continue
    for (const [key, v] of Object.entries(raw)) {
      if (key === 'enabled') {
        if (typeof v === 'boolean') (enabled as Record<string, boolean>)[id] = v
        continue
      }
      const spec = d.params[key]
      if (spec && typeof v === 'number' && Number.isFinite(v) && v >= spec.min && v <= spec.max) values[id]![key] = v
    }
  }
  return { values: values as unknown as Thresholds, enabled, issues }
}
