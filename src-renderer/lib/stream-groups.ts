/**
 * Streams of a case, grouped for picking: by participant (one group per source entry), and paired
 * across participants where one side's outbound SSRC is the other side's inbound (the same RTP
 * stream seen by sender and receiver), so uplink and downlink of one stream sit side by side.
 */
import type { CaseTimelineDto, StreamDto } from '@contract/dto'

export interface StreamGroup {
  entryId: number
  participant: string
  streams: StreamDto[]
}

/** Streams grouped by entry in layout order; within a group, send before recv, audio before video. */
export function groupStreams(streams: readonly StreamDto[]): StreamGroup[] {
  const groups = new Map<number, StreamGroup>()
  for (const s of streams) {
    let g = groups.get(s.entryId)
    if (!g) groups.set(s.entryId, (g = { entryId: s.entryId, participant: s.participant, streams: [] }))
    g.streams.push(s)
  }
  const rank = (s: StreamDto) => (s.direction === 'send' ? 0 : 2) + (s.kind === 'audio' ? 0 : 1)
  for (const g of groups.values()) g.streams.sort((a, b) => rank(a) - rank(b) || a.id - b.id)
  return [...groups.values()]
}

/** The other side(s) of a stream: same SSRC, opposite direction, another entry. */
export function counterparts(streams: readonly StreamDto[], s: StreamDto): StreamDto[] {
  if (s.ssrc === null) return []
  return streams.filter((o) => o.ssrc === s.ssrc && o.direction !== s.direction && o.entryId !== s.entryId)
}

/**
 * Orders a selection so each send stream is followed by its counterparts (then the rest in group
 * order): the order panels and lines follow.
 */
export function orderSelection(streams: readonly StreamDto[], ids: readonly number[]): StreamDto[] {
  const chosen = new Set(ids)
  const ordered = groupStreams(streams).flatMap((g) => g.streams).filter((s) => chosen.has(s.id))
  const out: StreamDto[] = []
  const placed = new Set<number>()
  for (const s of ordered) {
    if (placed.has(s.id)) continue
    out.push(s)
    placed.add(s.id)
    for (const c of counterparts(streams, s)) {
      if (chosen.has(c.id) && !placed.has(c.id)) {
        out.push(c)
        placed.add(c.id)
      }
    }
  }
  return out
}

/**
 * The streams a new timeline shows: the first send stream with a bitrate series (video first) plus
 * its counterparts, so uplink vs downlink shows at once; else the first stream with bitrate; else
 * the first stream.
 */
export function defaultSelection(layout: CaseTimelineDto): number[] {
  const withBitrate = new Set(layout.series.filter((s) => s.metric === 'bitrate' && s.streamId !== null).map((s) => s.streamId))
  const ordered = groupStreams(layout.streams).flatMap((g) => g.streams)
  const sends = ordered.filter((s) => s.direction === 'send' && withBitrate.has(s.id))
  const send = sends.find((s) => s.kind === 'video' && counterparts(layout.streams, s).length) ?? sends.find((s) => counterparts(layout.streams, s).length)
  if (send) return [send.id, ...counterparts(layout.streams, send).map((c) => c.id)]
  const first = ordered.find((s) => withBitrate.has(s.id)) ?? ordered[0]
  return first ? [first.id] : []
}

/** A short "participant · kind direction" label, localized through `t`. */
export function streamShortLabel(s: StreamDto, t: (key: string) => string): string {
  return `${s.participant || '?'} · ${t(`stream.kind.${s.kind}`)} ${t(`stream.direction.${s.direction}`)}${s.layer ? ` (${s.layer})` : ''}`
}
