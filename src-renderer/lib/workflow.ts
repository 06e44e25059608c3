/**
 * The case status workflow as the UI offers it: the statuses a case may move to next. Mirrors
 * core/cases/workflow.ts (the main side enforces it; test/renderer/lib/workflow.test.ts keeps the
 * two in step), because the renderer imports core for types only.
 */
import type { CaseSummaryDto } from '@contract/dto'

type Status = CaseSummaryDto['status']

export const NEXT_STATUSES: Readonly<Record<Status, readonly Status[]>> = {
  new: ['investigating', 'escalated', 'closed'],
  investigating: ['escalated', 'resolved'],
  escalated: ['investigating', 'resolved'],
  resolved: ['closed', 'investigating'],
  closed: ['investigating'],
}

/** The current status first, then where it can go. */
export function statusChoices(current: Status): Status[] {
  return [current, ...NEXT_STATUSES[current]]
}
