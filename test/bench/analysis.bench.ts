/**
 * Diagnosis and what-if speed goals (absolute; no outside baseline exists): all detectors on a
 * 1-hour, 20-stream call in < 200 ms, and 100 scenarios replayed over a 1-hour call at 1 s
 * resolution in ≤ 200 ms. The synthetic inputs and timing loops live next to the code
 * (core/detectors/bench.ts, core/whatif/bench.ts) so they stay in step with it.
 */
import { benchDetectors } from '../../src-main/core/detectors/bench'
import { benchReplay } from '../../src-main/core/whatif/bench'
import type { BenchRow } from './harness'

export async function analysisBenches(rows: BenchRow[]): Promise<void> {
  const detectors = benchDetectors()
  rows.push({ name: 'all detectors, 1-hour call, 20 streams', value: `${detectors.toFixed(0)} ms`, baseline: 'goal 200 ms', ratio: `${(detectors / 200).toFixed(2)}× goal` })
  for (const kind of ['audio', 'video'] as const) {
    const ms = benchReplay(3, kind)
    rows.push({ name: `what-if: 100 scenarios × 3600 s (${kind} stream)`, value: `${ms.toFixed(0)} ms`, baseline: 'goal 200 ms', ratio: `${(ms / 200).toFixed(2)}× goal` })
  }
}
