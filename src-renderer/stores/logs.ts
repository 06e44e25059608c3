/**
 * The log viewer of the open case: filters, facets, the filtered row count with its time histogram
 * (`logs.count`) and a bounded window of loaded rows (lib/log-window.ts) that the virtual list asks
 * to cover what it shows; pages are keyset reads (`logs.query`), jumps go through a time
 * (`logs.locate` for a chart click, the histogram for a scrollbar drag). Selected rows' times are
 * what the charts mark. Late answers of superseded requests are dropped (sequence numbers).
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import type { LogCountDto, LogCursor, LogFacetsDto, LogFilters, LogRowDto } from '@contract/dto'
import { type ApiError, toApiError } from '../api/api-error'
import { useApi } from '../api/use-api'
import { EMPTY_WINDOW, type LogWindow, appendPage, nextLoad, normalize, prependPage, timeAtRank, windowAround } from '../lib/log-window'
import type { MsRange } from '../lib/time-range'

export const PAGE = 200
const MAX_WINDOW = 2000
/** Rows a chart-click jump shows above the row it lands on. */
const JUMP_CONTEXT_ROWS = 3

export interface LogFilterState {
  levels: string[] | null
  modules: string[] | null
  entryIds: number[] | null
  kinds: ('log' | 'event')[]
  text: string
  regex: string
  isRegexCaseSensitive: boolean
  range: MsRange | null
}

const emptyFilters = (): LogFilterState => ({ levels: null, modules: null, entryIds: null, kinds: ['log', 'event'], text: '', regex: '', isRegexCaseSensitive: false, range: null })

export const useLogsStore = defineStore('logs', () => {
  const api = useApi()
  const caseId = ref<string | null>(null)
  const filters = reactive<LogFilterState>(emptyFilters())
  const facets = shallowRef<LogFacetsDto | null>(null)
  const count = shallowRef<LogCountDto | null>(null)
  const win = shallowRef<LogWindow>(EMPTY_WINDOW)
  const total = ref(0)
  const focusId = ref<number | null>(null)
  /** The viewer scrolls so this index is `above` rows below the top, once per `seq`. */
  const scrollTo = ref<{ index: number; above: number; seq: number } | null>(null)
  /** Index shifts (approximate ranks corrected) the viewer adds to its position. */
  const shift = ref<{ rows: number; seq: number } | null>(null)
  const selected = shallowRef<Map<number, LogRowDto>>(new Map())
  const anchorId = ref<number | null>(null)
  /** The virtual index of the first row the viewer shows (it reports it while scrolling). */
  const topIndex = ref(0)
  const isLoading = ref(false)
  const error = ref<ApiError | null>(null)
  let seq = 0
  let busy: Promise<void> | null = null
  let wanted: [number, number] | null = null

  const selectedTimes = computed(() => [...selected.value.values()].map((r) => r.t).sort((a, b) => a - b))
  const isEstimate = computed(() => count.value?.isEstimate ?? false)
  const filterDto = computed<LogFilters>(() => ({
    ...(filters.levels ? { levels: filters.levels as LogFilters['levels'] } : {}),
    ...(filters.modules ? { modules: filters.modules } : {}),
    ...(filters.entryIds ? { entryIds: filters.entryIds } : {}),
    ...(filters.kinds.length < 2 ? { kinds: [...filters.kinds] } : {}),
    ...(filters.text.trim() ? { text: filters.text.trim() } : {}),
    ...(filters.regex ? { regex: filters.regex, isRegexCaseSensitive: filters.isRegexCaseSensitive } : {}),
    ...(filters.range ? { range: { ...filters.range } } : {}),
  }))

  function query(cursor: LogCursor | undefined, direction: 'forward' | 'backward', limit = PAGE) {
    return api.call('logs.query', { caseId: caseId.value!, filters: filterDto.value, direction, limit, ...(cursor ? { cursor } : {}) })
  }

  function place(next: LogWindow): void {
    const n = normalize(next, total.value, PAGE)
    win.value = n.w
    total.value = n.total
    if (n.shift) shift.value = { rows: n.shift, seq: ++seq }
  }

  /** Opens a case: facets, count, first rows. Keeps nothing of the previous case. */
  async function open(id: string): Promise<void> {
    if (caseId.value !== id) {
      close()
      caseId.value = id
    }
    try {
      const f = await api.call('logs.facets', { caseId: id })
      if (caseId.value === id) facets.value = f
    } catch (e) {
      if (caseId.value === id) error.value = toApiError(e)
    }
    await refresh()
  }

  /** Reloads count and window for the current filters, at time `at` (default: where the view is). */
  async function refresh(at?: number): Promise<void> {
    if (!caseId.value) return
    const mySeq = ++seq
    const top = win.value.rows[topIndex.value - win.value.start]
    const keep = at ?? (top && topIndex.value > 0 ? top.t : undefined)
    isLoading.value = true
    try {
      const c = await api.call('logs.count', { caseId: caseId.value, filters: filterDto.value, buckets: 200 })
      if (mySeq !== seq) return
      count.value = c
      total.value = c.total
      error.value = null
      win.value = EMPTY_WINDOW
      selected.value = new Map()
      await (keep !== undefined ? jumpTo(keep, false) : loadFirst())
    } catch (e) {
      if (mySeq === seq) error.value = toApiError(e)
    } finally {
      if (mySeq === seq) isLoading.value = false
    }
  }

  async function loadFirst(): Promise<void> {
    const mySeq = seq
    const page = await query(undefined, 'forward')
    if (mySeq !== seq) return
    place(appendPage(EMPTY_WINDOW, page, MAX_WINDOW))
    scrollTo.value = { index: 0, above: 0, seq: ++seq }
  }

  /** Loads the rows around time `t` and scrolls to the first at or after it (`isFocus`: highlight it, as a chart click does). */
  async function jumpTo(t: number, isFocus = true): Promise<void> {
    if (!caseId.value) return
    const mySeq = ++seq
    try {
      const loc = await api.call('logs.locate', { caseId: caseId.value, t, filters: filterDto.value })
      if (mySeq !== seq) return
      const at: LogCursor = loc.anchor ?? { t, id: Number.MIN_SAFE_INTEGER }
      const back = await query(at, 'backward', PAGE / 2)
      const fwd = loc.anchor ? await query({ t: at.t, id: at.id - 1 }, 'forward') : { rows: [], hasMore: false, isPartial: false, resume: null, scanned: 0 }
      if (mySeq !== seq) return
      place(windowAround(back, fwd, loc.rank))
      focusId.value = isFocus && loc.anchor ? loc.anchor.id : focusId.value
      // A jump shows a few rows of context above its row; a refresh keeps its row at the top.
      scrollTo.value = { index: win.value.start + back.rows.length, above: isFocus ? JUMP_CONTEXT_ROWS : 0, seq: ++seq }
    } catch (e) {
      if (mySeq === seq) error.value = toApiError(e)
    }
  }

  /** Makes the window cover virtual rows [from, to) (a page after or before, or a jump through the histogram); `top` is the row at the top of the screen, the one a reload keeps there. */
  function ensure(from: number, to: number, top: number): Promise<void> {
    wanted = [from, to]
    topIndex.value = top
    if (!caseId.value) return Promise.resolve()
    // `.finally` runs after the assignment even when the loop has nothing to do.
    busy ??= cover().finally(() => {
      busy = null
    })
    return busy
  }

  /** Loads until the latest wanted rows are covered (they change while it loads: the viewer scrolls on). */
  async function cover(): Promise<void> {
    try {
      for (let guard = 0; wanted && guard < 50; guard++) {
        const [a, b] = wanted
        const step = nextLoad(win.value, a, b, PAGE)
        if (!step) break
        await loadStep(step, a)
      }
    } catch (e) {
      error.value = toApiError(e)
    }
  }

  async function loadStep(step: 'forward' | 'backward' | 'jump', from: number): Promise<void> {
    const mySeq = seq
    const w = win.value
    if (step === 'forward') {
      const page = await query(w.after ?? undefined, 'forward')
      if (mySeq === seq) place(appendPage(win.value, page, MAX_WINDOW))
    } else if (step === 'backward') {
      const page = await query(w.before ?? undefined, 'backward')
      if (mySeq === seq) place(prependPage(win.value, page, MAX_WINDOW))
    } else {
      const h = count.value?.histogram
      if (!h) {
        const page = await query(undefined, 'forward')
        if (mySeq === seq) place(appendPage(EMPTY_WINDOW, page, MAX_WINDOW))
        return
      }
      const at = { t: timeAtRank(h, from), id: Number.MIN_SAFE_INTEGER }
      const back = await query(at, 'backward', PAGE / 2)
      const fwd = await query(at, 'forward')
      if (mySeq === seq) place(windowAround(back, fwd, from))
    }
  }

  /** Selects a row: alone, toggled (ctrl/cmd) or as a range from the last one (shift, within the loaded window). */
  function select(row: LogRowDto, mode: 'single' | 'toggle' | 'range' = 'single'): void {
    const next = new Map(mode === 'single' ? [] : selected.value)
    if (mode === 'range' && anchorId.value !== null) {
      const rows = win.value.rows
      const a = rows.findIndex((r) => r.id === anchorId.value)
      const b = rows.findIndex((r) => r.id === row.id)
      if (a >= 0 && b >= 0) for (const r of rows.slice(Math.min(a, b), Math.max(a, b) + 1)) next.set(r.id, r)
    } else if (mode === 'toggle' && next.has(row.id)) {
      next.delete(row.id)
    } else {
      next.set(row.id, row)
    }
    if (mode !== 'range') anchorId.value = row.id
    selected.value = next
  }

  function clearSelection(): void {
    selected.value = new Map()
    anchorId.value = null
  }

  /** Changes filters and reloads, staying at the time shown. */
  function setFilters(patch: Partial<LogFilterState>): Promise<void> {
    Object.assign(filters, patch)
    return refresh()
  }

  function close(): void {
    seq++
    caseId.value = null
    Object.assign(filters, emptyFilters())
    facets.value = null
    count.value = null
    win.value = EMPTY_WINDOW
    total.value = 0
    focusId.value = null
    scrollTo.value = null
    shift.value = null
    selected.value = new Map()
    anchorId.value = null
    topIndex.value = 0
    error.value = null
  }

  api.on('case.updated', ({ caseId: id }) => {
    if (id === caseId.value) void open(id)
  })

  return {
    caseId, filters, facets, count, window: win, total, focusId, scrollTo, shift, topIndex, selected, selectedTimes, isEstimate, isLoading, error, filterDto,
    open, refresh, jumpTo, ensure, select, clearSelection, setFilters, close,
  }
})
