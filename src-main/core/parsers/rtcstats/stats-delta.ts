/**
 * Rebuilds full getStats snapshots from what an rtcstats dump stores for one peer connection:
 * file format 3 deltas (numeric keys, collapsed `t`, `null` = removed, absent = unchanged), the older
 * lowercase `getstats` deltas (top-level `timestamp`, `timestamp: 0` = that time) and full reports.
 */
import { decompressStatsProperty, decompressStatsType } from './tables'

export type Report = Record<string, unknown>
/** How a getStats value is encoded. */
export type StatsEncoding = 'v3-delta' | 'legacy-delta' | 'full'

/** One report to record: its id, sample time (epoch ms) and full content. */
export interface StatsSample { id: string; t: number; report: Report }

/** The decoded snapshot: every live report, and those sampled at this line. */
export interface DecodedSnapshot { all: Map<string, Report>; samples: StatsSample[] }

/** Epoch ms after 1973: anything smaller is not an absolute time in ms. */
const MIN_EPOCH_MS = 1e11

/** Decodes successive getStats values of one connection, keeping the base snapshot between calls. */
export class StatsSnapshotDecoder {
  private base = new Map<string, Report>()
  private lastTime = new Map<string, number>()

  /**
   * Decodes one value. `lineTime` is the time of the dump line, used for reports that carry no
   * usable timestamp (or always, when `useLineTime` is set: file format 1).
   */
  decode(value: Record<string, unknown>, encoding: StatsEncoding, lineTime: number, useLineTime = false): DecodedSnapshot {
    const sampledIds = encoding === 'v3-delta' ? this.applyV3(value) : encoding === 'legacy-delta' ? this.applyLegacy(value) : this.applyFull(value)
    const samples: StatsSample[] = []
    for (const id of sampledIds) {
      const report = this.base.get(id)
      if (!report) continue
      const own = report.timestamp
      const t = !useLineTime && typeof own === 'number' && own > MIN_EPOCH_MS ? own : lineTime
      if (!Number.isFinite(t)) continue
      samples.push({ id, t, report })
      this.lastTime.set(id, t)
    }
    return { all: this.base, samples }
  }

  /** File format 3 (rtcstats-shared statsDecompression). Returns the ids to sample. */
  private applyV3(value: Record<string, unknown>): string[] {
    const delta = new Map<string, Report | null>()
    let collapsed: number | undefined
    for (const [key, raw] of Object.entries(value)) {
      if (key === 't' && typeof raw === 'number') collapsed = raw
      else if (raw === null) delta.set(key, null)
      else if (typeof raw === 'object' && !Array.isArray(raw)) delta.set(key, renameV3(raw as Report))
    }
    const next = new Map<string, Report>()
    const sampled: string[] = []
    for (const [id, old] of this.base) {
      const d = delta.get(id)
      if (d === null) continue
      if (d === undefined) {
        // Unchanged since the previous sample: same values, at the new collapsed time (if any).
        const copy = { ...old }
        if (collapsed !== undefined) copy.timestamp = collapsed
        next.set(id, copy)
        const t = typeof copy.timestamp === 'number' ? copy.timestamp : undefined
        if (t !== undefined && t !== this.lastTime.get(id)) sampled.push(id)
        continue
      }
      const merged: Report = { ...d }
      for (const [name, v] of Object.entries(old)) {
        const nv = merged[name]
        if (nv === undefined) merged[name] = v
        else if (isPlainObject(v) && isPlainObject(nv)) merged[name] = { ...v, ...nv }
      }
      if (d.timestamp === undefined && collapsed !== undefined) merged.timestamp = collapsed
      next.set(id, merged)
      sampled.push(id)
    }
    for (const [id, d] of delta) {
      if (d === null || this.base.has(id)) continue
      if (d.timestamp === undefined && collapsed !== undefined) d.timestamp = collapsed
      next.set(id, d)
      sampled.push(id)
    }
    this.base = next
    return sampled
  }

  /**
   * Lowercase `getstats` of fippo/rtcstats and the jitsi fork: reports present are merged into the
   * base; `timestamp: 0` means the top-level timestamp. An absent report is not sampled but kept, since
   * writers differ on whether absence means "unchanged" or "gone".
   */
  private applyLegacy(value: Record<string, unknown>): string[] {
    const top = typeof value.timestamp === 'number' ? value.timestamp : undefined
    const sampled: string[] = []
    for (const [id, raw] of Object.entries(value)) {
      if (raw === null) {
        this.base.delete(id)
        continue
      }
      if (typeof raw !== 'object' || Array.isArray(raw)) continue
      const report = { ...(raw as Report) }
      const old = this.base.get(id)
      if (report.timestamp === 0 || (report.timestamp === undefined && !old)) report.timestamp = top
      else if (report.timestamp === undefined) report.timestamp = old?.timestamp
      this.base.set(id, old ? { ...old, ...report } : report)
      sampled.push(id)
    }
    return sampled
  }

  /** A complete report: it replaces the base. */
  private applyFull(value: Record<string, unknown>): string[] {
    this.base = new Map()
    for (const [id, raw] of Object.entries(value)) {
      if (raw && typeof raw === 'object' && !Array.isArray(raw)) this.base.set(id, { ...(raw as Report) })
    }
    return [...this.base.keys()]
  }
}

function renameV3(raw: Report): Report {
  const out: Report = {}
  for (const [key, v] of Object.entries(raw)) {
    const name = decompressStatsProperty(key)
    out[name] = name === 'type' ? decompressStatsType(v) : v
  }
  return out
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
