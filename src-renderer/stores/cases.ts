/**
 * Cases: the searchable list and the open case's detail. Subscribes once to `case.updated` and
 * refreshes what it shows. Late answers of superseded requests are dropped (sequence numbers).
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CaseDetailDto, CaseSummaryDto } from '@contract/dto'
import type { In } from '@contract/methods'
import { type ApiError, toApiError } from '../api/api-error'
import { useApi } from '../api/use-api'

/** List filters and sort beyond the text query (empty lists = no filter). */
export interface CaseFilters {
  statuses: NonNullable<In<'cases.list'>['statuses']>
  priorities: NonNullable<In<'cases.list'>['priorities']>
  scenarios: NonNullable<In<'cases.list'>['scenarios']>
  sort: NonNullable<In<'cases.list'>['sort']>
  order: 'asc' | 'desc'
}

export const useCasesStore = defineStore('cases', () => {
  const api = useApi()
  const items = ref<CaseSummaryDto[]>([])
  const query = ref('')
  const isLoading = ref(false)
  const listError = ref<ApiError | null>(null)
  const currentId = ref<string | null>(null)
  const current = ref<CaseDetailDto | null>(null)
  const currentError = ref<ApiError | null>(null)
  const filters = ref<CaseFilters>({ statuses: [], priorities: [], scenarios: [], sort: 'updated', order: 'desc' })
  let listSeq = 0
  let caseSeq = 0

  /** Reloads the list for the current query. */
  async function refresh(): Promise<void> {
    const seq = ++listSeq
    isLoading.value = true
    try {
      const q = query.value.trim()
      const list = await api.call('cases.list', { ...(q ? { query: q } : {}), ...filterInput() })
      if (seq !== listSeq) return
      items.value = list
      listError.value = null
    } catch (e) {
      if (seq === listSeq) listError.value = toApiError(e)
    } finally {
      if (seq === listSeq) isLoading.value = false
    }
  }

  /** The non-default filters as `cases.list` input (none: an unfiltered call stays `{}`). */
  function filterInput(): Partial<In<'cases.list'>> {
    const f = filters.value
    return {
      ...(f.statuses.length ? { statuses: f.statuses } : {}), ...(f.priorities.length ? { priorities: f.priorities } : {}),
      ...(f.scenarios.length ? { scenarios: f.scenarios } : {}), ...(f.sort !== 'updated' || f.order !== 'desc' ? { sort: f.sort, order: f.order } : {}),
    }
  }

  function setFilters(next: Partial<CaseFilters>): Promise<void> {
    filters.value = { ...filters.value, ...next }
    return refresh()
  }

  /** Changes case fields (refused with CONFLICT when the case changed since it was loaded here). */
  async function update(caseId: string, fields: In<'cases.update'>['fields'], markResponded = false): Promise<CaseSummaryDto> {
    const loaded = current.value?.id === caseId ? current.value.updatedAt : undefined
    const r = await api.call('cases.update', { caseId, fields, markResponded, ...(loaded !== undefined ? { expectedUpdatedAt: loaded } : {}) })
    if (currentId.value === caseId) await loadCase(caseId)
    return r
  }

  async function remove(caseId: string): Promise<void> {
    await api.call('cases.delete', { caseId })
    if (currentId.value === caseId) closeCase()
    await refresh()
  }

  function search(q: string): Promise<void> {
    query.value = q
    return refresh()
  }

  /** Loads one case's detail (bundles and entries) as `current`. */
  async function loadCase(caseId: string): Promise<void> {
    const seq = ++caseSeq
    currentId.value = caseId
    if (current.value?.id !== caseId) current.value = null
    try {
      const detail = await api.call('cases.get', { caseId })
      if (seq !== caseSeq) return
      current.value = detail
      currentError.value = null
    } catch (e) {
      if (seq === caseSeq) currentError.value = toApiError(e)
    }
  }

  function closeCase(): void {
    caseSeq++
    currentId.value = null
    current.value = null
    currentError.value = null
  }

  api.on('case.updated', ({ caseId }) => {
    void refresh()
    if (currentId.value === caseId) void loadCase(caseId)
  })

  return { items, query, filters, isLoading, listError, currentId, current, currentError, refresh, search, setFilters, update, remove, loadCase, closeCase }
})
