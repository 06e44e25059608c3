/**
 * Keeps the timeline view in the address (route query) and remembers it per case, so a link, a
 * reload or reopening the case shows the same range, streams and metrics. `initialView` reads what
 * to open a case with: the route's view, else the one saved for the case, else the defaults.
 */
import { onUnmounted, watch } from 'vue'
import { type RouteLocationNormalizedLoaded, type Router } from 'vue-router'
import { type ViewState, hasView, saveView, savedView, viewFromQuery, viewToQuery } from '../lib/view-state'
import type { useTimelineStore } from '../stores/timeline'

const VIEW_KEYS = ['from', 'to', 's', 'm', 'split']
const ROUTE_DEBOUNCE_MS = 250

export function initialView(caseId: string, route: RouteLocationNormalizedLoaded): ViewState | undefined {
  if (hasView(route.query)) return viewFromQuery(route.query)
  const saved = savedView(caseId)
  return saved ? viewFromQuery(saved) : undefined
}

/**
 * Mirrors the store's view into the query (replace, no history entries) once the case's layout is
 * loaded; debounced, so a wheel zoom or the opening of a case does not route on every step.
 */
export function useViewRoute(timeline: ReturnType<typeof useTimelineStore>, route: RouteLocationNormalizedLoaded, router: Router): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const write = (json: string, caseId: string) => {
    if (route.name !== 'case' || route.params.caseId !== caseId) return
    const q = JSON.parse(json) as Record<string, string>
    saveView(caseId, q)
    const norm = (o: Record<string, unknown>) => JSON.stringify(Object.entries(o).filter(([k]) => VIEW_KEYS.includes(k)).sort(([a], [b]) => a.localeCompare(b)))
    if (norm(route.query) !== norm(q)) void router.replace({ query: q })
  }
  watch(
    () => (timeline.layout ? JSON.stringify(viewToQuery(timeline.view)) : null),
    (json) => {
      clearTimeout(timer)
      const caseId = timeline.caseId
      if (json && caseId) timer = setTimeout(() => write(json, caseId), ROUTE_DEBOUNCE_MS)
    },
  )
  onUnmounted(() => clearTimeout(timer))
}
