/**
 * Describes a bundle without storing it: the same parse job as an import (worker thread, progress
 * events), summarised per entry and per stream. Backs `rtcwb inspect` and import previews.
 */
import { existsSync } from 'node:fs'
import type { InspectDto } from '../contract/dto'
import { DomainError } from '../contract/errors'
import { METRICS } from '../core/model/metrics'
import type { ParsedEntry, SeriesData } from '../core/model/call'
import type { JobRunner } from '../jobs/job-runner'
import type { ParseJobOutput } from '../jobs/parse-job'

/** Metrics summarised per stream (the catalog's defaults plus packet rate). */
const SUMMARISED = new Set([...[...METRICS.values()].filter((m) => m.isDefault && m.shape === 'level').map((m) => m.id), 'packets_per_s'])

export class InspectService {
  constructor(private readonly runner: JobRunner, private readonly logFormatDirs: string[]) {}

  async inspect(path: string): Promise<InspectDto> {
    if (!existsSync(path)) throw new DomainError('NOT_FOUND', `no file or folder at ${path}`, { path })
    const label = path.split(/[\\/]/).pop() ?? path
    const { done } = this.runner.start({ path, logFormatDirs: this.logFormatDirs }, `inspect ${label}`, { onOutput: async (output) => describeBundle(output) })
    return done
  }
}

export function describeBundle(output: ParseJobOutput): InspectDto {
  const eventsByType: Record<string, number> = {}
  for (const e of output.entries) for (const ev of e.parsed.events) eventsByType[ev.type] = (eventsByType[ev.type] ?? 0) + 1
  return {
    name: output.name, sizeBytes: output.sizeBytes, sha256: output.sha256, timeStart: output.timeStart, timeEnd: output.timeEnd,
    entries: output.entries.map((e) => ({
      path: e.path, kind: e.parsed.kind, format: e.parsed.format, encoding: e.encoding, sizeBytes: e.sizeBytes, participant: e.participant,
      logLines: e.parsed.logLineCount, streams: e.parsed.streams.length, series: e.parsed.series.length, events: e.parsed.events.length,
      meta: e.parsed.meta, diagnostics: e.parsed.diagnostics,
    })),
    streams: output.entries.flatMap((e) => streamsOf(e.path, e.parsed)),
    eventsByType,
    diagnostics: output.diagnostics,
  }
}

function streamsOf(entry: string, p: ParsedEntry): InspectDto['streams'] {
  const summaries = new Map(p.summaries.map((s) => [s.streamKey, s.figures]))
  return p.streams.map((s) => ({
    entry, key: s.key, kind: s.kind, direction: s.direction, ssrc: s.ssrc ?? null, codec: s.codec ?? null, layer: s.layer ?? null,
    label: s.label ?? s.key, summary: summaries.get(s.key) ?? null,
    metrics: Object.fromEntries(p.series.filter((x) => x.streamKey === s.key && SUMMARISED.has(x.metric)).map((x) => [x.metric, stats(x)])),
  }))
}

function stats(s: SeriesData): { unit: string; points: number; min: number | null; mean: number | null; max: number | null } {
  let min = Infinity
  let max = -Infinity
  let sum = 0
  let n = 0
  for (const x of s.v) {
    if (!Number.isFinite(x)) continue
    min = Math.min(min, x)
    max = Math.max(max, x)
    sum += x
    n++
  }
  const round = (x: number) => Math.round(x * 1000) / 1000
  return n === 0 ? { unit: s.unit, points: 0, min: null, mean: null, max: null } : { unit: s.unit, points: n, min: round(min), mean: round(sum / n), max: round(max) }
}
