/**
 * Helpers to declare a detector: `defineDetector` keeps its id and parameter names as literal types
 * (so the Thresholds settings type is exact), `param` declares one documented threshold, and the
 * hysteresis parameters (N of M, clear after K, minimum duration, merge gap) shared by series
 * detectors come with their documentation in both languages.
 */
import type { HysteresisOptions } from './episodes'
import type { DetectorDef, ParamSpec, ParamSpecs, ParamValues } from './types'

/** Identity, for type inference: keeps `id` and the parameter keys literal. */
export function defineDetector<const Id extends string, const S extends ParamSpecs>(d: DetectorDef<Id, S>): DetectorDef<Id, S> {
  return d
}

/** One threshold: default, allowed range, unit and what it means (en, zh). */
export function param(value: number, min: number, max: number, unit: string, en: string, zh: string): ParamSpec {
  return { default: value, min, max, unit, doc: { en, zh } }
}

export interface HysteresisDefaults { raiseCount: number; raiseWindow: number; clearCount: number; minDurationMs: number; mergeGapMs: number }

/** The five hysteresis parameters, documented. */
export function hysteresisParams(d: HysteresisDefaults) {
  return {
    raiseCount: param(d.raiseCount, 1, 60, 'samples', 'Raise when at least this many of the last `raiseWindow` samples cross the threshold.', '最近 `raiseWindow` 个采样中超过阈值的采样数达到此值时，开始一个异常时段。'),
    raiseWindow: param(d.raiseWindow, 1, 120, 'samples', 'Window of recent samples looked at when raising.', '判断是否开始异常时段时考察的最近采样数。'),
    clearCount: param(d.clearCount, 1, 120, 'samples', 'Clear after this many consecutive samples under the threshold.', '连续低于阈值的采样数达到此值时，结束异常时段。'),
    minDurationMs: param(d.minDurationMs, 0, 600_000, 'ms', 'Episodes shorter than this are not reported.', '短于此时长的异常时段不报告。'),
    mergeGapMs: param(d.mergeGapMs, 0, 600_000, 'ms', 'Episodes closer than this are reported as one.', '间隔小于此值的异常时段合并报告。'),
  }
}

/** Reads the hysteresis options back from resolved parameter values. */
export function hysteresisOf(p: ParamValues<ReturnType<typeof hysteresisParams>>): HysteresisOptions {
  return { raiseCount: p.raiseCount, raiseWindow: p.raiseWindow, clearCount: p.clearCount, minDurationMs: p.minDurationMs, mergeGapMs: p.mergeGapMs }
}
