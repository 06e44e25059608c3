/**
 * The log viewer's loaded window over a virtual list of (possibly millions of) rows: a run of rows
 * with the virtual index of its first row and keyset cursors to continue after / before it. The
 * window grows by pages in either direction and is trimmed at the far end, so memory stays bounded
 * whatever is scrolled. Jumps (scrollbar drags, chart clicks) load a fresh window around a time;
 * the histogram of `logs.count` maps a virtual index to a time and back.
 */
import type { LogCountDto, LogCursor, LogPageDto, LogRowDto } from '@contract/dto'

export interface LogWindow {
  /** Virtual index of rows[0]. */
  start: number
  rows: LogRowDto[]
  /** Where to continue forward; null once the end was reached. */
  after: LogCursor | null
  /** Where to continue backward; null once the start was reached. */
  before: LogCursor | null
}

export const EMPTY_WINDOW: LogWindow = { start: 0, rows: [], after: null, before: null }

const keyOf = (r: LogRowDto): LogCursor => ({ t: r.t, id: r.id })

/** Adds a forward page after the window; drops rows from the front beyond `maxRows`. */
export function appendPage(w: LogWindow, page: LogPageDto, maxRows: number): LogWindow {
  const rows = w.rows.concat(page.rows)
  const last = rows[rows.length - 1]
  const after = !page.hasMore ? null : page.isPartial && page.resume ? page.resume : last ? keyOf(last) : w.after
  const drop = Math.max(0, rows.length - maxRows)
  const kept = drop ? rows.slice(drop) : rows
  return { start: w.start + drop, rows: kept, after, before: drop ? keyOf(kept[0]!) : w.before }
}

/** Adds a backward page before the window; drops rows from the end beyond `maxRows`. */
export function prependPage(w: LogWindow, page: LogPageDto, maxRows: number): LogWindow {
  const rows = page.rows.concat(w.rows)
  const first = rows[0]
  const before = !page.hasMore ? null : page.isPartial && page.resume ? page.resume : first ? keyOf(first) : w.before
  const kept = rows.length > maxRows ? rows.slice(0, maxRows) : rows
  const trimmed = kept.length < rows.length
  return { start: w.start - page.rows.length, rows: kept, after: trimmed ? keyOf(kept[kept.length - 1]!) : w.after, before }
}

/** A window made of a backward page ending just before an anchor and a forward page from it, placed at `rank`. */
export function windowAround(back: LogPageDto, fwd: LogPageDto, rank: number): LogWindow {
  const rows = back.rows.concat(fwd.rows)
  const before = !back.hasMore ? null : back.isPartial && back.resume ? back.resume : rows[0] ? keyOf(rows[0]) : null
  const last = rows[rows.length - 1]
  const after = !fwd.hasMore ? null : fwd.isPartial && fwd.resume ? fwd.resume : last ? keyOf(last) : null
  return { start: rank - back.rows.length, rows, after, before }
}

/**
 * Keeps virtual indices consistent after a load (ranks from estimates and histograms are
 * approximate): a window that reached the start begins at 0; one that has rows before it keeps at
 * least `slack` indices before it; the total covers the window (plus one when more follows). Returns
 * the shift applied to indices, which the scroller adds to its position so nothing visibly moves.
 */
export function normalize(w: LogWindow, total: number, slack: number): { w: LogWindow; total: number; shift: number } {
  const target = w.before === null ? 0 : Math.max(w.start, slack)
  const shift = target - w.start
  const end = target + w.rows.length
  const fixedTotal = w.after === null ? end : Math.max(total + shift, end + 1)
  return { w: shift ? { ...w, start: target } : w, total: fixedTotal, shift }
}

/** The row at a virtual index, when loaded. */
export function rowAt(w: LogWindow, index: number): LogRowDto | undefined {
  return w.rows[index - w.start]
}

/** What to load so [from, to) is covered: a page after, a page before, a jump, or nothing. */
export function nextLoad(w: LogWindow, from: number, to: number, page: number): 'forward' | 'backward' | 'jump' | null {
  const end = w.start + w.rows.length
  const wantsAfter = to > end && w.after !== null
  const wantsBefore = from < w.start && w.before !== null
  if (w.rows.length === 0) return w.after !== null || w.before !== null ? 'jump' : null
  if (wantsAfter && from < end + page) return 'forward'
  if (wantsBefore && to > w.start - page) return 'backward'
  if (wantsAfter || wantsBefore) return 'jump'
  return null
}

type Histogram = NonNullable<LogCountDto['histogram']>

/** The time where the row at `rank` is expected (linear within its histogram bucket). */
export function timeAtRank(h: Histogram, rank: number): number {
  let seen = 0
  for (let b = 0; b < h.counts.length; b++) {
    const n = h.counts[b]!
    if (rank < seen + n) return h.start + (b + (rank - seen) / n) * h.bucketMs
    seen += n
  }
  return h.start + h.counts.length * h.bucketMs
}

/** How many rows are expected before time `t`. */
export function rankAtTime(h: Histogram, t: number): number {
  const x = (t - h.start) / h.bucketMs
  let seen = 0
  for (let b = 0; b < h.counts.length; b++) {
    const n = h.counts[b]!
    if (x < b + 1) return Math.round(seen + Math.max(0, x - b) * n)
    seen += n
  }
  return seen
}
