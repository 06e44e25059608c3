/**
 * The open case's root-cause work: its annotations, the taxonomy they use, the case's findings (for
 * evidence), its streams (to tie an annotation to one), and its edit history with undo. Reloads on
 * `annotations.changed` and `case.updated` for that case (another window's edits included). Errors land in `error`.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AnnotationDto, CaseFindingDto, HistoryEntryDto, TaxonomyDto } from '@contract/cases-dto'
import type { StreamDto } from '@contract/dto'
import type { In } from '@contract/methods'
import { type ApiError, withBusy } from '../api/api-error'
import { useApi } from '../api/use-api'

export type AnnotationDraft = Omit<In<'annotations.create'>, 'caseId'>

export const useAnnotationsStore = defineStore('annotations', () => {
  const api = useApi()
  const caseId = ref<string | null>(null)
  const items = ref<AnnotationDto[]>([])
  const taxonomy = ref<TaxonomyDto | null>(null)
  const findings = ref<CaseFindingDto[]>([])
  const streams = ref<StreamDto[]>([])
  const history = ref<HistoryEntryDto[]>([])
  const error = ref<ApiError | null>(null)
  const isBusy = ref(false)
  let seq = 0

  const canUndo = computed(() => history.value.some((h) => h.isUndoable))

  const guarded = <T>(fn: () => Promise<T>) => withBusy(isBusy, error, fn)

  async function reload(): Promise<void> {
    const id = caseId.value
    if (!id) return
    const mine = ++seq
    const [list, hist] = await Promise.all([api.call('annotations.list', { caseId: id }), api.call('cases.history', { caseId: id, limit: 100 })])
    if (mine !== seq) return
    items.value = list
    history.value = hist
  }

  /** Loads everything for a case (findings and streams in the background). */
  async function open(id: string): Promise<void> {
    caseId.value = id
    items.value = []
    history.value = []
    await guarded(async () => {
      taxonomy.value ??= await api.call('taxonomy.get', {})
      await reload()
    })
    void api.call('findings.list', { caseId: id }).then((f) => caseId.value === id && (findings.value = f.findings), () => undefined)
    void api.call('timeline.get', { caseId: id }).then((t) => caseId.value === id && (streams.value = t.streams), () => undefined)
  }

  function close(): void {
    seq++
    caseId.value = null
    items.value = []
    findings.value = []
    streams.value = []
    history.value = []
    error.value = null
  }

  const create = (draft: AnnotationDraft) => guarded(async () => {
    const a = await api.call('annotations.create', { ...draft, caseId: caseId.value! })
    await reload()
    return a
  })

  const update = (annotationId: string, patch: Omit<In<'annotations.update'>, 'annotationId'>) => guarded(async () => {
    const a = await api.call('annotations.update', { annotationId, ...patch })
    await reload()
    return a
  })

  const remove = (annotationId: string) => guarded(async () => {
    await api.call('annotations.delete', { annotationId })
    await reload()
  })

  const undo = () => guarded(async () => {
    const r = await api.call('cases.undo', { caseId: caseId.value! })
    await reload()
    return r.undone
  })

  const saveTaxonomy = (t: TaxonomyDto) => guarded(async () => (taxonomy.value = await api.call('taxonomy.set', t)))

  /** Loads the taxonomy once (for category labels outside a case, e.g. in search results). */
  async function loadTaxonomy(): Promise<void> {
    if (!taxonomy.value) await guarded(async () => (taxonomy.value = await api.call('taxonomy.get', {})))
  }

  /** A category's label in the UI language; ids no longer in the taxonomy show as themselves. */
  function categoryLabel(id: string, locale: string): string {
    const c = taxonomy.value?.categories.find((x) => x.id === id)
    return c ? (locale.startsWith('zh') ? c.label.zh : c.label.en) : id
  }

  const onChanged = (p: { caseId: string }) => {
    if (p.caseId === caseId.value) void reload().catch(() => undefined)
  }
  api.on('annotations.changed', onChanged)
  // Case field edits are history too (and undo may revert them).
  api.on('case.updated', onChanged)

  return {
    caseId, items, taxonomy, findings, streams, history, error, isBusy, canUndo,
    open, close, reload, create, update, remove, undo, saveTaxonomy, loadTaxonomy, categoryLabel,
  }
})
