/**
 * Shared assertions for the detector tests: run one detector (or all) on a view, and check that its
 * findings sit inside a window of the generated call (seconds) and nowhere else.
 */
import { expect } from 'vitest'
import { runFindings } from '../../../../src-main/core/detectors/engine'
import type { ThresholdOverrides } from '../../../../src-main/core/detectors/registry'
import type { CallView, Finding } from '../../../../src-main/core/detectors/types'
import { at } from '../../../fixtures/generate/faults'

/** Findings of one detector (or several) with default or overridden thresholds. */
export function run(view: CallView, ids: string | string[], config?: ThresholdOverrides): Finding[] {
  const { findings, issues } = runFindings(view, config, Array.isArray(ids) ? ids : [ids])
  expect(issues).toEqual([])
  return findings
}

/** All detectors. */
export function runAll(view: CallView, config?: ThresholdOverrides): Finding[] {
  const { findings, issues } = runFindings(view, config)
  expect(issues).toEqual([])
  return findings
}

/** Every finding lies within [from - slack, to + slack] seconds of the call, and there is at least one. */
export function expectWithin(findings: Finding[], from: number, to: number, slack = 2): void {
  expect(findings.length, 'at least one finding').toBeGreaterThan(0)
  for (const f of findings) {
    expect(f.start, `${f.id} starts in the fault window`).toBeGreaterThanOrEqual(at(from - slack))
    expect(f.end, `${f.id} ends in the fault window`).toBeLessThanOrEqual(at(to + slack))
  }
}

/** A compact description of findings for failure messages. */
export function brief(findings: Finding[]): string[] {
  return findings.map((f) => `${f.detectorId}/${f.code} ${f.participant ?? ''} ${f.streamKey ?? f.connectionKey ?? ''} ${((f.start - at(0)) / 1000).toFixed(1)}-${((f.end - at(0)) / 1000).toFixed(1)}`)
}
