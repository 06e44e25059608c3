/**
 * The knowledge base in the UI: full-text search over cases, notes, findings and log lines (the
 * newest answer wins; late answers of superseded queries are dropped), and similar past cases for
 * the open case.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { KB_KINDS, SearchHitDto, SimilarCaseDto } from '@contract/cases-dto'
import { type ApiError, toApiError } from '../api/api-error'
import { useApi } from '../api/use-api'

export type KbKind = (typeof KB_KINDS)[number]

export const useKnowledgeStore = defineStore('knowledge', () => {
  const api = useApi()
  const query = ref('')
  const kinds = ref<KbKind[]>(['case', 'note', 'finding', 'log'])
  const hits = ref<SearchHitDto[]>([])
  const tookMs = ref<number | null>(null)
  const hasMore = ref(false)
  const isSearching = ref(false)
  const searchError = ref<ApiError | null>(null)
  const similar = ref<SimilarCaseDto[]>([])
  const similarFor = ref<string | null>(null)
  const isLoadingSimilar = ref(false)
  const similarError = ref<ApiError | null>(null)
  let searchSeq = 0
  let similarSeq = 0

  async function search(q: string = query.value): Promise<void> {
    query.value = q
    const mine = ++searchSeq
    if (!q.trim() || !kinds.value.length) {
      hits.value = []
      tookMs.value = null
      hasMore.value = false
      return
    }
    isSearching.value = true
    try {
      const r = await api.call('knowledge.search', { query: q.trim(), kinds: [...kinds.value], limit: 50 })
      if (mine !== searchSeq) return
      hits.value = r.hits
      tookMs.value = r.tookMs
      hasMore.value = r.hasMore
      searchError.value = null
    } catch (e) {
      if (mine === searchSeq) searchError.value = toApiError(e)
    } finally {
      if (mine === searchSeq) isSearching.value = false
    }
  }

  async function loadSimilar(caseId: string): Promise<void> {
    const mine = ++similarSeq
    similarFor.value = caseId
    isLoadingSimilar.value = true
    try {
      const r = await api.call('knowledge.similar', { caseId, limit: 10 })
      if (mine !== similarSeq) return
      similar.value = r
      similarError.value = null
    } catch (e) {
      if (mine === similarSeq) similarError.value = toApiError(e)
    } finally {
      if (mine === similarSeq) isLoadingSimilar.value = false
    }
  }

  return { query, kinds, hits, tookMs, hasMore, isSearching, searchError, similar, similarFor, isLoadingSimilar, similarError, search, loadSimilar }
})
