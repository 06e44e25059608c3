/**
 * SLA clocks as the UI shows them: time left until due, or overdue by, counted against the
 * viewer's clock from the due time the main side computed; met / breached once stopped.
 */
import type { SlaClockDto } from '@contract/dto'

export interface SlaView { state: SlaClockDto['state']; remainingMs: number; text: string }

/** `2d 03h`, `3h 05m`, `12m`, `45s` (absolute value). */
export function shortDuration(ms: number): string {
  let s = Math.round(Math.abs(ms) / 1000)
  const d = Math.floor(s / 86_400)
  s -= d * 86_400
  const h = Math.floor(s / 3600)
  s -= h * 3600
  const m = Math.floor(s / 60)
  const two = (x: number) => String(x).padStart(2, '0')
  if (d > 0) return `${d}d ${two(h)}h`
  if (h > 0) return `${h}h ${two(m)}m`
  if (m > 0) return `${m}m`
  return `${s - m * 60}s`
}

export function slaView(c: SlaClockDto, now: number): SlaView {
  const remainingMs = c.dueAt - (c.stoppedAt ?? now)
  const state: SlaClockDto['state'] = c.stoppedAt !== null ? (remainingMs >= 0 ? 'met' : 'breached') : remainingMs >= 0 ? 'running' : 'overdue'
  return { state, remainingMs, text: shortDuration(remainingMs) }
}
