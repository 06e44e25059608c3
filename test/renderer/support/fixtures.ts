/** Small, realistic contract values for renderer tests. */
import type { CaseSummaryDto, CaseTimelineDto, JobDto, LogPageDto, LogRowDto, SeriesInfoDto, StreamDto } from '../../../src-main/contract/dto'

const T0 = Date.UTC(2024, 4, 1, 8, 0, 0)

export function caseSummary(over: Partial<CaseSummaryDto> = {}): CaseSummaryDto {
  return {
    id: 'case-1', title: 'Choppy video in Jakarta', customer: 'Acme Live', scenario: 'live-show', priority: 'P1',
    status: 'investigating', tier: 2, owner: 'li', tags: ['uplink'], createdAt: T0, updatedAt: T0 + 60_000,
    bundleCount: 1, isDemo: false, firstResponseAt: null, resolvedAt: null, closedAt: null,
    sla: {
      firstResponse: { targetMin: 240, dueAt: T0 + 240 * 60_000, stoppedAt: null, state: 'running' },
      resolution: { targetMin: 4320, dueAt: T0 + 4320 * 60_000, stoppedAt: null, state: 'running' },
    },
    ...over,
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

/**
 * A 1v1 call seen from both sides: alice (entry 1) sends audio 1 and video 2 and receives video 3;
 * bob (entry 2) receives alice's video as stream 4 (same SSRC as 2) and sends video 3's SSRC as 5.
 * RTT and available bandwidth are on alice's connection; a quality-limitation state on stream 2.
 */
export function pairedLayout(): CaseTimelineDto {
  const bob = { entryId: 2, participant: 'bob', connectionKey: 'pcB' }
  return {
    caseId: 'case-1', timeStart: T0, timeEnd: T0 + 100_000,
    streams: [
      stream(1, { kind: 'audio', codec: 'opus', ssrc: 11 }),
      stream(2, { ssrc: 22 }),
      stream(3, { direction: 'recv', ssrc: 33 }),
      stream(4, { ...bob, direction: 'recv', ssrc: 22 }),
      stream(5, { ...bob, ssrc: 33 }),
    ],
    series: [
      series(10, 1, 'bitrate'),
      series(20, 2, 'bitrate'), series(21, 2, 'loss_pct'), series(22, 2, 'target_bitrate'), series(23, 2, 'quality_limitation'), series(24, 2, 'stat.outbound-rtp.nackCount'),
      series(30, null, 'rtt_ms'), series(31, null, 'available_outgoing_bitrate'),
      series(40, 4, 'bitrate', { entryId: 2 }), series(41, 4, 'loss_pct', { entryId: 2 }), series(42, 4, 'fps', { entryId: 2 }),
      series(50, 5, 'bitrate', { entryId: 2 }),
    ],
    events: [],
  }
}

/** A log viewer row at time `t` (epoch ms); `id` < 0 makes it an event. */
export function logRow(id: number, t: number, over: Partial<LogRowDto> = {}): LogRowDto {
  return {
    id, kind: id < 0 ? 'event' : 'log', entryId: 1, path: 'alice/sdk.log', line: id > 0 ? id : null, t, isTimed: true,
    level: 'info', module: 'net', message: `row ${id}`, ...over,
  }
}

/** A page of rows; `hasMore` defaults to true. */
export function logPage(rows: LogRowDto[], over: Partial<LogPageDto> = {}): LogPageDto {
  return { rows, hasMore: true, isPartial: false, resume: null, scanned: rows.length, ...over }
}

export { T0 }
