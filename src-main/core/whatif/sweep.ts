/**
 * 2-D parameter sweeps for heatmaps (loss × bit rate, jitter buffer × jitter, RTT × FEC ratio…):
 * one network point and one configuration, two axes that each set a network value or a
 * configuration value, one output metric per cell. Values are row-major: values[y·nx + x].
 */
import { applyPatch, resolveConfig } from './config'
import { SHARED_DELAY_TABLES } from './e-model-wideband'
import { EvalScratch, type NetSecond, type SecondOut, evaluateSecond, newSecondOut } from './evaluate'
import type { ConfigPatch, WhatIfConfig, WhatIfOutcome } from './types'

/** Network parameters of a point. */
export type NetworkParam = 'lossPct' | 'burstR' | 'rttMs' | 'jitterMs' | 'availableKbps'
/** Configuration parameters. `bitrateKbps` is the audio or video bit rate by kind; 0 switches FEC / RED off. */
export type ConfigParam = 'bitrateKbps' | 'jitterBufferMs' | 'fecRatio' | 'redDistance' | 'packetMs' | 'deviceLatencyMs' | 'fps' | 'height'
/** Anything an axis can set. */
export type SweepParam = NetworkParam | ConfigParam
/** The output shown in the cells (a field of the per-second evaluation). */
export type SweepMetric = 'mos' | 'r' | 'mouthToEarMs' | 'lateLossPct' | 'residualLossPct' | 'freezePct' | 'bandwidthKbps' | 'heldHeight' | 'heldFps'

/** One axis: the parameter and its values, in display order. */
export interface SweepAxis {
  param: SweepParam
  values: number[]
}

/** A sweep: configuration, network point, two axes, one metric. */
export interface SweepSpec {
  kind: 'audio' | 'video'
  config: WhatIfConfig
  /** The network point; missing values: no loss, random, 100 ms RTT, 10 ms jitter, unconstrained, 720p30 (assumptions). */
  network?: Partial<NetSecond>
  x: SweepAxis
  y: SweepAxis
  metric: SweepMetric
}

/** The grid of metric values. */
export interface SweepResult {
  x: SweepAxis
  y: SweepAxis
  metric: SweepMetric
  /** values[yi · x.values.length + xi]. */
  values: Float64Array
  min: number
  max: number
}

const NETWORK_PARAMS: readonly string[] = ['lossPct', 'burstR', 'rttMs', 'jitterMs', 'availableKbps']
const MAX_CELLS = 250_000

function configPatch(kind: 'audio' | 'video', base: WhatIfConfig, param: ConfigParam, v: number): ConfigPatch {
  switch (param) {
    case 'bitrateKbps': return kind === 'audio' ? { audio: { bitrateKbps: v } } : { video: { bitrateKbps: v } }
    case 'jitterBufferMs': return { jitterBuffer: { mode: 'fixed', delayMs: v } }
    case 'fecRatio': return { recovery: { fec: v > 0 ? { scheme: base.recovery.fec?.scheme ?? 'flexfec', ratio: v } : null } }
    case 'redDistance': return { recovery: { red: v > 0 ? { distance: Math.round(v) } : null } }
    case 'packetMs': return { audio: { packetMs: v } }
    case 'deviceLatencyMs': return { deviceLatencyMs: v }
    case 'fps': return { video: { fps: v } }
    case 'height': return { video: { height: v, width: Math.round((v * 16) / 9) } }
  }
}

function isNetwork(p: SweepParam): p is NetworkParam {
  return NETWORK_PARAMS.includes(p)
}

/** Evaluates the metric over the grid. Errors (bad axis, invalid configuration) are returned. */
export function sweep(spec: SweepSpec): WhatIfOutcome<SweepResult> {
  const nx = spec.x.values.length
  const ny = spec.y.values.length
  if (nx === 0 || ny === 0 || nx * ny > MAX_CELLS) return { ok: false, error: { code: 'INVALID_INPUT', message: `a sweep needs 1…${MAX_CELLS} cells` } }
  if (spec.x.param === spec.y.param) return { ok: false, error: { code: 'INVALID_INPUT', message: 'the two axes must differ' } }
  const tables = SHARED_DELAY_TABLES
  const scratch = new EvalScratch()
  const base: NetSecond = {
    lossPct: 0, burstR: 1, rttMs: 100, oneWayMs: NaN, jitterMs: 10, jbDelayMs: NaN, availableKbps: NaN,
    bitrateKbps: NaN, fps: 30, width: 1280, height: 720, ...spec.network,
  }
  if (spec.kind === 'video' && !Number.isFinite(base.bitrateKbps)) base.bitrateKbps = 1500
  const values = new Float64Array(nx * ny)
  const out: SecondOut = newSecondOut()
  let min = Infinity
  let max = -Infinity
  for (let yi = 0; yi < ny; yi++) {
    for (let xi = 0; xi < nx; xi++) {
      const net: NetSecond = { ...base }
      let config = spec.config
      for (const [axis, v] of [[spec.x, spec.x.values[xi]!], [spec.y, spec.y.values[yi]!]] as const) {
        if (isNetwork(axis.param)) net[axis.param] = v
        else config = applyPatch(config, configPatch(spec.kind, config, axis.param, v))
      }
      const rc = resolveConfig(config, spec.kind, tables)
      if (!rc.ok) return { ok: false, error: { ...rc.error, message: `cell (${spec.x.values[xi]}, ${spec.y.values[yi]}): ${rc.error.message}` } }
      evaluateSecond(rc.value, net, scratch, out)
      const v = out[spec.metric]
      values[yi * nx + xi] = v
      if (v < min) min = v
      if (v > max) max = v
    }
  }
  return { ok: true, value: { x: spec.x, y: spec.y, metric: spec.metric, values, min, max } }
}

/** The grid as text: y values down the left, x values across, one cell per value. */
export function formatHeatmap(r: SweepResult, digits = 2): string {
  const nx = r.x.values.length
  const cells = (yi: number) => r.x.values.map((_, xi) => r.values[yi * nx + xi]!.toFixed(digits))
  const head = [`${r.y.param} \\ ${r.x.param}`, ...r.x.values.map(String)]
  const rows = r.y.values.map((y, yi) => [String(y), ...cells(yi)])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (c: string[]) => c.map((s, i) => s.padStart(widths[i]!)).join(' ')
  return [`${r.metric} (min ${r.min.toFixed(digits)}, max ${r.max.toFixed(digits)})`, line(head), ...rows.map(line)].join('\n')
}
