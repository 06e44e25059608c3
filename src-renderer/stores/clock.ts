/**
 * Clock offsets of the open case's sources: the offset applied to each entry and the one the
 * workbench suggests (`clock.estimate`), set by typing, dragging or applying the suggestion
 * (`entries.setClockOffset`). The server announces the change (`case.updated`), so the timeline and
 * the log viewer reload on their own; this store reloads its list the same way.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { ClockOffsetDto } from '@contract/dto'
import { type ApiError, toApiError } from '../api/api-error'
import { useApi } from '../api/use-api'

export const useClockStore = defineStore('clock', () => {
  const api = useApi()
  const caseId = ref<string | null>(null)
  const items = shallowRef<ClockOffsetDto[]>([])
  const busyEntry = ref<number | null>(null)
  const error = ref<ApiError | null>(null)
  let seq = 0

  async function load(id: string): Promise<void> {
    const mySeq = ++seq
    if (caseId.value !== id) items.value = []
    caseId.value = id
    try {
      const list = await api.call('clock.estimate', { caseId: id })
      if (mySeq !== seq) return
      items.value = list
      error.value = null
    } catch (e) {
      if (mySeq === seq) error.value = toApiError(e)
    }
  }

  /** Sets an entry's offset (ms, positive = later), rounded to the millisecond. */
  async function setOffset(entryId: number, offsetMs: number): Promise<void> {
    busyEntry.value = entryId
    // An estimate already in flight may have read the offsets before this change: drop its answer
    // (the `case.updated` this change causes loads them again), or the old offset would come back
    // into the list and a following edit back to it would look like no change.
    seq++
    try {
      await api.call('entries.setClockOffset', { entryId, offsetMs: Math.round(offsetMs) })
      items.value = items.value.map((i) => (i.entryId === entryId ? { ...i, currentOffsetMs: Math.round(offsetMs) } : i))
      error.value = null
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      busyEntry.value = null
    }
  }

  /** Applies the suggested offset of an entry, when there is one. */
  function applySuggestion(entryId: number): Promise<void> {
    const s = items.value.find((i) => i.entryId === entryId)?.suggestedOffsetMs
    return s === null || s === undefined ? Promise.resolve() : setOffset(entryId, s)
  }

  function close(): void {
    seq++
    caseId.value = null
    items.value = []
    error.value = null
  }

  api.on('case.updated', ({ caseId: id }) => {
    if (id === caseId.value) void load(id)
  })

  return { caseId, items, busyEntry, error, load, setOffset, applySuggestion, close }
})
