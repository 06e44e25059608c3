/** Reads a case's timeline layout and (downsampled) series points from the store. */
import type { CaseTimelineDto, SeriesPointsDto } from '../contract/dto'
import { DomainError } from '../contract/errors'
import { downsampleMinMax } from '../core/timeline/downsample'
import type { Db } from '../store/db'
import { getCase } from '../store/repos/cases-repo'
import { caseEvents, caseSeriesInfo, caseStreams, seriesPoints } from '../store/repos/timeline-repo'

export class TimelineService {
  constructor(private readonly db: Db) {}

  async get(caseId: string): Promise<CaseTimelineDto> {
    if (!(await getCase(this.db, caseId))) throw new DomainError('NOT_FOUND', `no case ${caseId}`)
    const [streams, series, events] = await Promise.all([caseStreams(this.db, caseId), caseSeriesInfo(this.db, caseId), caseEvents(this.db, caseId)])
    const starts = series.map((s) => s.t_start).filter((x): x is number => x !== null)
    const ends = series.map((s) => s.t_end).filter((x): x is number => x !== null)
    const streamKeys = new Map(streams.map((s) => [s.id, s.connection_key]))
    return {
      caseId,
      timeStart: starts.length ? Math.min(...starts) : null,
      timeEnd: ends.length ? Math.max(...ends) : null,
      streams: streams.map((s) => ({
        id: s.id, entryId: s.entry_id, key: s.key, kind: s.kind as 'audio' | 'video', direction: s.direction as 'send' | 'recv',
        ssrc: s.ssrc, codec: s.codec, layer: s.layer, label: s.label, participant: s.participant, connectionKey: s.connection_key,
      })),
      series: series.map((s) => ({
        id: s.id, entryId: s.entry_id, streamId: s.stream_id, connectionKey: s.connection_key ?? (s.stream_id ? (streamKeys.get(s.stream_id) ?? null) : null),
        metric: s.metric, unit: s.unit, points: s.n, timeStart: s.t_start, timeEnd: s.t_end, min: s.v_min, max: s.v_max, mean: s.v_mean,
      })),
      events: events.map((e) => ({
        id: e.id, entryId: e.entry_id, t: e.t, type: e.type, severity: e.severity as 'info' | 'warning' | 'error', message: e.message,
        streamId: e.stream_id, connectionKey: e.connection_key, line: e.line,
      })),
    }
  }

  async points(seriesIds: number[], range: { start: number; end: number } | undefined, maxPoints: number): Promise<SeriesPointsDto[]> {
    const out: SeriesPointsDto[] = []
    for (const id of seriesIds) {
      const data = await seriesPoints(this.db, id)
      if (!data) throw new DomainError('NOT_FOUND', `no series ${id}`)
      const n = data.t.length
      const start = range?.start ?? (n ? data.t[0]! : 0)
      const end = range?.end ?? (n ? data.t[n - 1]! : 0)
      const p = downsampleMinMax(data.t, data.v, start, end, Math.max(1, Math.floor(maxPoints / 2)))
      out.push({ id, t: Array.from(p.t), v: Array.from(p.v, (x) => (Number.isFinite(x) ? x : null)), isExact: p.isExact })
    }
    return out
  }
}
