/**
 * The detector-threshold settings: every detector with its documented parameters (`detectors.describe`),
 * the form being edited (texts as typed, checked against each range), what is saved, and saving
 * (`detectors.setThresholds`). A refusal from the server is kept with its issues, each naming its
 * field. After a save every case is analysed again the next time it is opened (the server marks the
 * stored findings stale), which `savedAt` lets the screen say.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { type ApiError, toApiError } from '../api/api-error'
import { useApi } from '../api/use-api'
import {
  type DetectorDto, type Draft, byCategory, detectorChanged, draftFrom, fieldChanged, fieldKey, isDirty, matchesFilter, overridesOf,
  problems, serverIssues,
} from '../lib/threshold-draft'

const EMPTY: Draft = { values: {}, enabled: {} }
const copy = (d: Draft): Draft => ({ values: { ...d.values }, enabled: { ...d.enabled } })

export const useSettingsStore = defineStore('settings', () => {
  const api = useApi()
  const detectors = ref<DetectorDto[]>([])
  const saved = ref<Draft>(EMPTY)
  const draft = ref<Draft>(EMPTY)
  const filter = ref('')
  const isLoading = ref(false)
  const isSaving = ref(false)
  const loadError = ref<ApiError | null>(null)
  const saveError = ref<ApiError | null>(null)
  /** When the last save went through (null before any, and again once the form is edited). */
  const savedAt = ref<number | null>(null)

  const fieldProblems = computed(() => problems(detectors.value, draft.value))
  const hasProblems = computed(() => Object.keys(fieldProblems.value).length > 0)
  const dirty = computed(() => isDirty(detectors.value, draft.value, saved.value))
  const groups = computed(() => byCategory(detectors.value.filter((d) => matchesFilter(d, filter.value))))
  const issues = computed(() => (saveError.value ? serverIssues(saveError.value.message) : []))

  async function load(): Promise<void> {
    isLoading.value = true
    loadError.value = null
    try {
      const r = await api.call('detectors.describe', {})
      detectors.value = r.detectors
      saved.value = draftFrom(r.detectors, r.overrides)
      draft.value = copy(saved.value)
      saveError.value = null
    } catch (e) {
      loadError.value = toApiError(e)
    } finally {
      isLoading.value = false
    }
  }

  function edited(): void {
    savedAt.value = null
  }

  function setValue(detectorId: string, param: string, text: string): void {
    draft.value.values[fieldKey(detectorId, param)] = text
    edited()
  }

  function setEnabled(detectorId: string, on: boolean): void {
    draft.value.enabled[detectorId] = on
    edited()
  }

  function resetParam(detectorId: string, param: string): void {
    const p = detectors.value.find((d) => d.id === detectorId)?.params.find((x) => x.key === param)
    if (p) setValue(detectorId, param, String(p.default))
  }

  /** Every parameter of the detector back to its default, and the detector on. */
  function resetDetector(detectorId: string): void {
    const d = detectors.value.find((x) => x.id === detectorId)
    if (!d) return
    for (const p of d.params) draft.value.values[fieldKey(d.id, p.key)] = String(p.default)
    draft.value.enabled[d.id] = true
    edited()
  }

  /** Back to what is saved. */
  function discard(): void {
    draft.value = copy(saved.value)
    saveError.value = null
  }

  /** Saves the form; refused (without a call) while a field is invalid. True when saved. */
  async function save(): Promise<boolean> {
    if (hasProblems.value || isSaving.value) return false
    isSaving.value = true
    saveError.value = null
    const submitted = copy(draft.value)
    try {
      await api.call('detectors.setThresholds', { overrides: overridesOf(detectors.value, submitted) })
      saved.value = submitted
      savedAt.value = Date.now()
      return true
    } catch (e) {
      saveError.value = toApiError(e)
      return false
    } finally {
      isSaving.value = false
    }
  }

  const isChanged = (detectorId: string, param: string) => fieldChanged(draft.value, saved.value, fieldKey(detectorId, param))
  const isDetectorChanged = (d: DetectorDto) => detectorChanged(d, draft.value, saved.value)

  return {
    detectors, saved, draft, filter, isLoading, isSaving, loadError, saveError, savedAt, fieldProblems, hasProblems, dirty, groups, issues,
    load, setValue, setEnabled, resetParam, resetDetector, discard, save, isChanged, isDetectorChanged,
  }
})
