/**
 * The comparison table: per projection, means and tails over the seconds that have a value (gaps
 * skipped), and each scenario's deltas against the baseline. Freeze seconds = Σ freezePct / 100.
 */
import { PercentileScratch, percentile } from '../util/quantiles'
import type { ComparisonRow, ProjectedSeries } from './types'

/** Mean of a sum over a count (NaN for none). */
const meanOf = (sum: number, n: number): number => (n ? sum / n : NaN)

/**
 * One table row for a projection (deltas zero; `compare` fills them). One pass for the means (each
 * over its column's finite values, summed in order), then the percentiles. Plain local sums rather
 * than accumulator objects: the first replays of a process run this loop before it is optimised.
 */
export function summarize(p: ProjectedSeries, isBaseline: boolean, scratch = new PercentileScratch()): ComparisonRow {
  let seconds = 0
  let below = 0
  let min = Infinity
  let freeze = 0
  let mosSum = 0
  let m2eSum = 0
  let m2eN = 0
  let resSum = 0
  let resN = 0
  let lateSum = 0
  let lateN = 0
  let bwSum = 0
  let bwN = 0
  for (let i = 0; i < p.mos.length; i++) {
    const m2e = p.mouthToEarMs[i]!
    if (Number.isFinite(m2e)) {
      m2eSum += m2e
      m2eN++
    }
    const res = p.residualLossPct[i]!
    if (Number.isFinite(res)) {
      resSum += res
      resN++
    }
    const late = p.lateLossPct[i]!
    if (Number.isFinite(late)) {
      lateSum += late
      lateN++
    }
    const bw = p.bandwidthKbps[i]!
    if (Number.isFinite(bw)) {
      bwSum += bw
      bwN++
    }
    const m = p.mos[i]!
    if (!Number.isFinite(m)) continue
    mosSum += m
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
    mosMean: meanOf(mosSum, seconds),
    mosP5: percentile(p.mos, 5, scratch),
    mosMin: seconds ? min : NaN,
    pctSecondsBelow31: seconds ? (100 * below) / seconds : NaN,
    mouthToEarMeanMs: meanOf(m2eSum, m2eN),
    mouthToEarP95Ms: percentile(p.mouthToEarMs, 95, scratch),
    freezeSeconds: freeze,
    residualLossMeanPct: meanOf(resSum, resN),
    lateLossMeanPct: meanOf(lateSum, lateN),
    bandwidthMeanKbps: meanOf(bwSum, bwN),
    bandwidthP95Kbps: percentile(p.bandwidthKbps, 95, scratch),
    delta: { mosMean: 0, mosP5: 0, mouthToEarMeanMs: 0, freezeSeconds: 0, bandwidthMeanKbps: 0, residualLossMeanPct: 0 },
  }
}

/** The table: the baseline row first, then every scenario with its deltas against the baseline. */
export function compare(baseline: ProjectedSeries, scenarios: readonly ProjectedSeries[]): ComparisonRow[] {
  const scratch = new PercentileScratch()
  const base = summarize(baseline, true, scratch)
  const rows: ComparisonRow[] = []
  for (const s of scenarios) {
    const r = summarize(s, false, scratch)
    r.delta = {
      mosMean: r.mosMean - base.mosMean,
      mosP5: r.mosP5 - base.mosP5,
      mouthToEarMeanMs: r.mouthToEarMeanMs - base.mouthToEarMeanMs,
      freezeSeconds: r.freezeSeconds - base.freezeSeconds,
      bandwidthMeanKbps: r.bandwidthMeanKbps - base.bandwidthMeanKbps,
      residualLossMeanPct: r.residualLossMeanPct - base.residualLossMeanPct,
    }
    rows.push(r)
  }
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
