/**
 * The what-if comparison table as shown: which columns, how each is formatted, and whether a
 * scenario's delta against the baseline is better, worse or about the same (MOS up is better;
 * delay, freezes and bandwidth up are worse). Pure.
 */
import type { ComparisonRowDto } from '@contract/whatif-dto'

export type Verdict = 'better' | 'worse' | 'same'

export interface TableColumn {
  key: 'mosMean' | 'worstMinuteMos' | 'mouthToEarMeanMs' | 'freezePct' | 'bandwidthMeanKbps'
  digits: number
  /** +1: higher is better; −1: lower is better. */
  sense: 1 | -1
  /** Deltas smaller than this are "about the same". */
  epsilon: number
}

export const TABLE_COLUMNS: readonly TableColumn[] = [
  { key: 'mosMean', digits: 2, sense: 1, epsilon: 0.01 },
  { key: 'worstMinuteMos', digits: 2, sense: 1, epsilon: 0.01 },
  { key: 'mouthToEarMeanMs', digits: 0, sense: -1, epsilon: 1 },
  { key: 'freezePct', digits: 2, sense: -1, epsilon: 0.01 },
  { key: 'bandwidthMeanKbps', digits: 0, sense: -1, epsilon: 1 },
]

export function verdict(delta: number | null, col: TableColumn): Verdict {
  if (delta === null || Math.abs(delta) < col.epsilon) return 'same'
  return delta * col.sense > 0 ? 'better' : 'worse'
}

export function formatValue(v: number | null, digits: number): string {
  return v === null ? '—' : v.toFixed(digits)
}

/** "+0.12" / "−3" (a true minus sign), or "" when there is no delta. */
export function formatDelta(d: number | null, digits: number): string {
  if (d === null) return ''
  const s = Math.abs(d).toFixed(digits)
  if (Number(s) === 0) return `±${s}`
  return `${d > 0 ? '+' : '−'}${s}`
}

export interface CellView { text: string; delta: string; verdict: Verdict }

/** One table row's cells, in TABLE_COLUMNS order. */
export function rowCells(r: ComparisonRowDto): CellView[] {
  return TABLE_COLUMNS.map((c) => {
    const d = r.isBaseline ? null : r.delta[c.key]
    return { text: formatValue(r[c.key], c.digits), delta: formatDelta(d, c.digits), verdict: r.isBaseline ? 'same' : verdict(d, c) }
  })
}
