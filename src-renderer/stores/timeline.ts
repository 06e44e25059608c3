/**
 * The open case's timeline: layout (`timeline.get`), the view (chosen streams and metrics, split
 * mode, visible range) and the points behind it. Points come twice: an overview of the whole case
 * and the detail of the visible range (`timeline.points`, as many points as the charts are wide,
 * exact when zoomed in). A zoom redraws at once from what is held and fetches the detail after it
 * settles. Marks (times picked in the log viewer) and shaded ranges (findings, annotations: any
 * source) are drawn on every chart. Times are epoch milliseconds.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { CaseTimelineDto, SeriesPointsDto } from '@contract/dto'
import { type ApiError, toApiError } from '../api/api-error'
import { useApi } from '../api/use-api'
import { availableMetrics, defaultMetrics, panelSeriesIds, planPanels } from '../lib/metric-panels'
import { defaultSelection, orderSelection } from '../lib/stream-groups'
import { type MsRange, centreOn, clampRange, panRange, zoomRange } from '../lib/time-range'
import type { ViewState } from '../lib/view-state'

/** Bounds of `maxPoints` in the contract. */
const MIN_POINTS = 10
const MAX_POINTS = 20_000
/** Quick zooms (wheel, keys) fetch the detail once they pause this long. */
const SETTLE_MS = 150

/** A shaded time range on the charts and the events lane (a finding, an annotation, ...). */
export interface TimeRangeMark {
  id: string
  start: number
  end: number
  label: string
  /** Free-form source name, e.g. `finding` or `annotation`; picks the colour. */
  kind: string
}

export const useTimelineStore = defineStore('timeline', () => {
  const api = useApi()
  const caseId = ref<string | null>(null)
  const layout = shallowRef<CaseTimelineDto | null>(null)
  const streamIds = ref<number[]>([])
  /** Chosen metrics; null = the catalog's defaults among those available. */
  const metricIds = ref<string[] | null>(null)
  const isSplit = ref(false)
  const viewRange = ref<MsRange | null>(null)
  const overview = shallowRef<Record<number, SeriesPointsDto>>({})
  const detail = shallowRef<{ range: MsRange; points: Record<number, SeriesPointsDto> } | null>(null)
  const marks = ref<number[]>([])
  const rangeSources = shallowRef<Record<string, TimeRangeMark[]>>({})
  const isLoading = ref(false)
  const error = ref<ApiError | null>(null)
  let maxPoints = 0
  let layoutSeq = 0
  let overviewSeq = 0
  let detailSeq = 0
  let settleTimer: ReturnType<typeof setTimeout> | undefined

  const streams = computed(() => layout.value?.streams ?? [])
  const events = computed(() => layout.value?.events ?? [])
  const selectedStreams = computed(() => orderSelection(streams.value, streamIds.value))
  const available = computed(() => availableMetrics(layout.value, selectedStreams.value))
  const metrics = computed(() => (metricIds.value ? metricIds.value.filter((m) => available.value.includes(m)) : defaultMetrics(available.value)))
  const panels = computed(() => planPanels(layout.value, selectedStreams.value, metrics.value, isSplit.value))
  /** The case's time span: its series, widened to its events (getUserMedia often precedes the first stats). */
  const fullRange = computed<MsRange | null>(() => {
    const l = layout.value
    if (!l || l.timeStart === null || l.timeEnd === null) return null
    let start = l.timeStart
    let end = l.timeEnd
    for (const e of l.events) {
      if (e.t < start) start = e.t
      if (e.t > end) end = e.t
    }
    return end > start ? { start, end } : null
  })
  const visibleRange = computed(() => viewRange.value ?? fullRange.value)
  const ranges = computed(() => Object.values(rangeSources.value).flat())
  const view = computed<ViewState>(() => ({ range: viewRange.value, streams: streamIds.value, metrics: metricIds.value, isSplit: isSplit.value }))

  /** The best points held for a series: the detail when it covers the visible range, else the overview. */
  function pointsFor(seriesId: number): SeriesPointsDto | undefined {
    const d = detail.value
    const v = visibleRange.value
    if (d && v && d.range.start <= v.start && d.range.end >= v.end && d.points[seriesId]) return d.points[seriesId]
    return overview.value[seriesId]
  }

  /**
   * Loads a case's layout; `initial` (from the route) picks streams, metrics and range when they
   * still fit. `widthHint` (expected chart pixels) lets the points load with the layout, before the
   * charts exist to report their width.
   */
  async function load(id: string, initial?: ViewState, widthHint?: number): Promise<void> {
    const isNew = caseId.value !== id
    if (isNew) {
      reset()
      caseId.value = id
    }
    const seq = ++layoutSeq
    if (maxPoints === 0 && widthHint) maxPoints = Math.min(MAX_POINTS, Math.max(MIN_POINTS, Math.round(widthHint)))
    isLoading.value = true
    try {
      const next = await api.call('timeline.get', { caseId: id })
      if (seq !== layoutSeq) return
      layout.value = next
      const known = new Set(next.streams.map((s) => s.id))
      const wanted = isNew ? (initial?.streams ?? null) : streamIds.value
      const kept = (wanted ?? []).filter((s) => known.has(s))
      streamIds.value = kept.length ? kept : defaultSelection(next)
      if (isNew && initial) {
        metricIds.value = initial.metrics
        isSplit.value = initial.isSplit
        viewRange.value = initial.range && fullRange.value ? clampRange(initial.range, fullRange.value) : null
      }
      error.value = null
      overview.value = {}
      detail.value = null
      if (maxPoints > 0) await loadPoints()
    } catch (e) {
      if (seq === layoutSeq) error.value = toApiError(e)
    } finally {
      if (seq === layoutSeq) isLoading.value = false
    }
  }

  /** Fetches the overview (and the detail when zoomed) of the panels' series; `width` (chart pixels) sets how many points. */
  async function loadPoints(width?: number): Promise<void> {
    if (width !== undefined) maxPoints = Math.min(MAX_POINTS, Math.max(MIN_POINTS, Math.round(width)))
    const seriesIds = panelSeriesIds(panels.value)
    const seq = ++overviewSeq
    if (seriesIds.length === 0 || maxPoints === 0) return
    try {
      const res = await api.call('timeline.points', { seriesIds, maxPoints })
      if (seq !== overviewSeq) return
      overview.value = Object.fromEntries(res.map((p) => [p.id, p]))
    } catch (e) {
      if (seq === overviewSeq) error.value = toApiError(e)
    }
    if (viewRange.value) await loadDetail()
  }

  async function loadDetail(): Promise<void> {
    clearTimeout(settleTimer)
    const range = viewRange.value
    const seriesIds = panelSeriesIds(panels.value)
    const seq = ++detailSeq
    if (!range || seriesIds.length === 0 || maxPoints === 0) return
    try {
      const res = await api.call('timeline.points', { seriesIds, maxPoints, range: { ...range } })
      if (seq !== detailSeq) return
      detail.value = { range: { ...range }, points: Object.fromEntries(res.map((p) => [p.id, p])) }
    } catch (e) {
      if (seq === detailSeq) error.value = toApiError(e)
    }
  }

  /** The chart width the points were last fetched for (0 before the first fetch). */
  function requestedWidth(): number {
    return maxPoints
  }

  /**
   * Shows a range (null: the whole case), redrawn at once from the points held; the exact detail is
   * fetched now, or once quick changes (`isQuick`: wheel, keys) pause.
   */
  function setViewRange(range: MsRange | null, isQuick = false): Promise<void> {
    const full = fullRange.value
    viewRange.value = range && full ? clampRange(range, full) : null
    if (!viewRange.value) {
      detailSeq++
      clearTimeout(settleTimer)
      return Promise.resolve()
    }
    if (!isQuick) return loadDetail()
    clearTimeout(settleTimer)
    settleTimer = setTimeout(() => void loadDetail(), SETTLE_MS)
    return Promise.resolve()
  }

  function zoomBy(factor: number, at?: number, isQuick = true): Promise<void> {
    const cur = visibleRange.value
    const full = fullRange.value
    return cur && full ? setViewRange(zoomRange(cur, full, factor, at), isQuick) : Promise.resolve()
  }

  function panBy(fraction: number, isQuick = true): Promise<void> {
    const cur = visibleRange.value
    const full = fullRange.value
    return cur && full ? setViewRange(panRange(cur, full, fraction), isQuick) : Promise.resolve()
  }

  /** Brings `t` into view: keeps the range when it already shows `t`, else centres on it at the same zoom. */
  function reveal(t: number): Promise<void> {
    const cur = visibleRange.value
    const full = fullRange.value
    if (!cur || !full || (t >= cur.start && t <= cur.end)) return Promise.resolve()
    return setViewRange(centreOn(t, cur.end - cur.start, full))
  }

  function setStreams(ids: number[]): Promise<void> {
    streamIds.value = [...new Set(ids)]
    return loadPoints()
  }

  function setMetrics(ids: string[] | null): Promise<void> {
    metricIds.value = ids
    return loadPoints()
  }

  function setSplit(on: boolean): void {
    isSplit.value = on
  }

  function setMarks(ts: number[]): void {
    if (ts.length !== marks.value.length || ts.some((t, i) => t !== marks.value[i])) marks.value = ts
  }

  /** Replaces the shaded ranges of one source (e.g. `findings`), leaving the other sources'. */
  function setRanges(source: string, list: TimeRangeMark[]): void {
    rangeSources.value = { ...rangeSources.value, [source]: list }
  }

  function reset(): void {
    layoutSeq++
    overviewSeq++
    detailSeq++
    clearTimeout(settleTimer)
    caseId.value = null
    layout.value = null
    streamIds.value = []
    metricIds.value = null
    isSplit.value = false
    viewRange.value = null
    overview.value = {}
    detail.value = null
    marks.value = []
    error.value = null
  }

  api.on('case.updated', ({ caseId: id }) => {
    if (id === caseId.value) void load(id)
  })

  return {
    caseId, layout, streamIds, metricIds, isSplit, viewRange, overview, detail, marks, isLoading, error,
    streams, events, selectedStreams, available, metrics, panels, fullRange, visibleRange, ranges, view,
    pointsFor, load, loadPoints, requestedWidth, setViewRange, zoomBy, panBy, reveal, setStreams, setMetrics, setSplit, setMarks, setRanges,
    close: reset,
  }
})
