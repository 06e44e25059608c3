/** Small, realistic contract values for renderer tests. */
import type { CaseSummaryDto, CaseTimelineDto, JobDto, SeriesInfoDto, StreamDto } from '../../../src-main/contract/dto'

const T0 = Date.UTC(2024, 4, 1, 8, 0, 0)

export function caseSummary(over: Partial<CaseSummaryDto> = {}): CaseSummaryDto {
  return {
    id: 'case-1', title: 'Choppy video in Jakarta', customer: 'Acme Live', scenario: 'live-show', priority: 'P1',
    status: 'investigating', tier: 2, owner: 'li', tags: ['uplink'], createdAt: T0, updatedAt: T0 + 60_000,
    bundleCount: 1, isDemo: false, ...over,
  }
}

export function job(over: Partial<JobDto> = {}): JobDto {
  return {
    jobId: 'job-1', kind: 'import', label: 'bundle.zip', state: 'running', stage: 'parse', percent: 42.4,
    bytesDone: 5 * 1024 * 1024, bytesTotal: 12 * 1024 * 1024, ...over,
  }
}

function stream(id: number, over: Partial<StreamDto> = {}): StreamDto {
  return {
    id, entryId: 1, key: `s${id}`, kind: 'video', direction: 'send', ssrc: 1000 + id, codec: 'VP8', layer: null,
    label: `stream ${id}`, participant: 'alice', connectionKey: 'pc1', ...over,
  }
}

function series(id: number, streamId: number | null, metric: string, over: Partial<SeriesInfoDto> = {}): SeriesInfoDto {
  return {
    id, entryId: 1, streamId, connectionKey: 'pc1', metric, unit: '', points: 100, timeStart: T0, timeEnd: T0 + 100_000,
    min: 0, max: 10, mean: 5, ...over,
  }
}

/** Stream 1: audio without bitrate; stream 2: video with bitrate, loss, jitter; RTT on the connection. */
export function timelineLayout(): CaseTimelineDto {
  return {
    caseId: 'case-1', timeStart: T0, timeEnd: T0 + 100_000,
    streams: [stream(1, { kind: 'audio', codec: 'opus' }), stream(2), stream(3, { direction: 'recv', ssrc: null, label: 'remote video', connectionKey: 'pc2' })],
    series: [
      series(10, 1, 'audio_level'),
      series(20, 2, 'bitrate'),
      series(21, 2, 'loss_pct'),
      series(22, 2, 'jitter_ms'),
      series(30, null, 'rtt_ms'),
      series(40, 3, 'bitrate'),
    ],
    events: [{ id: 1, entryId: 1, t: T0 + 5000, type: 'ice', severity: 'warning', message: 'ICE disconnected', streamId: null, connectionKey: 'pc1', line: 12 }],
  }
}

export { T0 }
