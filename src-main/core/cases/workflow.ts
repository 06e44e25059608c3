/**
 * The case status workflow: new → investigating → escalated → resolved → closed, with the few
 * backward steps support work needs (de-escalate, reopen). A transition also moves the case's clock
 * stamps: leaving `new` is the first response, `resolved` / `closed` stop the resolution clock and
 * reopening clears them. Times are epoch ms.
 */

export const CASE_STATUSES = ['new', 'investigating', 'escalated', 'resolved', 'closed'] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]

/** Allowed next statuses per status (staying put is always allowed and changes nothing). */
export const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['investigating', 'escalated', 'closed'],
  investigating: ['escalated', 'resolved'],
  escalated: ['investigating', 'resolved'],
  resolved: ['closed', 'investigating'],
  closed: ['investigating'],
}

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to)
}

/** The clock stamps a case carries besides its status. */
export interface CaseStamps { firstResponseAt: number | null; resolvedAt: number | null; closedAt: number | null }

/**
 * The stamps after moving from `from` to `to` at `now` (assumes `canTransition`). The first response
 * is recorded once; reopening (→ investigating from resolved/closed) clears resolution and closure.
 */
export function stampsAfter(from: CaseStatus, to: CaseStatus, s: CaseStamps, now: number): CaseStamps {
  if (from === to) return s
  const next = { ...s }
  if (from === 'new' && next.firstResponseAt === null) next.firstResponseAt = now
  if (to === 'resolved') next.resolvedAt = now
  if (to === 'closed') {
    next.closedAt = now
    next.firstResponseAt ??= now
  }
  if (to === 'investigating' && (from === 'resolved' || from === 'closed')) {
    next.resolvedAt = null
    next.closedAt = null
  }
  return next
}
