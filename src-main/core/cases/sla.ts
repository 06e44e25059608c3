/**
 * SLA clocks of a case: a first-response target and a resolution target per priority, in minutes of
 * calendar time (24×7) from the case's creation. The targets are a setting; these are the defaults.
 * A clock is `running` (no stamp yet, due in the future), `overdue` (no stamp, past due), `met` or
 * `breached` (stamped before / after its due time). Times are epoch ms.
 */

export const PRIORITY_LEVELS = ['P0', 'P1', 'P2', 'P3'] as const
export type Priority = (typeof PRIORITY_LEVELS)[number]

export interface SlaTarget { firstResponseMin: number; resolutionMin: number }
export type SlaTargets = Record<Priority, SlaTarget>

/** P0 15 min / 4 h, P1 1 h / 24 h, P2 4 h / 3 days, P3 1 day / 7 days. */
export const DEFAULT_SLA_TARGETS: SlaTargets = {
  P0: { firstResponseMin: 15, resolutionMin: 4 * 60 },
  P1: { firstResponseMin: 60, resolutionMin: 24 * 60 },
  P2: { firstResponseMin: 4 * 60, resolutionMin: 3 * 24 * 60 },
  P3: { firstResponseMin: 24 * 60, resolutionMin: 7 * 24 * 60 },
}

export type SlaState = 'running' | 'overdue' | 'met' | 'breached'

export interface SlaClock {
  targetMin: number
  dueAt: number
  /** When the clock stopped (first response, or resolution/closure), else null. */
  stoppedAt: number | null
  state: SlaState
  /** dueAt − (stoppedAt ?? now): positive = time left (or margin kept), negative = overdue by. */
  remainingMs: number
}

export interface SlaClocks { firstResponse: SlaClock; resolution: SlaClock }

export interface SlaSubject {
  priority: Priority
  createdAt: number
  firstResponseAt: number | null
  resolvedAt: number | null
  closedAt: number | null
}

function clock(createdAt: number, targetMin: number, stoppedAt: number | null, now: number): SlaClock {
  const dueAt = createdAt + targetMin * 60_000
  const remainingMs = dueAt - (stoppedAt ?? now)
  const state: SlaState = stoppedAt !== null ? (remainingMs >= 0 ? 'met' : 'breached') : remainingMs >= 0 ? 'running' : 'overdue'
  return { targetMin, dueAt, stoppedAt, state, remainingMs }
}

export function slaClocks(c: SlaSubject, targets: SlaTargets, now: number): SlaClocks {
  const t = targets[c.priority]
  return {
    firstResponse: clock(c.createdAt, t.firstResponseMin, c.firstResponseAt, now),
    resolution: clock(c.createdAt, t.resolutionMin, c.resolvedAt ?? c.closedAt, now),
  }
}
