/**
 * Which series the timeline draws for a stream: the default stream choice, the chart panels
 * (bitrate, loss, RTT/jitter) and their series. Pure functions over the `timeline.get` layout.
 */
import type { CaseTimelineDto, SeriesInfoDto, StreamDto } from '@contract/dto'

export type PanelKey = 'bitrate' | 'loss' | 'delay'

export interface PanelSeries {
  series: SeriesInfoDto
  metric: string
}

export interface PanelPlan {
  key: PanelKey
  /** Empty when the stream has no such metric: the panel still shows, saying "no data". */
  series: PanelSeries[]
}

const PANEL_METRICS: Record<PanelKey, string[]> = {
  bitrate: ['bitrate', 'target_bitrate'],
  loss: ['loss_pct'],
  delay: ['rtt_ms', 'jitter_ms'],
}

/** The first stream with a bitrate series; else the first stream; null when there is none. */
export function defaultStreamId(layout: CaseTimelineDto): number | null {
  const withBitrate = new Set(layout.series.filter((s) => s.metric === 'bitrate' && s.streamId !== null).map((s) => s.streamId))
  const first = layout.streams.find((s) => withBitrate.has(s.id)) ?? layout.streams[0]
  return first ? first.id : null
}

/** The series of `metric` for a stream; RTT falls back to the stream's connection (candidate pair). */
export function seriesFor(layout: CaseTimelineDto, stream: StreamDto, metric: string): SeriesInfoDto | undefined {
  const own = layout.series.find((s) => s.streamId === stream.id && s.metric === metric)
  if (own || metric !== 'rtt_ms' || !stream.connectionKey) return own
  return layout.series.find(
    (s) => s.streamId === null && s.entryId === stream.entryId && s.connectionKey === stream.connectionKey && s.metric === metric,
  )
}

/** Panels for a stream: bitrate and loss always; RTT/jitter only when the stream has either. */
export function planPanels(layout: CaseTimelineDto | null, streamId: number | null): PanelPlan[] {
  const stream = layout?.streams.find((s) => s.id === streamId)
  if (!layout || !stream) return []
  const plans: PanelPlan[] = (Object.keys(PANEL_METRICS) as PanelKey[]).map((key) => ({
    key,
    series: PANEL_METRICS[key].flatMap((metric) => {
      const series = seriesFor(layout, stream, metric)
      return series ? [{ series, metric }] : []
    }),
  }))
  return plans.filter((p) => p.key !== 'delay' || p.series.length > 0)
}

/** Every series id the panels need, without duplicates. */
export function panelSeriesIds(plans: PanelPlan[]): number[] {
  return [...new Set(plans.flatMap((p) => p.series.map((s) => s.series.id)))]
}
