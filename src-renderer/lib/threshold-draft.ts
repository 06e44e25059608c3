/**
 * The detector-threshold form as data: every parameter's text as typed, checked against its range,
 * compared with what is saved, and turned into the overrides `detectors.setThresholds` takes (only
 * values that differ from the default, and detectors switched off). Pure: the settings store holds
 * the state, this computes from it.
 */
import type { Out } from '@contract/methods'

export type DetectorDto = Out<'detectors.describe'>['detectors'][number]
export type ParamDto = DetectorDto['params'][number]
export type Overrides = Record<string, Record<string, number | boolean>>

/** Typed texts keyed `detectorId.param`, and the on/off switch of each detector. */
export interface Draft {
  values: Record<string, string>
  enabled: Record<string, boolean>
}

export type FieldProblem = { kind: 'required' } | { kind: 'notNumber' } | { kind: 'outOfRange'; min: number; max: number; unit: string }

export const fieldKey = (detectorId: string, param: string): string => `${detectorId}.${param}`

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

/** Saved overrides (as the store returns them, unchecked) over the defaults, as a form. */
export function draftFrom(detectors: readonly DetectorDto[], saved: unknown): Draft {
  const draft: Draft = { values: {}, enabled: {} }
  const overrides = isRecord(saved) ? saved : {}
  for (const d of detectors) {
    const mine = isRecord(overrides[d.id]) ? (overrides[d.id] as Record<string, unknown>) : {}
    draft.enabled[d.id] = mine.enabled !== false
    for (const p of d.params) {
      const v = mine[p.key]
      draft.values[fieldKey(d.id, p.key)] = String(typeof v === 'number' && Number.isFinite(v) ? v : p.default)
    }
  }
  return draft
}

/** What is wrong with a typed value, or null when it is a number within the parameter's range. */
export function checkValue(text: string | undefined, p: ParamDto): FieldProblem | null {
  const s = (text ?? '').trim()
  if (s === '') return { kind: 'required' }
  const n = Number(s)
  if (!Number.isFinite(n)) return { kind: 'notNumber' }
  if (n < p.min || n > p.max) return { kind: 'outOfRange', min: p.min, max: p.max, unit: p.unit }
  return null
}

/** Every invalid field of the draft, keyed `detectorId.param`. */
export function problems(detectors: readonly DetectorDto[], draft: Draft): Record<string, FieldProblem> {
  const out: Record<string, FieldProblem> = {}
  for (const d of detectors) {
    for (const p of d.params) {
      const k = fieldKey(d.id, p.key)
      const problem = checkValue(draft.values[k], p)
      if (problem) out[k] = problem
    }
  }
  return out
}

/** Whether one field differs from its saved value (as numbers: "300" and "300.0" are the same). */
export function fieldChanged(draft: Draft, saved: Draft, key: string): boolean {
  const a = (draft.values[key] ?? '').trim()
  const b = (saved.values[key] ?? '').trim()
  return a === '' || Number(a) !== Number(b)
}

/** Whether one detector (its switch or any of its parameters) differs from what is saved. */
export function detectorChanged(d: DetectorDto, draft: Draft, saved: Draft): boolean {
  return draft.enabled[d.id] !== saved.enabled[d.id] || d.params.some((p) => fieldChanged(draft, saved, fieldKey(d.id, p.key)))
}

export function isDirty(detectors: readonly DetectorDto[], draft: Draft, saved: Draft): boolean {
  return detectors.some((d) => detectorChanged(d, draft, saved))
}

/** Whether a field holds something other than its documented default. */
export function isNonDefault(draft: Draft, key: string, p: ParamDto): boolean {
  const s = (draft.values[key] ?? '').trim()
  return s === '' || Number(s) !== p.default
}

/** The overrides to save: values that differ from their default, and detectors switched off. Assumes no problems. */
export function overridesOf(detectors: readonly DetectorDto[], draft: Draft): Overrides {
  const out: Overrides = {}
  for (const d of detectors) {
    const mine: Record<string, number | boolean> = {}
    for (const p of d.params) {
      const n = Number((draft.values[fieldKey(d.id, p.key)] ?? '').trim())
      if (Number.isFinite(n) && n !== p.default) mine[p.key] = n
    }
    if (draft.enabled[d.id] === false) mine.enabled = false
    if (Object.keys(mine).length) out[d.id] = mine
  }
  return out
}

/**
 * The server's refusal ("high-rtt.warnMs: must be within [0, 10000] ms; jitter: unknown detector")
 * split into its issues, each with the field or detector it names.
 */
export function serverIssues(message: string): { path: string; message: string }[] {
  return message.split(/;\s+/).filter(Boolean).map((part) => {
    const m = /^([\w.-]+): (.+)$/s.exec(part)
    return m ? { path: m[1]!, message: m[2]! } : { path: '', message: part }
  })
}

/** Whether a detector matches the filter text: id, titles, descriptions, parameter names and docs. */
export function matchesFilter(d: DetectorDto, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (!words.length) return true
  const hay = [d.id, d.category, d.title.en, d.title.zh, d.description.en, d.description.zh, ...d.params.flatMap((p) => [p.key, p.doc.en, p.doc.zh])].join('\n').toLowerCase()
  return words.every((w) => hay.includes(w))
}

/** Detectors by category (categories and detectors in the order given). */
export function byCategory(detectors: readonly DetectorDto[]): { category: string; detectors: DetectorDto[] }[] {
  const groups = new Map<string, DetectorDto[]>()
  for (const d of detectors) groups.set(d.category, [...(groups.get(d.category) ?? []), d])
  return [...groups].map(([category, list]) => ({ category, detectors: list }))
}
