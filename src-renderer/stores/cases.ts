/**
 * Cases: the searchable list and the open case's detail. Subscribes once to `case.updated` and
 * refreshes what it shows. Late answers of superseded requests are dropped (sequence numbers).
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CaseDetailDto, CaseSummaryDto } from '@contract/dto'
import { type ApiError, toApiError } from '../api/api-error'
import { useApi } from '../api/use-api'

export const useCasesStore = defineStore('cases', () => {
  const api = useApi()
  const items = ref<CaseSummaryDto[]>([])
  const query = ref('')
  const isLoading = ref(false)
  const listError = ref<ApiError | null>(null)
  const currentId = ref<string | null>(null)
  const current = ref<CaseDetailDto | null>(null)
  const currentError = ref<ApiError | null>(null)
  let listSeq = 0
  let caseSeq = 0

  /** Reloads the list for the current query. */
  async function refresh(): Promise<void> {
    const seq = ++listSeq
    isLoading.value = true
    try {
      const q = query.value.trim()
      const list = await api.call('cases.list', q ? { query: q } : {})
      if (seq !== listSeq) return
      items.value = list
      listError.value = null
    } catch (e) {
      if (seq === listSeq) listError.value = toApiError(e)
    } finally {
      if (seq === listSeq) isLoading.value = false
    }
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

  return { items, query, isLoading, listError, currentId, current, currentError, refresh, search, loadCase, closeCase }
})
