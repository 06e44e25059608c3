/**
 * The engine: runs every enabled detector of the registry over a CallView with resolved thresholds,
 * stamps each draft into a Finding (stable id, detector id and version, category, signature), sorts
 * them by time, then scores the call and ranks the findings. Pure: same view and settings, same output.
 * A detector that throws is reported in `issues` and the others still run.
 */
import { DETECTOR_LIST, type ThresholdOverrides } from './registry'
import { type CallScores, scoreCall } from './score'
import { type ThresholdIssue, resolveThresholds } from './settings'
import { type CallSummary, summarize } from './summary'
import type { CallView, DetectorDef, Finding, FindingDraft } from './types'

export interface DetectorRun {
  findings: Finding[]
  scores: CallScores
  summary: CallSummary
  /** Invalid settings (ignored, defaults used) and detectors that failed. */
  issues: ThresholdIssue[]
}

function signatureOf(d: DetectorDef, draft: FindingDraft): string {
  return [d.id, draft.code, ...(draft.signatureParts ?? [])].map((x) => x.replace(/[/\s]+/g, '-').toLowerCase()).join('/')
}

function stamp(d: DetectorDef, draft: FindingDraft, used: Map<string, number>): Finding {
  const owner = draft.streamKey ?? draft.connectionKey ?? draft.participant ?? ''
  const base = `${d.id}:${draft.code}:${draft.entryId ?? ''}:${owner}:${Math.round(draft.start)}`
  const n = used.get(base) ?? 0
  used.set(base, n + 1)
  const { signatureParts: _parts, category, ...rest } = draft
  return {
    ...rest, id: n === 0 ? base : `${base}#${n}`, detectorId: d.id, detectorVersion: d.version,
    category: category ?? d.category, signature: signatureOf(d, draft),
  }
}

/** Runs the detectors (all, or those named in `only`) and returns their findings only. */
export function runFindings(call: CallView, config?: ThresholdOverrides, only?: readonly string[]): { findings: Finding[]; issues: ThresholdIssue[] } {
  const { values, enabled, issues } = resolveThresholds(config)
  const findings: Finding[] = []
  const used = new Map<string, number>()
  for (const d of DETECTOR_LIST) {
    if (only ? !only.includes(d.id) : !(enabled as Record<string, boolean>)[d.id]) continue
    let drafts: FindingDraft[]
    try {
      drafts = d.run(call, (values as unknown as Record<string, Record<string, number>>)[d.id]!)
    } catch (e) {
      issues.push({ path: d.id, message: `detector failed: ${(e as Error).message}` })
      continue
    }
    for (const draft of drafts) {
      if (!Number.isFinite(draft.start) || !Number.isFinite(draft.end)) continue
      findings.push(stamp(d, draft, used))
    }
  }
  findings.sort((a, b) => a.start - b.start || a.detectorId.localeCompare(b.detectorId))
  return { findings, issues }
}

/**
 * All detectors over one case: findings, per-stream and per-participant scores, and the ranked
 * summary. `config` overrides default thresholds per detector id (see `describeDetectors`).
 */
export function runDetectors(call: CallView, config?: ThresholdOverrides): DetectorRun {
  const { findings, issues } = runFindings(call, config)
  const scores = scoreCall(call)
  return { findings, scores, summary: summarize(call, findings, scores), issues }
}
