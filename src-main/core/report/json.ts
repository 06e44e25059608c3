/**
 * The case report as JSON for ticket systems (`schema: rtcwb.case-report/1`): the report model
 * with chart points replaced by per-line figures (min / mean / max), so the document stays small.
 */
import type { CaseReport } from './model'

export const REPORT_SCHEMA = 'rtcwb.case-report/1'

function figures(v: (number | null)[]): { points: number; min: number | null; mean: number | null; max: number | null } {
  const xs = v.filter((x): x is number => x !== null && Number.isFinite(x))
  if (!xs.length) return { points: 0, min: null, mean: null, max: null }
  const round = (x: number) => Math.round(x * 100) / 100
  return { points: xs.length, min: round(Math.min(...xs)), mean: round(xs.reduce((a, b) => a + b, 0) / xs.length), max: round(Math.max(...xs)) }
}

export function reportToJson(r: CaseReport): string {
  const { charts, ...rest } = r
  const doc = {
    schema: REPORT_SCHEMA,
    ...rest,
    charts: charts.map((c) => ({ title: c.title, unit: c.unit, start: c.start, end: c.end, lines: c.lines.map((l) => ({ label: l.label, ...figures(l.v) })) })),
  }
  return `${JSON.stringify(doc, null, 2)}\n`
}
