/**
 * Automatic diagnosis (issue 5): runs the detector engine over a stored case (clock offsets as set
 * on its entries) or over a bundle parsed on the fly (offsets estimated from the streams both sides
 * saw). Thresholds come from the store's settings (`detectors.thresholds`), validated; a bad saved
 * setting is reported and its default used.
 */
import { existsSync } from 'node:fs'
import { DomainError } from '../contract/errors'
import { DETECTOR_RAW_METRICS, type DetectorInfo, type DetectorRun, type ThresholdOverrides, callViewFromEntries, describeDetectors, runDetectors, validateThresholds } from '../core/detectors'
import type { ParsedEntry } from '../core/model/call'
import { estimateEntryOffsets } from '../core/timeline/clock-offset'
import type { JobRunner } from '../jobs/job-runner'
import type { Db } from '../store/db'
import { loadCaseEntries } from '../store/repos/call-repo'
import { getCase } from '../store/repos/cases-repo'
import { markAllAnalysesStale } from '../store/repos/findings-repo'
import { getSetting, setSetting } from '../store/repos/settings-repo'

export const THRESHOLDS_KEY = 'detectors.thresholds'

export interface Analysis extends DetectorRun {
  /** Per entry: the clock offset used (ms) and how it was obtained. */
  clocks: { entry: string; participant: string; offsetMs: number; basis: 'stored' | 'estimated' | 'reference' | 'none' }[]
}

export class AnalysisService {
  constructor(private readonly db: Db, private readonly runner: JobRunner, private readonly logFormatDirs: string[]) {}

  async analyzeCase(caseId: string): Promise<Analysis> {
    return (await this.analyzeCaseWithKey(caseId)).analysis
  }

  /**
   * The analysis and the saved thresholds it used (`thresholdsKey`, compare with `thresholdsKey()`):
   * a caller storing the findings can tell whether thresholds were saved while it ran.
   */
  async analyzeCaseWithKey(caseId: string): Promise<{ analysis: Analysis; thresholdsKey: string }> {
    const thresholdsKey = await this.thresholdsKey()
    return { analysis: await this.analyzeStored(caseId, thresholdsKey), thresholdsKey }
  }

  /** The saved threshold overrides as a comparable text ('{}' when none). */
  async thresholdsKey(db: Db = this.db): Promise<string> {
    return JSON.stringify((await getSetting<unknown>(db, THRESHOLDS_KEY)) ?? {})
  }

  private async analyzeStored(caseId: string, thresholdsKey: string): Promise<Analysis> {
    if (!(await getCase(this.db, caseId))) throw new DomainError('NOT_FOUND', `no case ${caseId}`)
    // Every derived series, but of the raw getStats ones only those a detector reads.
    const entries = await loadCaseEntries(this.db, caseId, { rawMetrics: DETECTOR_RAW_METRICS })
    const view = callViewFromEntries(entries.map((e) => ({ participant: e.participant, parsed: e.parsed, clockOffsetMs: e.clockOffsetMs, entryId: String(e.entryId) })))
    const run = runDetectors(view, validThresholds(JSON.parse(thresholdsKey)))
    return { ...run, clocks: entries.map((e) => ({ entry: e.path, participant: e.participant, offsetMs: e.clockOffsetMs, basis: 'stored' as const })) }
  }

  async analyzeBundle(path: string): Promise<Analysis> {
    if (!existsSync(path)) throw new DomainError('NOT_FOUND', `no file or folder at ${path}`, { path })
    const thresholds = await this.thresholds()
    const label = path.split(/[\\/]/).pop() ?? path
    const { done } = this.runner.start({ path, logFormatDirs: this.logFormatDirs }, `analyze ${label}`, {
      onOutput: async (output) => analyzeParsed(output.entries.map((e) => ({ path: e.path, participant: e.participant, parsed: e.parsed })), thresholds),
    })
    return done
  }

  /** Every detector with its documented thresholds, and the overrides saved in this store. */
  async describe(): Promise<{ detectors: DetectorInfo[]; overrides: unknown }> {
    return { detectors: describeDetectors(), overrides: (await getSetting<unknown>(this.db, THRESHOLDS_KEY)) ?? {} }
  }

  /**
   * Saves threshold overrides (keyed by detector id, then parameter); invalid ones are refused whole,
   * naming each problem. When they change, every case's stored findings are marked stale, so each
   * case is analysed again with the new thresholds the next time it is opened.
   */
  async setThresholds(overrides: unknown): Promise<null> {
    const checked = validateThresholds(overrides)
    if (!checked.ok) throw new DomainError('INVALID_INPUT', checked.errors.map((e) => `${e.path}: ${e.message}`).join('; '))
    await this.db.tx(async (t) => {
      const before = await getSetting<unknown>(t, THRESHOLDS_KEY)
      await setSetting(t, THRESHOLDS_KEY, overrides)
      if (JSON.stringify(before ?? {}) !== JSON.stringify(overrides)) await markAllAnalysesStale(t)
    })
    return null
  }

  private async thresholds(): Promise<ThresholdOverrides | undefined> {
    return validThresholds((await getSetting<unknown>(this.db, THRESHOLDS_KEY)) ?? {})
  }
}

/** Saved overrides when valid (a bad saved setting falls back to the defaults), else undefined. */
function validThresholds(saved: unknown): ThresholdOverrides | undefined {
  const checked = validateThresholds(saved)
  return checked.ok ? checked.value : undefined
}

/** Detectors over freshly parsed entries, their clocks aligned by the streams they share. */
export function analyzeParsed(entries: { path: string; participant: string; parsed: ParsedEntry }[], thresholds?: ThresholdOverrides): Analysis {
  const usable = entries.filter((e) => !['unknown', 'binary', 'encrypted'].includes(e.parsed.kind))
  const offsets = estimateEntryOffsets(usable.map((e) => e.parsed))
  const view = callViewFromEntries(usable.map((e, i) => ({ participant: e.participant, parsed: e.parsed, clockOffsetMs: offsets[i]?.offsetMs ?? 0, entryId: e.path })))
  const run = runDetectors(view, thresholds)
  return {
    ...run,
    clocks: usable.map((e, i) => ({
      entry: e.path, participant: e.participant, offsetMs: Math.round(offsets[i]?.offsetMs ?? 0),
      basis: offsets[i] === null ? 'none' : offsets[i]!.isReference ? 'reference' : 'estimated',
    })),
  }
}
