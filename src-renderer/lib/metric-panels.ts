/**
 * Which charts the timeline draws: one panel per metric family (bitrate with available bandwidth,
 * loss, RTT, jitter, ...) holding the chosen metrics of every chosen stream, or, split, one panel
 * per family and stream (a send stream's panel followed by its receivers'). RTP panels come first,
 * noisy ones last; the quality-limitation reason is a state band. Pure functions over the layout.
 */
import type { CaseTimelineDto, SeriesInfoDto, StreamDto } from '@contract/dto'
import { METRICS, type MetricFamily, metricDef } from '@core/model/metrics'

export type PanelKind =
  | 'bitrate' | 'loss' | 'rtt' | 'jitter' | 'jitter-buffer' | 'fps' | 'resolution' | 'freeze' | 'concealment'
  | 'quality-limitation' | 'cpu' | 'mos' | 'packets' | 'keyframes' | 'audio-level' | 'delay' | 'other'

interface PanelDef { kind: PanelKind; families: MetricFamily[]; shape: 'line' | 'state' }

/** Panel order: what a support engineer reads first, first. */
export const PANEL_DEFS: readonly PanelDef[] = [
  { kind: 'bitrate', families: ['bitrate', 'bandwidth'], shape: 'line' },
  { kind: 'loss', families: ['loss'], shape: 'line' },
  { kind: 'rtt', families: ['rtt'], shape: 'line' },
  { kind: 'jitter', families: ['jitter'], shape: 'line' },
  { kind: 'jitter-buffer', families: ['jitter-buffer'], shape: 'line' },
  { kind: 'fps', families: ['fps'], shape: 'line' },
  { kind: 'resolution', families: ['resolution'], shape: 'line' },
  { kind: 'freeze', families: ['freeze'], shape: 'line' },
  { kind: 'concealment', families: ['concealment'], shape: 'line' },
  { kind: 'quality-limitation', families: ['quality-limitation'], shape: 'state' },
  { kind: 'cpu', families: ['cpu'], shape: 'line' },
  { kind: 'mos', families: ['mos'], shape: 'line' },
  { kind: 'packets', families: ['packets'], shape: 'line' },
  { kind: 'keyframes', families: ['keyframes'], shape: 'line' },
  { kind: 'audio-level', families: ['audio-level'], shape: 'line' },
  { kind: 'delay', families: ['delay'], shape: 'line' },
  { kind: 'other', families: ['other'], shape: 'line' },
]

const PANEL_OF_FAMILY = new Map(PANEL_DEFS.flatMap((p) => p.families.map((f) => [f, p] as const)))
const CATALOG_ORDER = new Map([...METRICS.keys()].map((id, i) => [id, i]))

export function panelOf(metric: string): PanelDef {
  return PANEL_OF_FAMILY.get(metricDef(metric).family) ?? PANEL_DEFS[PANEL_DEFS.length - 1]!
}

export interface PanelLine {
  seriesId: number
  metric: string
  /** The stream the line belongs to (its connection's, for a connection-level series). */
  stream: StreamDto
  isConnectionLevel: boolean
  /** Not the panel's first metric: drawn dashed. */
  isSecondary: boolean
}

export interface PanelPlan {
  key: string
  kind: PanelKind
  shape: 'line' | 'state'
  /** The one stream of a split panel; null when the panel holds every chosen stream. */
  stream: StreamDto | null
  lines: PanelLine[]
}

/** A stream's series of a metric; else its connection's (RTT of the candidate pair, available bandwidth). */
export function seriesFor(layout: CaseTimelineDto, stream: StreamDto, metric: string): { series: SeriesInfoDto; isConnectionLevel: boolean } | undefined {
  const own = layout.series.find((s) => s.streamId === stream.id && s.metric === metric)
  if (own) return { series: own, isConnectionLevel: false }
  if (!stream.connectionKey) return undefined
  const conn = layout.series.find((s) => s.streamId === null && s.entryId === stream.entryId && s.connectionKey === stream.connectionKey && s.metric === metric)
  return conn ? { series: conn, isConnectionLevel: true } : undefined
}

const byPanelThenCatalog = (a: string, b: string) =>
  PANEL_DEFS.indexOf(panelOf(a)) - PANEL_DEFS.indexOf(panelOf(b)) || (CATALOG_ORDER.get(a) ?? 1e9) - (CATALOG_ORDER.get(b) ?? 1e9) || a.localeCompare(b)

/** Metrics the chosen streams have (their own or their connection's), in panel order. */
export function availableMetrics(layout: CaseTimelineDto | null, streams: readonly StreamDto[]): string[] {
  if (!layout) return []
  const ids = new Set(streams.map((s) => s.id))
  const conns = new Set(streams.map((s) => `${s.entryId}|${s.connectionKey}`))
  const found = new Set<string>()
  for (const s of layout.series) {
    if ((s.streamId !== null && ids.has(s.streamId)) || (s.streamId === null && conns.has(`${s.entryId}|${s.connectionKey}`))) found.add(s.metric)
  }
  return [...found].sort(byPanelThenCatalog)
}

/** The catalog's default metrics among those available. */
export function defaultMetrics(available: readonly string[]): string[] {
  return available.filter((m) => METRICS.get(m)?.isDefault === true)
}

/** The panels for the chosen streams (already ordered, pairs adjacent) and metrics. */
export function planPanels(layout: CaseTimelineDto | null, streams: readonly StreamDto[], metrics: readonly string[], isSplit: boolean): PanelPlan[] {
  if (!layout || streams.length === 0) return []
  const sorted = [...new Set(metrics)].sort(byPanelThenCatalog)
  const plans: PanelPlan[] = []
  for (const def of PANEL_DEFS) {
    const ms = sorted.filter((m) => panelOf(m) === def)
    if (ms.length === 0) continue
    const groups = isSplit ? streams.map((s) => [s]) : [streams]
    for (const group of groups) {
      const seen = new Set<number>()
      const lines: PanelLine[] = []
      for (const stream of group) {
        for (const [i, metric] of ms.entries()) {
          const found = seriesFor(layout, stream, metric)
          if (!found || seen.has(found.series.id)) continue
          seen.add(found.series.id)
          lines.push({ seriesId: found.series.id, metric, stream, isConnectionLevel: found.isConnectionLevel, isSecondary: i > 0 })
        }
      }
      if (lines.length) plans.push({ key: isSplit ? `${def.kind}:${group[0]!.id}` : def.kind, kind: def.kind, shape: def.shape, stream: isSplit ? group[0]! : null, lines })
    }
  }
  return plans
}

/** Every series id the panels draw, without duplicates. */
export function panelSeriesIds(plans: readonly PanelPlan[]): number[] {
  return [...new Set(plans.flatMap((p) => p.lines.map((l) => l.seriesId)))]
}
