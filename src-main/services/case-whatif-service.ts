/**
 * What-if analysis on stored cases (issue 6): replays a case's stored streams (their normalized
 * series, entry clock offsets applied as the timeline does) under the baseline read from the data
 * and under scenarios and presets, and sweeps two parameters around a stream's measured network.
 * The models are the pure core's (core/whatif); this service reads the store and shapes the wire.
 */
import type { ParsedIn } from '../contract/methods'
import { DomainError } from '../contract/errors'
import { type StreamReplayDto, type SweepDto, VIDEO_CODECS, type WhatIfCatalogDto, type WhatIfStreamDto } from '../contract/whatif-dto'
import {
  CODEC_TABLE, type NetSecond, PRESETS, REPLAY_METRICS, type Scenario, type StreamReplayInput, type SweepAxis, applyPatch, baselineConfig, findPreset,
  percentile, presetScenario, replay, replayInputFromSeries, sweep,
} from '../core/whatif'
import type { Db } from '../store/db'
import { getCase } from '../store/repos/cases-repo'
import { type ReplayStreamRow, replaySeries, whatifStream, whatifStreams } from '../store/repos/whatif-repo'
import { bucketMeans, bucketTimes, patchFor, presetDto, projectionDto, stepFor, tableDto } from './whatif-wire'

const METRICS = Object.values(REPLAY_METRICS)

function streamDto(r: ReplayStreamRow): WhatIfStreamDto {
  return {
    streamId: r.id, entryId: r.entry_id, key: r.key, kind: r.kind, direction: r.direction, codec: r.codec, label: r.label,
    participant: r.participant, isReplayable: r.has_loss === 1, lossMeanPct: r.loss_mean === null ? null : Math.round(r.loss_mean * 1000) / 1000,
  }
}

export class CaseWhatIfService {
  constructor(private readonly db: Db) {}

  /** Presets with en/zh labels, and the codecs a scenario may name. */
  presets(): WhatIfCatalogDto {
    return {
      presets: PRESETS.map(presetDto),
      audioCodecs: CODEC_TABLE.map((c) => ({ id: c.id, label: c.label, band: c.band })),
      videoCodecs: [...VIDEO_CODECS],
    }
  }

  async streams(caseId: string): Promise<WhatIfStreamDto[]> {
    await this.requireCase(caseId)
    return (await whatifStreams(this.db, caseId)).map(streamDto)
  }

  async replay(i: ParsedIn<'whatif.replay'>): Promise<StreamReplayDto[]> {
    await this.requireCase(i.caseId)
    const unknown = i.presets.filter((p) => !findPreset(p))
    if (unknown.length) throw new DomainError('INVALID_INPUT', `unknown preset ${unknown.join(', ')}; known: ${PRESETS.map((p) => p.id).join(', ')}`)
    const clash = i.scenarios.find((s) => i.presets.includes(s.id) || s.id === 'baseline')
    if (clash) throw new DomainError('INVALID_INPUT', `scenario id ${clash.id} is taken (a preset or the baseline)`)
    const out: StreamReplayDto[] = []
    for (const id of i.streamIds) {
      const row = await this.requireStream(i.caseId, id)
      const scenarios: Scenario[] = [
        ...i.scenarios.map((s) => ({ id: s.id, label: s.label, patch: patchFor(s, row.kind) })),
        ...i.presets.map((p) => presetScenario(findPreset(p)!, row.kind)),
      ]
      out.push(await this.replayStream(row, scenarios, i.maxPoints))
    }
    return out
  }

  private async replayStream(row: ReplayStreamRow, scenarios: Scenario[], maxPoints: number): Promise<StreamReplayDto> {
    const empty = { stream: streamDto(row), baselineConfig: null, table: [], stepSeconds: 1, t: [], measured: { lossPct: [], rttMs: [], jitterMs: [], bitrateKbps: [] }, projections: [] }
    const input = await this.inputOf(row)
    if (!input.ok) return { ...empty, skipped: input.message }
    const baseline = baselineConfig(input.value)
    const result = replay(input.value, baseline, scenarios)
    if (!result.ok) {
      // A scenario the models refuse (unknown codec, values they cannot use) is the caller's mistake.
      if (result.error.message.startsWith('scenario ')) throw new DomainError('INVALID_INPUT', result.error.message, { streamId: row.id })
      return { ...empty, skipped: result.error.message }
    }
    const r = result.value
    const step = stepFor(input.value.seconds, maxPoints)
    const all = [r.baseline, ...r.scenarios]
    const v = input.value
    return {
      stream: streamDto(row), skipped: null, baselineConfig: baseline as unknown as Record<string, unknown>,
      table: tableDto(r.table, all), stepSeconds: step, t: bucketTimes(r.baseline.t, step),
      measured: { lossPct: bucketMeans(v.lossPct, step), rttMs: bucketMeans(v.rttMs, step, 1), jitterMs: bucketMeans(v.jitterMs, step, 1), bitrateKbps: bucketMeans(v.bitrateKbps, step, 1) },
      projections: all.map((p) => projectionDto(p, step)),
    }
  }

  async sweep(i: ParsedIn<'whatif.sweep'>): Promise<SweepDto> {
    let kind = i.kind
    let base = baselineConfig({ kind })
    let measured: Partial<NetSecond> = {}
    if (i.caseId !== undefined && i.streamId !== undefined) {
      await this.requireCase(i.caseId)
      const row = await this.requireStream(i.caseId, i.streamId)
      const input = await this.inputOf(row)
      if (!input.ok) throw new DomainError('INVALID_INPUT', `stream ${row.id} cannot be swept: ${input.message}`)
      kind = row.kind
      base = baselineConfig(input.value)
      measured = measuredPoint(input.value)
    }
    const network: Partial<NetSecond> = { ...measured, ...i.network }
    const axis = (a: { param: SweepAxis['param']; values: number[] }): SweepAxis => ({ param: a.param, values: [...a.values] })
    const r = sweep({ kind, config: applyPatch(base, patchFor(i, kind)), network, x: axis(i.x), y: axis(i.y), metric: i.metric })
    if (!r.ok) throw new DomainError('INVALID_INPUT', r.error.message)
    const n = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null)
    return {
      kind, streamId: i.streamId ?? null, x: r.value.x, y: r.value.y, metric: r.value.metric,
      values: Array.from(r.value.values, n), min: n(r.value.min), max: n(r.value.max),
      network: Object.fromEntries(Object.entries(network).map(([k, v]) => [k, n(v as number)])),
    }
  }

  private async inputOf(row: ReplayStreamRow): Promise<{ ok: true; value: StreamReplayInput } | { ok: false; message: string }> {
    const series = await replaySeries(this.db, row, METRICS)
    const input = replayInputFromSeries(series, {
      kind: row.kind, direction: row.direction, streamKey: row.key,
      ...(row.connection_key ? { connectionKey: row.connection_key } : {}), ...(row.codec ? { codec: row.codec } : {}),
    })
    return input.ok ? input : { ok: false, message: input.error.message }
  }

  private async requireCase(caseId: string): Promise<void> {
    if (!(await getCase(this.db, caseId))) throw new DomainError('NOT_FOUND', `no case ${caseId}`)
  }

  private async requireStream(caseId: string, streamId: number): Promise<ReplayStreamRow> {
    const row = await whatifStream(this.db, caseId, streamId)
    if (!row) throw new DomainError('NOT_FOUND', `case ${caseId} has no audio or video stream ${streamId}`)
    return row
  }
}

/**
 * A stream's network as one sweep point: mean loss (the median of a mostly clean call is 0 and
 * would hide its lossy stretch), medians of RTT, jitter, bit rates, buffer delay and video format.
 */
export function measuredPoint(input: StreamReplayInput): Partial<NetSecond> {
  const out: Partial<NetSecond> = {}
  let s = 0
  let n = 0
  for (const v of input.lossPct) if (Number.isFinite(v)) (s += v), n++
  if (n) out.lossPct = s / n
  const put = (k: keyof NetSecond, col: Float64Array | undefined) => {
    const m = col ? percentile(col, 50) : NaN
    if (Number.isFinite(m)) out[k] = m
  }
  put('rttMs', input.rttMs)
  put('jitterMs', input.jitterMs)
  put('bitrateKbps', input.bitrateKbps)
  put('availableKbps', input.availableKbps)
  put('jbDelayMs', input.jbDelayMs)
  put('fps', input.fps)
  put('width', input.frameWidth)
  put('height', input.frameHeight)
  return out
}
