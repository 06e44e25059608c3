/**
 * What-if analysis of the open case (issue 6): the replayable streams, the presets and codecs, the
 * scenarios saved with the case, the scenario being edited (the draft), the replay of the chosen
 * stream under baseline + draft + saved scenarios + chosen presets, and a sweep heatmap around the
 * stream's measured network. The newest answer wins: late answers of superseded requests are dropped.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SavedScenarioDto, ScenarioDto, StreamReplayDto, SweepDto, WhatIfCatalogDto, WhatIfStreamDto } from '@contract/whatif-dto'
import { type ApiError, toApiError } from '../api/api-error'
import { useApi } from '../api/use-api'
import { AXES_FOR, METRICS_FOR, type SweepMetric, type SweepParam, axisValues } from '../lib/whatif-heatmap'
import { type ScenarioForm, emptyForm, formToScenario, isEmptyForm, scenarioToForm } from '../lib/whatif-scenario'

/** The contract's limits: scenarios per replay. */
const MAX_SCENARIOS = 20
/** Points per chart line: one per second for calls up to ~33 minutes. */
const MAX_POINTS = 2000

/** The stream a replay starts on: the received audio with the most loss (where the trouble shows), else any replayable stream. */
export function defaultStream(streams: readonly WhatIfStreamDto[]): WhatIfStreamDto | null {
  const ok = streams.filter((s) => s.isReplayable)
  const audioIn = ok.filter((s) => s.kind === 'audio' && s.direction === 'recv')
  const worst = audioIn.reduce<WhatIfStreamDto | null>((best, s) => (best === null || (s.lossMeanPct ?? 0) > (best.lossMeanPct ?? 0) ? s : best), null)
  return worst ?? ok[0] ?? null
}

/** What a replay compares: the saved scenarios shown (the draft replaces the one it edits), then the draft when it changes something. */
export function comparedScenarios(saved: readonly SavedScenarioDto[], hidden: readonly string[], draft: ScenarioForm): ScenarioDto[] {
  const hasDraft = !isEmptyForm(draft)
  const own = saved.filter((s) => !hidden.includes(s.id) && !(hasDraft && s.id === draft.id))
    .map((s) => ({ id: s.id, label: s.label, ...(s.patch ? { patch: s.patch } : {}), ...(s.audio ? { audio: s.audio } : {}), ...(s.video ? { video: s.video } : {}) }))
  const list = hasDraft ? [...own, formToScenario(draft)] : own
  return list.slice(-MAX_SCENARIOS)
}

export const useWhatIfStore = defineStore('whatif', () => {
  const api = useApi()
  const caseId = ref<string | null>(null)
  const catalog = ref<WhatIfCatalogDto | null>(null)
  const streams = ref<WhatIfStreamDto[]>([])
  const streamId = ref<number | null>(null)
  const presetIds = ref<string[]>([])
  const saved = ref<SavedScenarioDto[]>([])
  const hiddenSaved = ref<string[]>([])
  const draft = ref<ScenarioForm>(emptyForm())
  const result = ref<StreamReplayDto | null>(null)
  const isReplaying = ref(false)
  const error = ref<ApiError | null>(null)
  const sweepAxes = ref<{ x: SweepParam; y: SweepParam; metric: SweepMetric }>({ x: 'lossPct', y: 'jitterBufferMs', metric: 'mos' })
  const sweepResult = ref<SweepDto | null>(null)
  const isSweeping = ref(false)
  const sweepError = ref<ApiError | null>(null)
  let replaySeq = 0
  let sweepSeq = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let sweepKind: 'audio' | 'video' = 'audio'

  const stream = computed(() => streams.value.find((s) => s.streamId === streamId.value) ?? null)
  const kind = computed<'audio' | 'video'>(() => stream.value?.kind ?? 'audio')
  const scenarios = computed(() => comparedScenarios(saved.value, hiddenSaved.value, draft.value))

  async function open(id: string, draftLabel = ''): Promise<void> {
    close()
    caseId.value = id
    draft.value = emptyForm(undefined, draftLabel)
    try {
      const [cat, list, own] = await Promise.all([
        catalog.value ? Promise.resolve(catalog.value) : api.call('whatif.presets', {}),
        api.call('whatif.streams', { caseId: id }),
        api.call('whatif.listScenarios', { caseId: id }),
      ])
      if (caseId.value !== id) return
      catalog.value = cat
      streams.value = list
      saved.value = own
      streamId.value = defaultStream(list)?.streamId ?? null
      fitSweepAxes()
      await Promise.all([replay(), sweep()])
    } catch (e) {
      if (caseId.value === id) error.value = toApiError(e)
    }
  }

  function close(): void {
    if (timer) clearTimeout(timer)
    timer = null
    replaySeq++
    sweepSeq++
    caseId.value = null
    streams.value = []
    streamId.value = null
    presetIds.value = []
    saved.value = []
    hiddenSaved.value = []
    result.value = null
    sweepResult.value = null
    error.value = null
    sweepError.value = null
    isReplaying.value = false
    isSweeping.value = false
  }

  async function replay(): Promise<void> {
    if (timer) clearTimeout(timer)
    timer = null
    const mine = ++replaySeq
    const id = caseId.value
    if (!id || streamId.value === null) {
      result.value = null
      return
    }
    isReplaying.value = true
    try {
      const [r] = await api.call('whatif.replay', { caseId: id, streamIds: [streamId.value], scenarios: scenarios.value, presets: [...presetIds.value], maxPoints: MAX_POINTS })
      if (mine !== replaySeq) return
      result.value = r ?? null
      error.value = null
    } catch (e) {
      if (mine === replaySeq) error.value = toApiError(e)
    } finally {
      if (mine === replaySeq) isReplaying.value = false
    }
  }

  /** Replays after `delayMs` without further changes (while a number is being typed). */
  function scheduleReplay(delayMs = 400): void {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void replay(), delayMs)
  }

  /** Keeps the sweep's axes and metric valid for the stream's kind; a change of kind starts from that kind's default axes. */
  function fitSweepAxes(): void {
    const k = kind.value
    const axes = AXES_FOR[k]
    const defaultY: SweepParam = k === 'audio' ? 'jitterBufferMs' : 'bitrateKbps'
    // Video: the G.1070 score leaves freezes out (core README, Limits), so loss shows in the frozen share.
    const defaultMetric: SweepMetric = k === 'audio' ? 'mos' : 'freezePct'
    const a = sweepKind === k ? { ...sweepAxes.value } : { x: 'lossPct' as SweepParam, y: defaultY, metric: defaultMetric }
    sweepKind = k
    if (!axes.includes(a.x)) a.x = 'lossPct'
    if (!axes.includes(a.y) || a.y === a.x) a.y = a.x === defaultY ? 'lossPct' : defaultY
    if (!METRICS_FOR[k].includes(a.metric)) a.metric = defaultMetric
    sweepAxes.value = a
  }

  async function sweep(): Promise<void> {
    const mine = ++sweepSeq
    const id = caseId.value
    if (!id || streamId.value === null) {
      sweepResult.value = null
      return
    }
    const { x, y, metric } = sweepAxes.value
    isSweeping.value = true
    try {
      const r = await api.call('whatif.sweep', {
        caseId: id, streamId: streamId.value, kind: kind.value, metric,
        x: { param: x, values: axisValues(x, kind.value) }, y: { param: y, values: axisValues(y, kind.value) },
      })
      if (mine !== sweepSeq) return
      sweepResult.value = r
      sweepError.value = null
    } catch (e) {
      if (mine === sweepSeq) sweepError.value = toApiError(e)
    } finally {
      if (mine === sweepSeq) isSweeping.value = false
    }
  }

  async function setSweepAxes(axes: { x: SweepParam; y: SweepParam; metric: SweepMetric }): Promise<void> {
    sweepAxes.value = { ...axes }
    fitSweepAxes()
    await sweep()
  }

  async function selectStream(id: number): Promise<void> {
    streamId.value = id
    fitSweepAxes()
    await Promise.all([replay(), sweep()])
  }

  async function togglePreset(id: string): Promise<void> {
    presetIds.value = presetIds.value.includes(id) ? presetIds.value.filter((p) => p !== id) : [...presetIds.value, id]
    await replay()
  }

  async function toggleSaved(id: string): Promise<void> {
    hiddenSaved.value = hiddenSaved.value.includes(id) ? hiddenSaved.value.filter((s) => s !== id) : [...hiddenSaved.value, id]
    await replay()
  }

  /** Saves the draft with the case (new, or replacing the saved scenario it edits). */
  async function saveDraft(): Promise<boolean> {
    const id = caseId.value
    if (!id) return false
    try {
      const s = await api.call('whatif.saveScenario', { caseId: id, scenario: formToScenario(draft.value) })
      const i = saved.value.findIndex((x) => x.id === s.id)
      saved.value = i >= 0 ? saved.value.map((x, k) => (k === i ? s : x)) : [...saved.value, s]
      hiddenSaved.value = hiddenSaved.value.filter((x) => x !== s.id)
      error.value = null
      return true
    } catch (e) {
      error.value = toApiError(e)
      return false
    }
  }

  function editSaved(id: string): void {
    const s = saved.value.find((x) => x.id === id)
    if (s) draft.value = scenarioToForm(s)
  }

  /** Starts a new, empty draft (the previous one, if saved, stays saved). */
  function newDraft(label = ''): void {
    draft.value = emptyForm(undefined, label)
    void replay()
  }

  async function deleteSaved(id: string, nextDraftLabel = ''): Promise<void> {
    const cid = caseId.value
    if (!cid) return
    try {
      await api.call('whatif.deleteScenario', { caseId: cid, scenarioId: id })
      saved.value = saved.value.filter((x) => x.id !== id)
      if (draft.value.id === id) draft.value = emptyForm(undefined, nextDraftLabel)
      error.value = null
      await replay()
    } catch (e) {
      error.value = toApiError(e)
    }
  }

  return {
    caseId, catalog, streams, streamId, stream, kind, presetIds, saved, hiddenSaved, draft, scenarios, result, isReplaying, error,
    sweepAxes, sweepResult, isSweeping, sweepError,
    open, close, replay, scheduleReplay, sweep, setSweepAxes, selectStream, togglePreset, toggleSaved, saveDraft, editSaved, newDraft, deleteSaved,
  }
})
