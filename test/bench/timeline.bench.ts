/**
 * Timeline speed in headless Chromium (the measuring code is timeline-render.bench.ts): 8 synced
 * panels × 1M points painted vs raw uPlot on the same points (baseline, same run), zoom redraw,
 * and opening a stored 1-hour case through the real server. Needs `npm run build` and /usr/bin/chromium.
 */
import type { BenchRow } from './harness'
import { benchTimelineRender } from './timeline-render.bench'

export async function timelineBenches(rows: BenchRow[]): Promise<void> {
  const r = await benchTimelineRender()
  rows.push({ name: '8 synced panels × 1M points, first paint', value: `${r.paint8x1M.toFixed(0)} ms`, baseline: `raw uPlot ${r.uplotBaseline8x1M.toFixed(0)} ms`, ratio: `${(r.paint8x1M / r.uplotBaseline8x1M).toFixed(2)}× uPlot; goal ≤ 300 ms` })
  rows.push({ name: 'zoom redraw (8 panels)', value: `${r.zoomRedraw.toFixed(1)} ms`, baseline: 'goal 50 ms', ratio: `${(r.zoomRedraw / 50).toFixed(2)}× goal` })
  rows.push({ name: 'open a stored 1-hour case (real server)', value: `${r.openHourCase.toFixed(0)} ms`, baseline: 'goal 1000 ms', ratio: `${(r.openHourCase / 1000).toFixed(2)}× goal` })
}
