/**
 * The open case's timeline: layout (`timeline.get`), the chosen stream, the visible time range and
 * the downsampled points of the panels' series (`timeline.points`, as many points as the chart is
 * wide). Zooming re-fetches the points for the visible range, so they are exact when zoomed in.
 * Times are epoch milliseconds.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { CaseTimelineDto, SeriesPointsDto, TimeRange } from '@contract/dto'
import { type ApiError, toApiError } from '../api/api-error'
import { useApi } from '../api/use-api'
import { defaultStreamId, panelSeriesIds, planPanels } from '../lib/stream-panels'

/** Bounds of `maxPoints` in the contract. */
const MIN_POINTS = 10
const MAX_POINTS = 20_000

export const useTimelineStore = defineStore('timeline', () => {
  const api = useApi()
  const caseId = ref<string | null>(null)
  const layout = shallowRef<CaseTimelineDto | null>(null)
  const streamId = ref<number | null>(null)
  const viewRange = ref<TimeRange | null>(null)
  const points = shallowRef<Record<number, SeriesPointsDto>>({})
  const isLoading = ref(false)
  const error = ref<ApiError | null>(null)
  let maxPoints = 0
  let layoutSeq = 0
  let pointsSeq = 0

  const streams = computed(() => layout.value?.streams ?? [])
  const events = computed(() => layout.value?.events ?? [])
  const panels = computed(() => planPanels(layout.value, streamId.value))
  const fullRange = computed<TimeRange | null>(() => {
    const l = layout.value
    return l && l.timeStart !== null && l.timeEnd !== null ? { start: l.timeStart, end: l.timeEnd } : null
  })
  const visibleRange = computed(() => viewRange.value ?? fullRange.value)

  /** Loads a case's layout; keeps the chosen stream when it still exists (e.g. after another import). */
  async function load(id: string): Promise<void> {
    const seq = ++layoutSeq
    if (caseId.value !== id) {
      caseId.value = id
      layout.value = null
      streamId.value = null
      viewRange.value = null
      points.value = {}
    }
    isLoading.value = true
    try {
      const next = await api.call('timeline.get', { caseId: id })
      if (seq !== layoutSeq) return
      layout.value = next
      if (!next.streams.some((s) => s.id === streamId.value)) streamId.value = defaultStreamId(next)
      error.value = null
      if (maxPoints > 0) await loadPoints()
    } catch (e) {
      if (seq === layoutSeq) error.value = toApiError(e)
    } finally {
      if (seq === layoutSeq) isLoading.value = false
    }
  }

  /** Fetches the panels' points for the visible range; `width` (chart pixels) sets how many. */
  async function loadPoints(width?: number): Promise<void> {
    if (width !== undefined) maxPoints = Math.min(MAX_POINTS, Math.max(MIN_POINTS, Math.round(width)))
    const seriesIds = panelSeriesIds(panels.value)
    const seq = ++pointsSeq
    if (seriesIds.length === 0 || maxPoints === 0) {
      points.value = {}
      return
    }
    const range = viewRange.value
    try {
      const res = await api.call('timeline.points', { seriesIds, maxPoints, ...(range ? { range: { ...range } } : {}) })
      if (seq !== pointsSeq) return
      points.value = Object.fromEntries(res.map((p) => [p.id, p]))
    } catch (e) {
      if (seq === pointsSeq) error.value = toApiError(e)
    }
  }

  /** The chart width the points were last fetched for (0 before the first fetch). */
  function requestedWidth(): number {
    return maxPoints
  }

  function selectStream(id: number): Promise<void> {
    streamId.value = id
    return loadPoints()
  }

  /** Zooms to a range (null: the whole case) and re-fetches the points for it. */
  function setViewRange(range: TimeRange | null): Promise<void> {
    viewRange.value = range && range.end > range.start ? range : null
    return loadPoints()
  }

  function close(): void {
    layoutSeq++
    pointsSeq++
    caseId.value = null
    layout.value = null
    streamId.value = null
    viewRange.value = null
    points.value = {}
    error.value = null
  }

  api.on('case.updated', ({ caseId: id }) => {
    if (id === caseId.value) void load(id)
  })

  return {
    caseId, layout, streamId, viewRange, points, isLoading, error, streams, events, panels, fullRange, visibleRange,
    load, loadPoints, requestedWidth, selectStream, setViewRange, close,
  }
})
