/**
 * What-if replays of a bundle's measured network timeline (issue 6): the bundle is parsed as for an
 * import (worker thread, progress events; nothing stored), each stream's series become a replay
 * input, and the baseline read from the bundle is compared with the scenarios of a scenario file
 * (explicit patches and/or named presets). Backs `rtcwb whatif <bundle> --scenario <file>`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { z } from 'zod'
import { DomainError } from '../contract/errors'
import type { ParsedEntry } from '../core/model/call'
import {
  type ComparisonRow, type ConfigPatch, type ProjectedSeries, type Scenario, baselineConfig, findPreset, PRESETS, presetScenario, replay,
  replayInputFromSeries,
} from '../core/whatif'
import type { JobRunner } from '../jobs/job-runner'

/** The scenario file: scenarios with one patch, or separate audio/video patches, and/or preset ids ("all" for every preset). */
export const ScenarioFile = z.object({
  scenarios: z.array(z.object({
    id: z.string().min(1).max(80),
    label: z.string().max(200).optional(),
    patch: z.record(z.string(), z.unknown()).optional(),
    audio: z.record(z.string(), z.unknown()).optional(),
    video: z.record(z.string(), z.unknown()).optional(),
  }).strict()).max(200).default([]),
  presets: z.union([z.literal('all'), z.array(z.string())]).default([]),
}).strict()
export type ScenarioFile = z.infer<typeof ScenarioFile>

export interface StreamReplay {
  entry: string
  streamKey: string
  kind: 'audio' | 'video'
  direction: 'send' | 'recv'
  codec: string | null
  /** Why this stream could not be replayed (too little data, unknown codec), or null. */
  skipped: string | null
  table: ComparisonRow[]
  /** Per second, per configuration (baseline first): MOS (or video Vq) and mouth-to-ear delay; only with `perSecond`. */
  perSecond?: { scenarioId: string; t: number[]; mos: (number | null)[]; mouthToEarMs: (number | null)[] }[]
}

export class WhatIfService {
  constructor(private readonly runner: JobRunner, private readonly logFormatDirs: string[]) {}

  /** Reads and validates a scenario file; a bad one is an INVALID_INPUT naming the file and the field. */
  static readScenarioFile(path: string): ScenarioFile {
    if (!existsSync(path)) throw new DomainError('NOT_FOUND', `no scenario file at ${path}`)
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'))
    } catch (e) {
      throw new DomainError('INVALID_INPUT', `${path} is not JSON: ${(e as Error).message}`)
    }
    const parsed = ScenarioFile.safeParse(raw)
    if (!parsed.success) throw new DomainError('INVALID_INPUT', `${path}: ${z.prettifyError(parsed.error)}`)
    const unknown = parsed.data.presets === 'all' ? [] : parsed.data.presets.filter((p) => !findPreset(p))
    if (unknown.length) throw new DomainError('INVALID_INPUT', `${path}: unknown preset ${unknown.join(', ')}; known: ${PRESETS.map((p) => p.id).join(', ')}`)
    return parsed.data
  }

  async replayBundle(path: string, file: ScenarioFile, opts: { stream?: string; perSecond?: boolean } = {}): Promise<StreamReplay[]> {
    if (!existsSync(path)) throw new DomainError('NOT_FOUND', `no file or folder at ${path}`, { path })
    const label = path.split(/[\\/]/).pop() ?? path
    const { done } = this.runner.start({ path, logFormatDirs: this.logFormatDirs }, `what-if ${label}`, {
      onOutput: async (output) => output.entries.flatMap((e) => replayEntry(e.path, e.parsed, file, opts)),
    })
    return done
  }
}

function scenariosFor(file: ScenarioFile, kind: 'audio' | 'video'): Scenario[] {
  const own = file.scenarios.map((s) => ({ id: s.id, label: s.label ?? s.id, patch: ((kind === 'audio' ? s.audio : s.video) ?? s.patch ?? {}) as ConfigPatch }))
  const presets = file.presets === 'all' ? PRESETS : file.presets.map((id) => findPreset(id)!)
  return [...own, ...presets.map((p) => presetScenario(p, kind))]
}

function replayEntry(entry: string, parsed: ParsedEntry, file: ScenarioFile, opts: { stream?: string; perSecond?: boolean }): StreamReplay[] {
  return parsed.streams.filter((s) => !opts.stream || s.key === opts.stream || String(s.ssrc) === opts.stream).map((s) => {
    const base = { entry, streamKey: s.key, kind: s.kind, direction: s.direction, codec: s.codec ?? null }
    const series = parsed.series.filter((x) => x.streamKey === s.key || (s.connectionKey !== undefined && x.connectionKey === s.connectionKey))
    const input = replayInputFromSeries(series, {
      kind: s.kind, direction: s.direction, streamKey: s.key,
      ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}), ...(s.codec ? { codec: s.codec } : {}),
    })
    if (!input.ok) return { ...base, skipped: input.error.message, table: [] }
    const result = replay(input.value, baselineConfig(input.value), scenariosFor(file, s.kind))
    if (!result.ok) return { ...base, skipped: result.error.message, table: [] }
    const out: StreamReplay = { ...base, skipped: null, table: result.value.table }
    if (opts.perSecond) out.perSecond = [result.value.baseline, ...result.value.scenarios].map(perSecond)
    return out
  })
}

function perSecond(p: ProjectedSeries): NonNullable<StreamReplay['perSecond']>[number] {
  const finite = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null)
  return { scenarioId: p.scenarioId, t: Array.from(p.t), mos: Array.from(p.mos, finite), mouthToEarMs: Array.from(p.mouthToEarMs, finite) }
}
