/**
 * The comparison table: per projection, means and tails over the seconds that have a value (gaps
 * skipped), and each scenario's deltas against the baseline. Freeze seconds = Σ freezePct / 100.
 */
import { percentile } from './delay'
import type { ComparisonRow, ProjectedSeries } from './types'

function mean(xs: Float64Array): number {
  let s = 0
  let n = 0
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]!
    if (Number.isFinite(v)) {
      s += v
      n++
    }
  }
  return n ? s / n : NaN
}

/** One table row for a projection (deltas zero; `compare` fills them). */
export function summarize(p: ProjectedSeries, isBaseline: boolean): ComparisonRow {
  let seconds = 0
  let below = 0
  let min = Infinity
  let freeze = 0
  for (let i = 0; i < p.mos.length; i++) {
    const m = p.mos[i]!
    if (!Number.isFinite(m)) continue
    seconds++
    if (m < 3.1) below++
    if (m < min) min = m
    const f = p.freezePct[i]!
    if (Number.isFinite(f)) freeze += f / 100
  }
  return {
    scenarioId: p.scenarioId,
    label: p.label,
    isBaseline,
    seconds,
    mosMean: mean(p.mos),
    mosP5: percentile(p.mos, 5),
    mosMin: seconds ? min : NaN,
    pctSecondsBelow31: seconds ? (100 * below) / seconds : NaN,
    mouthToEarMeanMs: mean(p.mouthToEarMs),
    mouthToEarP95Ms: percentile(p.mouthToEarMs, 95),
    freezeSeconds: freeze,
    residualLossMeanPct: mean(p.residualLossPct),
    lateLossMeanPct: mean(p.lateLossPct),
    bandwidthMeanKbps: mean(p.bandwidthKbps),
    bandwidthP95Kbps: percentile(p.bandwidthKbps, 95),
    delta: { mosMean: 0, mosP5: 0, mouthToEarMeanMs: 0, freezeSeconds: 0, bandwidthMeanKbps: 0, residualLossMeanPct: 0 },
  }
}

/** The table: the baseline row first, then every scenario with its deltas against the baseline. */
export function compare(baseline: ProjectedSeries, scenarios: readonly ProjectedSeries[]): ComparisonRow[] {
  const base = summarize(baseline, true)
  const rows = scenarios.map((s) => {
    const r = summarize(s, false)
    r.delta = {
      mosMean: r.mosMean - base.mosMean,
      mosP5: r.mosP5 - base.mosP5,
      mouthToEarMeanMs: r.mouthToEarMeanMs - base.mouthToEarMeanMs,
      freezeSeconds: r.freezeSeconds - base.freezeSeconds,
      bandwidthMeanKbps: r.bandwidthMeanKbps - base.bandwidthMeanKbps,
      residualLossMeanPct: r.residualLossMeanPct - base.residualLossMeanPct,
    }
    return r
  })
  return [base, ...rows]
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—')
const signed = (x: number, d = 2) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(d)}` : '—')

/** The table as fixed-width text (for the CLI and logs). */
export function formatComparison(rows: readonly ComparisonRow[]): string {
  const head = ['scenario', 'MOS mean', 'ΔMOS', 'MOS p5', 'M2E ms', 'ΔM2E', 'freeze s', 'Δfreeze', 'kbit/s', 'Δkbit/s']
  const body = rows.map((r) => [
    r.label, fmt(r.mosMean), r.isBaseline ? '' : signed(r.delta.mosMean), fmt(r.mosP5), fmt(r.mouthToEarMeanMs, 0),
    r.isBaseline ? '' : signed(r.delta.mouthToEarMeanMs, 0), fmt(r.freezeSeconds, 1), r.isBaseline ? '' : signed(r.delta.freezeSeconds, 1),
    fmt(r.bandwidthMeanKbps, 0), r.isBaseline ? '' : signed(r.delta.bandwidthMeanKbps, 0),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(head), ...body.map(line)].join('\n')
}
