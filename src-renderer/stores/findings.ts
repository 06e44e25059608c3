/**
 * The open case's findings (the detector engine's, stored after each import): loaded with the case,
 * computed on first open when the case was never analysed, reloaded on `case.updated`, and pushed to
 * the timeline as shaded ranges so every chart and the events lane show where each problem was.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CaseFindingDto } from '@contract/cases-dto'
import { type ApiError, toApiError } from '../api/api-error'
import { useApi } from '../api/use-api'
import { useTimelineStore } from './timeline'

const SEVERITY_ORDER: Record<CaseFindingDto['severity'], number> = { error: 0, warning: 1, info: 2 }

export const useFindingsStore = defineStore('findings', () => {
  const api = useApi()
  const timeline = useTimelineStore()
  const caseId = ref<string | null>(null)
  const items = ref<CaseFindingDto[]>([])
  const isLoading = ref(false)
  const error = ref<ApiError | null>(null)
  let seq = 0

  /** Worst first, then by duration (the longest problem of a severity leads). */
  function ranked(list: CaseFindingDto[]): CaseFindingDto[] {
    return [...list].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (b.end - b.start) - (a.end - a.start) || a.start - b.start)
  }

  async function open(id: string): Promise<void> {
    const mine = ++seq
    caseId.value = id
    isLoading.value = true
    error.value = null
    try {
      let result = await api.call('findings.list', { caseId: id })
      if (result.analyzedAt === null) result = await api.call('findings.refresh', { caseId: id })
      if (mine !== seq) return
      items.value = ranked(result.findings)
      timeline.setRanges('findings', items.value.map((f) => ({ id: f.id, start: f.start, end: Math.max(f.end, f.start + 1000), label: f.title.en, kind: 'finding' })))
    } catch (e) {
      if (mine === seq) error.value = toApiError(e)
    } finally {
      if (mine === seq) isLoading.value = false
    }
  }

  /** Zooms the timeline to a finding, with some context either side. */
  function reveal(f: CaseFindingDto): Promise<void> {
    const pad = Math.max(10_000, (f.end - f.start) * 0.25)
    return timeline.setViewRange({ start: f.start - pad, end: f.end + pad })
  }

  function close(): void {
    seq++
    caseId.value = null
    items.value = []
    timeline.setRanges('findings', [])
  }

  api.on('case.updated', ({ caseId: id }) => {
    if (id === caseId.value) void open(id)
  })

  return { caseId, items, isLoading, error, open, reveal, close }
})
