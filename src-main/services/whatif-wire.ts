/**
 * Core what-if results as wire shapes: NaN becomes null, values are rounded to what a chart or a
 * table shows, long per-second columns are averaged into `step`-second points, and the comparison
 * table gains the worst-minute MOS and the frozen share. Preset labels get their Chinese text here.
 */
import type { ComparisonRowDto, PresetDto, ProjectionDto } from '../contract/whatif-dto'
import { type ComparisonRow, type ConfigPatch, type Preset, type ProjectedSeries, worstWindowMean } from '../core/whatif'

const finite = (x: number, digits = 3): number | null => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : null)

/** Seconds per point so that a column of `seconds` values has at most `maxPoints` points. */
export function stepFor(seconds: number, maxPoints: number): number {
  return Math.max(1, Math.ceil(seconds / maxPoints))
}

/** `col` averaged over consecutive `step`-value buckets (gaps skipped; an all-gap bucket is null). */
export function bucketMeans(col: ArrayLike<number>, step: number, digits = 3): (number | null)[] {
  const out: (number | null)[] = []
  for (let i = 0; i < col.length; i += step) {
    let s = 0
    let n = 0
    for (let k = i; k < Math.min(col.length, i + step); k++) {
      const v = col[k]!
      if (Number.isFinite(v)) {
        s += v
        n++
      }
    }
    out.push(n ? finite(s / n, digits) : null)
  }
  return out
}

/** Bucket start times (the first second of each bucket). */
export function bucketTimes(t: ArrayLike<number>, step: number): number[] {
  const out: number[] = []
  for (let i = 0; i < t.length; i += step) out.push(t[i]!)
  return out
}

export function projectionDto(p: ProjectedSeries, step: number): ProjectionDto {
  return {
    scenarioId: p.scenarioId, label: p.label,
    mos: bucketMeans(p.mos, step), mouthToEarMs: bucketMeans(p.mouthToEarMs, step, 1), freezePct: bucketMeans(p.freezePct, step, 2),
    bandwidthKbps: bucketMeans(p.bandwidthKbps, step, 1), residualLossPct: bucketMeans(p.residualLossPct, step, 3),
  }
}

const sub = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : finite(a - b, 4))

/** The table rows as DTOs (same order), with worst-minute MOS and frozen share from the projections. */
export function tableDto(rows: readonly ComparisonRow[], projections: readonly ProjectedSeries[]): ComparisonRowDto[] {
  const byId = new Map(projections.map((p) => [p.scenarioId, p]))
  const out = rows.map((r) => {
    const p = byId.get(r.scenarioId)
    const worst = p ? finite(worstWindowMean(p.mos, 60), 4) : null
    const freezePct = r.seconds > 0 ? finite((100 * r.freezeSeconds) / r.seconds, 3) : null
    return {
      scenarioId: r.scenarioId, label: r.label, isBaseline: r.isBaseline, seconds: r.seconds,
      mosMean: finite(r.mosMean, 4), mosP5: finite(r.mosP5, 4), mosMin: finite(r.mosMin, 4), worstMinuteMos: worst,
      pctSecondsBelow31: finite(r.pctSecondsBelow31, 2), mouthToEarMeanMs: finite(r.mouthToEarMeanMs, 1), mouthToEarP95Ms: finite(r.mouthToEarP95Ms, 1),
      freezeSeconds: finite(r.freezeSeconds, 2), freezePct, residualLossMeanPct: finite(r.residualLossMeanPct, 4), lateLossMeanPct: finite(r.lateLossMeanPct, 4),
      bandwidthMeanKbps: finite(r.bandwidthMeanKbps, 1), bandwidthP95Kbps: finite(r.bandwidthP95Kbps, 1),
      delta: { mosMean: 0, mosP5: 0, worstMinuteMos: 0, mouthToEarMeanMs: 0, freezeSeconds: 0, freezePct: 0, bandwidthMeanKbps: 0, residualLossMeanPct: 0 } as ComparisonRowDto['delta'],
    }
  })
  const base = out.find((r) => r.isBaseline)
  if (base) {
    for (const r of out) {
      r.delta = {
        mosMean: sub(r.mosMean, base.mosMean), mosP5: sub(r.mosP5, base.mosP5), worstMinuteMos: sub(r.worstMinuteMos, base.worstMinuteMos),
        mouthToEarMeanMs: sub(r.mouthToEarMeanMs, base.mouthToEarMeanMs), freezeSeconds: sub(r.freezeSeconds, base.freezeSeconds),
        freezePct: sub(r.freezePct, base.freezePct), bandwidthMeanKbps: sub(r.bandwidthMeanKbps, base.bandwidthMeanKbps),
        residualLossMeanPct: sub(r.residualLossMeanPct, base.residualLossMeanPct),
      }
    }
  }
  return out
}

/** Chinese labels and descriptions of the core presets (by id; the English ones come from the core). */
const PRESET_ZH: Record<string, { label: string; description: string }> = {
  'conversational-ai-low-latency': { label: '对话式 AI，低延迟', description: '语音智能体：对话轮转速度优先；短包、小缓冲，用冗余代替等待重传。' },
  'live-show-high-quality': { label: '秀场直播，高画质', description: '一对多直播表演：音画保真度优先，可接受数百毫秒延迟。' },
  'social-1v1-weak-network': { label: '1v1 社交，弱网', description: '移动端一对一通话，链路有丢包且带宽受限：优先保证不掉线和流畅。' },
  'cross-border': { label: '跨境链路', description: '长距离跨境路径：RTT 高，运营商互联节点处有突发丢包。' },
}

export function presetDto(p: Preset): PresetDto {
  const zh = PRESET_ZH[p.id] ?? { label: p.label, description: p.description }
  return {
    id: p.id, label: { en: p.label, zh: zh.label }, description: { en: p.description, zh: zh.description }, rationale: p.rationale,
    audio: p.audio as PresetDto['audio'], video: p.video as PresetDto['video'],
  }
}

/** A scenario's patch for a stream of `kind`: its own patch for the kind, else the shared one, else none. */
export function patchFor(s: { patch?: unknown; audio?: unknown; video?: unknown }, kind: 'audio' | 'video'): ConfigPatch {
  return ((kind === 'audio' ? s.audio : s.video) ?? s.patch ?? {}) as ConfigPatch
}
