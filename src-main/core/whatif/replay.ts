/**
 * Counterfactual replay: the stored call's measured per-second network, played back under the
 * baseline configuration and under each scenario (a patch of the baseline). Output: per-second
 * projected MOS, mouth-to-ear delay, freeze share and bandwidth per configuration, and the
 * comparison table with deltas. Seconds without a loss measurement are gaps (NaN out); other
 * missing values take the call's median (then a stated default).
 */
import { applyPatch, bufferKey, networkKey, type ResolvedConfig, resolveConfig } from './config'
import { percentile } from '../util/quantiles'
import { lateLossFraction } from './delay'
import { SHARED_DELAY_TABLES } from './e-model-wideband'
import { type AdjustedSecond, EvalScratch, type NetSecond, adjustSecond, adjustedJitterMs, bufferDelayMs, evaluateAdjusted } from './evaluate'
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

// Local aliases: avoid the CommonJS import getter in the per-second loops (see evaluate.ts).
const evaluate = evaluateAdjusted
const adjust = adjustSecond
const jitterOf = adjustedJitterMs
const bufferOf = bufferDelayMs
const lateOf = lateLossFraction

/**
 * One replay's working state: the prepared input, the scratch, and the per-second columns computed
 * once per distinct key over its configurations (100 scenarios usually make a handful of distinct
 * network edits and jitter buffers, and the columns cost exponentials and clamps a second). A class
 * rather than closures over these objects, so the hot loops take them as arguments.
 */
class Projector {
  readonly scratch = new EvalScratch()
  readonly #network = new Map<string, NetworkCols>()
  readonly #buffers = new Map<string, BufferCols>()

  constructor(private readonly prep: PreparedInput) {}

  /** The projection of one configuration. */
  run(rc: ResolvedConfig, id: string, label: string): ProjectedSeries {
    return project(rc, emptySeries(id, label, this.prep), this.prep, this.network(rc), this.buffers(rc), this.scratch)
  }

  network(rc: ResolvedConfig): NetworkCols {
    return memoised(this.#network, networkKey(rc), () => networkColumns(rc, this.prep))
  }

  buffers(rc: ResolvedConfig): BufferCols {
    return memoised(this.#buffers, bufferKey(rc), () => bufferColumns(rc, this.prep))
  }
}

/** The value kept under `key`, made (and kept) on first use. */
function memoised<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key)
  if (value === undefined) {
    value = make()
    cache.set(key, value)
  }
  return value
}

/** The measured network after one configuration's edits (`adjustSecond`), second by second. */
interface NetworkCols {
  loss: Float64Array
  burstR: Float64Array
  rttMs: Float64Array
  oneWayMs: Float64Array
  jitterMs: Float64Array
}

function networkColumns(rc: ResolvedConfig, prep: PreparedInput): NetworkCols {
  const n = prep.seconds
  const c = prep.cols
  const cols: NetworkCols = { loss: new Float64Array(n), burstR: new Float64Array(n), rttMs: new Float64Array(n), oneWayMs: new Float64Array(n), jitterMs: new Float64Array(n) }
  const net: NetSecond = { lossPct: NaN, burstR: NaN, rttMs: NaN, oneWayMs: NaN, jitterMs: NaN, jbDelayMs: NaN, availableKbps: NaN, bitrateKbps: NaN, fps: NaN, width: NaN, height: NaN }
  const sec: AdjustedSecond = { loss: NaN, burstR: NaN, rttMs: NaN, oneWayMs: NaN, jitterMs: NaN, bufferMs: NaN, late: NaN }
  for (let i = 0; i < n; i++) {
    net.lossPct = c.lossPct[i]!
    net.burstR = c.burstR[i]!
    net.rttMs = c.rttMs[i]!
    net.oneWayMs = c.oneWayMs[i]!
    net.jitterMs = c.jitterMs[i]!
    adjust(rc, net, sec)
    cols.loss[i] = sec.loss
    cols.burstR[i] = sec.burstR
    cols.rttMs[i] = sec.rttMs
    cols.oneWayMs[i] = sec.oneWayMs
    cols.jitterMs[i] = sec.jitterMs
  }
  return cols
}

/** Per-second jitter-buffer delay and late loss of one jitter scale and buffer plan. */
interface BufferCols {
  buffer: Float64Array
  late: Float64Array
}

function bufferColumns(rc: ResolvedConfig, prep: PreparedInput): BufferCols {
  const n = prep.seconds
  const c = prep.cols
  const buffer = new Float64Array(n)
  const late = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const jitter = jitterOf(rc, c.jitterMs[i]!)
    const b = bufferOf(rc, jitter, c.jbDelayMs[i]!)
    buffer[i] = b
    late[i] = lateOf(b, jitter)
  }
  return { buffer, late }
}

/**
 * Fills a projection second by second from the shared columns. The caller allocates the series and
 * looks up the columns, and the per-second objects live in the scratch, so this loop only moves
 * numbers.
 */
function project(rc: ResolvedConfig, s: ProjectedSeries, prep: PreparedInput, nc: NetworkCols, bc: BufferCols, scratch: EvalScratch): ProjectedSeries {
  const c = prep.cols
  const out = scratch.out
  const net = scratch.net
  const sec = scratch.sec
  for (let i = 0; i < prep.seconds; i++) {
    if (!Number.isFinite(c.lossPct[i]!)) {
      s.mos[i] = s.rFactor[i] = s.mouthToEarMs[i] = s.residualLossPct[i] = s.lateLossPct[i] = NaN
      s.freezePct[i] = s.bandwidthKbps[i] = s.heldHeight[i] = s.heldFps[i] = NaN
      continue
    }
    sec.loss = nc.loss[i]!
    sec.burstR = nc.burstR[i]!
    sec.rttMs = nc.rttMs[i]!
    sec.oneWayMs = nc.oneWayMs[i]!
    sec.jitterMs = nc.jitterMs[i]!
    sec.bufferMs = bc.buffer[i]!
    sec.late = bc.late[i]!
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
  const tables = SHARED_DELAY_TABLES
  const projector = new Projector(prepare(input))
  const base = resolveConfig(baseline, input.kind, tables)
  if (!base.ok) return { ok: false, error: { ...base.error, message: `baseline: ${base.error.message}` } }
  const resolved: { s: Scenario; rc: ResolvedConfig }[] = []
  for (const s of scenarios) {
    const r = resolveConfig(applyPatch(baseline, s.patch), input.kind, tables)
    if (!r.ok) return { ok: false, error: { ...r.error, message: `scenario ${s.id}: ${r.error.message}` } }
    resolved.push({ s, rc: r.value })
  }
  const baseSeries = projector.run(base.value, 'baseline', 'Baseline (as measured)')
  const projected: ProjectedSeries[] = []
  for (const { s, rc } of resolved) projected.push(projector.run(rc, s.id, s.label))
  return { ok: true, value: { baseline: baseSeries, scenarios: projected, table: compare(baseSeries, projected) } }
}
