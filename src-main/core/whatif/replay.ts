/**
 * Counterfactual replay: the stored call's measured per-second network, played back under the
 * baseline configuration and under each scenario (a patch of the baseline). Output: per-second
 * projected MOS, mouth-to-ear delay, freeze share and bandwidth per configuration, and the
 * comparison table with deltas. Seconds without a loss measurement are gaps (NaN out); other
 * missing values take the call's median (then a stated default).
 */
import { applyPatch, type ResolvedConfig, resolveConfig } from './config'
import { percentile } from './delay'
import { DelayTableCache } from './e-model-wideband'
import { EvalScratch, type NetSecond, evaluateSecond, newSecondOut } from './evaluate'
import { gilbertFromRuns } from './loss-pattern'
import { compare } from './summary'
import type { ProjectedSeries, ReplayResult, Scenario, StreamReplayInput, WhatIfConfig, WhatIfOutcome } from './types'
import { ladderBitrates } from './video-quality'

/** Defaults for values a stream never measured (assumptions): 720p at 30 fps. */
const FALLBACK = { fps: 30, width: 1280, height: 720 }

/** The input's columns with per-call fills, ready for evaluation. */
interface PreparedInput {
  t0: number
  seconds: number
  cols: Record<keyof NetSecond, Float64Array>
}

function filled(col: Float64Array | undefined, seconds: number, fallback: number): Float64Array {
  const out = new Float64Array(seconds).fill(NaN)
  if (!col) return out.fill(fallback)
  const med = percentile(col, 50)
  const fill = Number.isFinite(med) ? med : fallback
  for (let i = 0; i < seconds; i++) out[i] = Number.isFinite(col[i]!) ? col[i]! : fill
  return out
}

function checkInput(input: StreamReplayInput): string | null {
  if (!(input.seconds > 0) || !Number.isInteger(input.seconds)) return 'seconds must be a positive integer'
  const cols: [string, Float64Array | undefined][] = [
    ['lossPct', input.lossPct], ['rttMs', input.rttMs], ['jitterMs', input.jitterMs], ['bitrateKbps', input.bitrateKbps],
    ['burstR', input.burstR], ['oneWayMs', input.oneWayMs], ['jbDelayMs', input.jbDelayMs], ['availableKbps', input.availableKbps],
    ['fps', input.fps], ['frameWidth', input.frameWidth], ['frameHeight', input.frameHeight],
  ]
  for (const [name, c] of cols) if (c && c.length !== input.seconds) return `${name} has ${c.length} values for ${input.seconds} seconds`
  return null
}

function prepare(input: StreamReplayInput): PreparedInput {
  const n = input.seconds
  const callBurst = input.lossRuns ? gilbertFromRuns(input.lossRuns.histogram, input.lossRuns.totalPackets).burstR : 1
  const burst = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const b = input.burstR?.[i]
    burst[i] = b !== undefined && b >= 1 ? b : callBurst
  }
  const height = filled(input.frameHeight, n, FALLBACK.height)
  const width = filled(input.frameWidth, n, FALLBACK.width)
  const bitrate = new Float64Array(n)
  const brMed = percentile(input.bitrateKbps, 50)
  for (let i = 0; i < n; i++) {
    const b = input.bitrateKbps[i]!
    bitrate[i] = Number.isFinite(b) ? b : Number.isFinite(brMed) ? brMed : input.kind === 'video' ? ladderBitrates(width[i]!, height[i]!).targetKbps : NaN
  }
  return {
    t0: input.t0,
    seconds: n,
    cols: {
      lossPct: input.lossPct, burstR: burst,
      rttMs: filled(input.rttMs, n, 0), jitterMs: filled(input.jitterMs, n, 0),
      oneWayMs: input.oneWayMs ?? new Float64Array(n).fill(NaN), jbDelayMs: input.jbDelayMs ?? new Float64Array(n).fill(NaN),
      availableKbps: input.availableKbps ?? new Float64Array(n).fill(NaN), bitrateKbps: bitrate,
      fps: filled(input.fps, n, FALLBACK.fps), width, height,
    },
  }
}

function emptySeries(id: string, label: string, prep: PreparedInput): ProjectedSeries {
  const n = prep.seconds
  const t = new Float64Array(n)
  for (let i = 0; i < n; i++) t[i] = prep.t0 + 1000 * i
  const col = () => new Float64Array(n)
  return {
    scenarioId: id, label, t, mos: col(), rFactor: col(), mouthToEarMs: col(), residualLossPct: col(), lateLossPct: col(),
    freezePct: col(), bandwidthKbps: col(), heldHeight: col(), heldFps: col(),
  }
}

// Local alias: avoids the CommonJS import getter in the per-second loop (see evaluate.ts).
const evaluate = evaluateSecond

function project(rc: ResolvedConfig, id: string, label: string, prep: PreparedInput, scratch: EvalScratch): ProjectedSeries {
  const s = emptySeries(id, label, prep)
  const c = prep.cols
  const out = newSecondOut()
  const net: NetSecond = { lossPct: 0, burstR: 1, rttMs: 0, oneWayMs: NaN, jitterMs: 0, jbDelayMs: NaN, availableKbps: NaN, bitrateKbps: NaN, fps: 30, width: 1280, height: 720 }
  for (let i = 0; i < prep.seconds; i++) {
    const loss = c.lossPct[i]!
    if (!Number.isFinite(loss)) {
      s.mos[i] = s.rFactor[i] = s.mouthToEarMs[i] = s.residualLossPct[i] = s.lateLossPct[i] = NaN
      s.freezePct[i] = s.bandwidthKbps[i] = s.heldHeight[i] = s.heldFps[i] = NaN
      continue
    }
    net.lossPct = loss
    net.burstR = c.burstR[i]!
    net.rttMs = c.rttMs[i]!
    net.oneWayMs = c.oneWayMs[i]!
    net.jitterMs = c.jitterMs[i]!
    net.jbDelayMs = c.jbDelayMs[i]!
    net.availableKbps = c.availableKbps[i]!
    net.bitrateKbps = c.bitrateKbps[i]!
    net.fps = c.fps[i]!
    net.width = c.width[i]!
    net.height = c.height[i]!
    evaluate(rc, net, scratch, out)
    s.mos[i] = out.mos
    s.rFactor[i] = out.r
    s.mouthToEarMs[i] = out.mouthToEarMs
    s.residualLossPct[i] = out.residualLossPct
    s.lateLossPct[i] = out.lateLossPct
    s.freezePct[i] = out.freezePct
    s.bandwidthKbps[i] = out.bandwidthKbps
    s.heldHeight[i] = out.heldHeight
    s.heldFps[i] = out.heldFps
  }
  return s
}

/**
 * Replays a stream under the baseline and every scenario. Errors (bad input, unknown codec, invalid
 * scenario values) are returned, naming the scenario.
 */
export function replay(input: StreamReplayInput, baseline: WhatIfConfig, scenarios: readonly Scenario[]): WhatIfOutcome<ReplayResult> {
  const bad = checkInput(input)
  if (bad) return { ok: false, error: { code: 'INVALID_INPUT', message: bad } }
  const tables = new DelayTableCache()
  const scratch = new EvalScratch()
  const prep = prepare(input)
  const base = resolveConfig(baseline, input.kind, tables)
  if (!base.ok) return { ok: false, error: { ...base.error, message: `baseline: ${base.error.message}` } }
  const resolved: { s: Scenario; rc: ResolvedConfig }[] = []
  for (const s of scenarios) {
    const r = resolveConfig(applyPatch(baseline, s.patch), input.kind, tables)
    if (!r.ok) return { ok: false, error: { ...r.error, message: `scenario ${s.id}: ${r.error.message}` } }
    resolved.push({ s, rc: r.value })
  }
  const baseSeries = project(base.value, 'baseline', 'Baseline (as measured)', prep, scratch)
  const projected = resolved.map(({ s, rc }) => project(rc, s.id, s.label, prep, scratch))
  return { ok: true, value: { baseline: baseSeries, scenarios: projected, table: compare(baseSeries, projected) } }
}
