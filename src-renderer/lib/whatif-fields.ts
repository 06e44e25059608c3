/**
 * The scenario editor's controls, described once: which form field, what kind of control and the
 * contract's bounds. An empty control means "keep the baseline" (null in the form). Pure.
 */
import type { ScenarioForm } from './whatif-scenario'

export type FieldSection = 'audio' | 'video' | 'shared'
export type FieldKind = 'number' | 'toggle' | 'audioCodec' | 'videoCodec'

export interface FieldSpec {
  section: FieldSection
  key: string
  /** i18n key under whatif.editor. */
  label: string
  kind: FieldKind
  min?: number
  max?: number
  step?: number
}

export const EDITOR_FIELDS: readonly FieldSpec[] = [
  { section: 'audio', key: 'codec', label: 'codec', kind: 'audioCodec' },
  { section: 'audio', key: 'hasPlc', label: 'plc', kind: 'toggle' },
  { section: 'audio', key: 'bitrateKbps', label: 'bitrateKbps', kind: 'number', min: 4, max: 1024, step: 1 },
  { section: 'audio', key: 'packetMs', label: 'packetMs', kind: 'number', min: 2.5, max: 120, step: 2.5 },
  { section: 'audio', key: 'opusFec', label: 'opusFec', kind: 'toggle' },
  { section: 'audio', key: 'redDistance', label: 'redDistance', kind: 'number', min: 0, max: 10, step: 1 },
  { section: 'audio', key: 'fecRatio', label: 'fecRatio', kind: 'number', min: 0, max: 1, step: 0.05 },
  { section: 'audio', key: 'nack', label: 'nack', kind: 'toggle' },
  { section: 'video', key: 'codec', label: 'codec', kind: 'videoCodec' },
  { section: 'video', key: 'bitrateKbps', label: 'bitrateKbps', kind: 'number', min: 30, max: 50_000, step: 50 },
  { section: 'video', key: 'height', label: 'height', kind: 'number', min: 90, max: 4320, step: 1 },
  { section: 'video', key: 'fps', label: 'fps', kind: 'number', min: 1, max: 120, step: 1 },
  { section: 'video', key: 'fecRatio', label: 'fecRatio', kind: 'number', min: 0, max: 1, step: 0.05 },
  { section: 'video', key: 'nack', label: 'nack', kind: 'toggle' },
  { section: 'shared', key: 'jitterBufferMs', label: 'jitterBufferMs', kind: 'number', min: 0, max: 5000, step: 10 },
  { section: 'shared', key: 'deviceLatencyMs', label: 'deviceLatencyMs', kind: 'number', min: 0, max: 2000, step: 5 },
]

type FieldValue = string | number | boolean | null

/** The form's current value of a field. */
export function fieldValue(f: ScenarioForm, spec: FieldSpec): FieldValue {
  const holder = (spec.section === 'shared' ? f : f[spec.section]) as unknown as Record<string, FieldValue>
  return holder[spec.key] ?? null
}

/**
 * A control's raw value as the form's value: '' keeps the baseline; numbers are clamped to the
 * bounds (NaN keeps the baseline); toggles are 'on' / 'off'.
 */
export function parseControl(spec: FieldSpec, raw: string): FieldValue {
  if (raw === '') return null
  if (spec.kind === 'toggle') return raw === 'on'
  if (spec.kind !== 'number') return raw
  const v = Number(raw)
  if (!Number.isFinite(v)) return null
  return Math.min(spec.max ?? Infinity, Math.max(spec.min ?? -Infinity, v))
}

/** A copy of the form with one field set. */
export function withField(f: ScenarioForm, spec: FieldSpec, value: FieldValue): ScenarioForm {
  const next: ScenarioForm = { ...f, audio: { ...f.audio }, video: { ...f.video } }
  const holder = (spec.section === 'shared' ? next : next[spec.section]) as unknown as Record<string, FieldValue>
  holder[spec.key] = value
  return next
}

/** The control's display value ('' for keep). */
export function controlValue(f: ScenarioForm, spec: FieldSpec): string {
  const v = fieldValue(f, spec)
  if (v === null) return ''
  if (typeof v === 'boolean') return v ? 'on' : 'off'
  return String(v)
}
