/**
 * Standard getStats histories -> the normalized call model: one StreamInfo per inbound-rtp /
 * outbound-rtp object, canonical metric series (metrics.ts), raw numeric stats as `stat.<prop>`,
 * and events derived from value changes (quality limitation, codec implementation, DTLS state,
 * selected candidate pair and network type). Remote-inbound-rtp figures attach to the outbound
 * stream they describe (uplink loss/RTT as the receiver saw it).
 */
import type { CallEvent, ParsedEntry, Scalar, StreamInfo } from '../model/call'
import { QUALITY_LIMITATION_CODES } from '../model/metrics'
import { clamped, deltaRatio, lossPercent, ratePerSecond, scaled } from './derive'
import { changeEvents, pushSeries } from './emit'
import { normalizeConnectionLevel } from './normalize-connection'
import { type ConnectionStats, type StatsObjectHistory, hasNumber, lastValue, numericColumn } from './stats-table'

/** Stats types whose raw numeric properties are kept as hidden `stat.*` series. */
const RAW_TYPES = new Set(['inbound-rtp', 'outbound-rtp', 'remote-inbound-rtp', 'remote-outbound-rtp', 'media-source', 'track'])
/** Raw properties that are identifiers or clocks, not quantities. */
const RAW_SKIP = new Set(['ssrc', 'timestamp', 'lastPacketReceivedTimestamp', 'lastPacketSentTimestamp', 'estimatedPlayoutTimestamp', 'remoteTimestamp', 'payloadType', 'rtxSsrc', 'fecSsrc'])

/** Adds everything learnt from one connection's stats to `out`. */
export function normalizeConnectionStats(conn: ConnectionStats, out: ParsedEntry, participant?: string): void {
  const codecs = codecNames(conn)
  const streamsByObject = new Map<string, StreamInfo>()
  for (const obj of conn.objects.values()) {
    if (obj.type !== 'inbound-rtp' && obj.type !== 'outbound-rtp') continue
    const stream = streamFor(conn.connectionKey, obj, codecs, participant)
    streamsByObject.set(obj.id, stream)
    out.streams.push(stream)
    if (obj.type === 'inbound-rtp') inboundSeries(obj, stream.key, out)
    else outboundSeries(obj, stream.key, out)
    implementationEvents(obj, stream.key, out.events)
  }
  // Chrome < 110 kept video frame figures on `track` objects; fold them into their inbound stream.
  for (const obj of conn.objects.values()) {
    if (obj.type !== 'track') continue
    const owner = [...conn.objects.values()].find((o) => o.type === 'inbound-rtp' && lastValue(o, 'trackId') === obj.id)
    const stream = owner && streamsByObject.get(owner.id)
    if (stream) trackSeries(obj, stream.key, out)
  }
  for (const obj of conn.objects.values()) {
    if (obj.type === 'remote-inbound-rtp') {
      const target = findLocal(conn, obj, 'outbound-rtp', streamsByObject)
      if (target) remoteInboundSeries(obj, target.key, out)
    } else if (obj.type === 'media-source') {
      for (const o of conn.objects.values()) {
        if (o.type === 'outbound-rtp' && lastValue(o, 'mediaSourceId') === obj.id) {
          const stream = streamsByObject.get(o.id)
          if (stream) mediaSourceSeries(obj, stream.key, out)
        }
      }
    }
  }
  for (const obj of conn.objects.values()) {
    if (!RAW_TYPES.has(obj.type)) continue
    const owner = obj.type === 'inbound-rtp' || obj.type === 'outbound-rtp' ? streamsByObject.get(obj.id)
      : obj.type === 'remote-inbound-rtp' ? findLocal(conn, obj, 'outbound-rtp', streamsByObject)
        : obj.type === 'remote-outbound-rtp' ? findLocal(conn, obj, 'inbound-rtp', streamsByObject) : undefined
    rawSeries(obj, owner?.key, owner ? undefined : conn.connectionKey, out)
  }
  normalizeConnectionLevel(conn, out)
}

function codecNames(conn: ConnectionStats): Map<string, { name: string; fmtp: string }> {
  const out = new Map<string, { name: string; fmtp: string }>()
  for (const obj of conn.objects.values()) {
    if (obj.type !== 'codec') continue
    const mime = String(lastValue(obj, 'mimeType') ?? '')
    out.set(obj.id, { name: mime.replace(/^(audio|video)\//i, ''), fmtp: String(lastValue(obj, 'sdpFmtpLine') ?? '') })
  }
  return out
}

function streamFor(connectionKey: string, obj: StatsObjectHistory, codecs: Map<string, { name: string; fmtp: string }>, participant?: string): StreamInfo {
  const kindRaw = String(lastValue(obj, 'kind') ?? lastValue(obj, 'mediaType') ?? '')
  const kind = kindRaw === 'audio' || kindRaw === 'video' ? kindRaw : /audio/i.test(obj.id) ? 'audio' : 'video'
  // Chrome ≤ ~90 wrote ssrc as a string ("32322563").
  const ssrcRaw = lastValue(obj, 'ssrc')
  const ssrc = typeof ssrcRaw === 'string' && /^\d+$/.test(ssrcRaw) ? Number(ssrcRaw) : ssrcRaw
  const codec = codecs.get(String(lastValue(obj, 'codecId') ?? ''))
  const bracketCodec = lastValue(obj, '[codec]')
  const codecName = codec?.name || (typeof bracketCodec === 'string' ? bracketCodec.split(' ')[0] : undefined)
  const rid = lastValue(obj, 'rid')
  const stream: StreamInfo = {
    key: `${connectionKey}/${obj.id}`,
    connectionKey,
    kind,
    direction: obj.type === 'inbound-rtp' ? 'recv' : 'send',
    label: `${kind} ${obj.type === 'inbound-rtp' ? 'in' : 'out'} ${typeof ssrc === 'number' ? ssrc : obj.id}${typeof rid === 'string' ? ` (${rid})` : ''}`,
  }
  if (participant) stream.participant = participant
  if (typeof ssrc === 'number') stream.ssrc = ssrc
  if (codecName) stream.codec = codecName
  if (typeof rid === 'string' && rid) stream.layer = rid
  const meta: Record<string, Scalar> = { statsId: obj.id }
  if (codec?.fmtp) meta.fmtp = codec.fmtp
  const mid = lastValue(obj, 'mid')
  if (mid !== undefined && mid !== null) meta.mid = String(mid)
  stream.meta = meta
  return stream
}

function col(obj: StatsObjectHistory, prop: string): Float64Array | null {
  return numericColumn(obj, prop)
}

function inboundSeries(obj: StatsObjectHistory, streamKey: string, out: ParsedEntry): void {
  const t = obj.t
  const own = { streamKey }
  const bytes = col(obj, 'bytesReceived')
  const packets = col(obj, 'packetsReceived')
  const lost = col(obj, 'packetsLost')
  pushSeries(out, 'bitrate', 'kbps', t, bytes && ratePerSecond(t, bytes, 8 / 1000), own)
  pushSeries(out, 'packets_per_s', 'pps', t, packets && ratePerSecond(t, packets), own)
  pushSeries(out, 'loss_pct', '%', t, lost && packets && lossPercent(lost, packets), own)
  pushSeries(out, 'packets_lost', 'count', t, lost, own)
  const jitter = col(obj, 'jitter')
  pushSeries(out, 'jitter_ms', 'ms', t, jitter && scaled(jitter, 1000), own)
  frameAndBufferSeries(obj, streamKey, out)
}

/** Series shared by inbound-rtp and legacy `track` objects (both may carry them). */
function frameAndBufferSeries(obj: StatsObjectHistory, streamKey: string, out: ParsedEntry): void {
  const t = obj.t
  const own = { streamKey }
  const emitted = col(obj, 'jitterBufferEmittedCount')
  const jbDelay = col(obj, 'jitterBufferDelay')
  const jbTarget = col(obj, 'jitterBufferTargetDelay')
  pushSeries(out, 'jb_delay_ms', 'ms', t, jbDelay && emitted && deltaRatio(jbDelay, emitted, 1000), own)
  pushSeries(out, 'jb_target_ms', 'ms', t, jbTarget && emitted && deltaRatio(jbTarget, emitted, 1000), own)
  const decoded = col(obj, 'framesDecoded')
  const fps = col(obj, 'framesPerSecond') ?? (decoded && ratePerSecond(t, decoded))
  pushSeries(out, 'fps', 'fps', t, fps, own)
  pushSeries(out, 'frame_height', 'px', t, col(obj, 'frameHeight'), own)
  pushSeries(out, 'frame_width', 'px', t, col(obj, 'frameWidth'), own)
  pushSeries(out, 'freeze_count', 'count', t, col(obj, 'freezeCount'), own)
  const freezes = col(obj, 'totalFreezesDuration')
  pushSeries(out, 'freeze_pct', '%', t, freezes && clamped(ratePerSecond(t, freezes, 100), 0, 100), own)
  const dropped = col(obj, 'framesDropped')
  pushSeries(out, 'frames_dropped_per_s', 'fps', t, dropped && ratePerSecond(t, dropped), own)
  const concealed = col(obj, 'concealedSamples')
  const samples = col(obj, 'totalSamplesReceived')
  pushSeries(out, 'concealed_pct', '%', t, concealed && samples && clamped(deltaRatio(concealed, samples, 100), 0, 100), own)
  pushSeries(out, 'audio_level', 'level', t, col(obj, 'audioLevel'), own)
  const decodeTime = col(obj, 'totalDecodeTime')
  pushSeries(out, 'decode_ms', 'ms', t, decodeTime && decoded && deltaRatio(decodeTime, decoded, 1000), own)
  counterRates(obj, streamKey, out)
  pushSeries(out, 'keyframes_per_s', 'per s', t, rateOf(obj, 'keyFramesDecoded'), own)
}

function trackSeries(obj: StatsObjectHistory, streamKey: string, out: ParsedEntry): void {
  const before = new Set(out.series.filter((s) => s.streamKey === streamKey).map((s) => s.metric))
  const scratch: ParsedEntry = { ...out, series: [] }
  frameAndBufferSeries(obj, streamKey, scratch)
  for (const s of scratch.series) if (!before.has(s.metric)) out.series.push(s)
}

function counterRates(obj: StatsObjectHistory, streamKey: string, out: ParsedEntry): void {
  pushSeries(out, 'nack_per_s', 'per s', obj.t, rateOf(obj, 'nackCount'), { streamKey })
  pushSeries(out, 'pli_per_s', 'per s', obj.t, rateOf(obj, 'pliCount'), { streamKey })
  pushSeries(out, 'fir_per_s', 'per s', obj.t, rateOf(obj, 'firCount'), { streamKey })
}

function rateOf(obj: StatsObjectHistory, prop: string): Float64Array | null {
  const c = col(obj, prop)
  return c && ratePerSecond(obj.t, c)
}

function outboundSeries(obj: StatsObjectHistory, streamKey: string, out: ParsedEntry): void {
  const t = obj.t
  const own = { streamKey }
  const bytes = col(obj, 'bytesSent')
  pushSeries(out, 'bitrate', 'kbps', t, bytes && ratePerSecond(t, bytes, 8 / 1000), own)
  pushSeries(out, 'packets_per_s', 'pps', t, rateOf(obj, 'packetsSent'), own)
  const target = col(obj, 'targetBitrate')
  pushSeries(out, 'target_bitrate', 'kbps', t, target && scaled(target, 1 / 1000), own)
  pushSeries(out, 'fps', 'fps', t, col(obj, 'framesPerSecond') ?? rateOf(obj, 'framesSent'), own)
  pushSeries(out, 'frame_height', 'px', t, col(obj, 'frameHeight'), own)
  pushSeries(out, 'frame_width', 'px', t, col(obj, 'frameWidth'), own)
  const encodeTime = col(obj, 'totalEncodeTime')
  const encoded = col(obj, 'framesEncoded')
  pushSeries(out, 'encode_ms', 'ms', t, encodeTime && encoded && deltaRatio(encodeTime, encoded, 1000), own)
  counterRates(obj, streamKey, out)
  pushSeries(out, 'keyframes_per_s', 'per s', t, rateOf(obj, 'keyFramesEncoded'), own)
  const reason = obj.props.get('qualityLimitationReason')
  if (reason) {
    const v = new Float64Array(reason.length)
    for (let i = 0; i < reason.length; i++) {
      const r = reason[i]
      v[i] = typeof r === 'string' ? (QUALITY_LIMITATION_CODES[r] ?? 3) : NaN
    }
    pushSeries(out, 'quality_limitation', 'state', t, v, own)
    changeEvents(obj, 'qualityLimitationReason', streamKey, out.events, 'quality-limitation.change', (prev, next) => ({
      severity: next === 'none' ? 'info' : 'warning',
      message: `quality limitation ${prev} → ${next}`,
    }))
  }
}

function remoteInboundSeries(obj: StatsObjectHistory, streamKey: string, out: ParsedEntry): void {
  const t = obj.t
  const own = { streamKey }
  const rtt = col(obj, 'roundTripTime')
  pushSeries(out, 'rtt_ms', 'ms', t, rtt && scaled(rtt, 1000), own)
  const jitter = col(obj, 'jitter')
  pushSeries(out, 'jitter_ms', 'ms', t, jitter && scaled(jitter, 1000), own)
  const fraction = col(obj, 'fractionLost')
  pushSeries(out, 'loss_pct', '%', t, fraction && scaled(fraction, 100), own)
  pushSeries(out, 'packets_lost', 'count', t, col(obj, 'packetsLost'), own)
}

function mediaSourceSeries(obj: StatsObjectHistory, streamKey: string, out: ParsedEntry): void {
  pushSeries(out, 'audio_level', 'level', obj.t, col(obj, 'audioLevel'), { streamKey })
}

function rawSeries(obj: StatsObjectHistory, streamKey: string | undefined, connectionKey: string | undefined, out: ParsedEntry): void {
  const owner = streamKey ? { streamKey } : connectionKey ? { connectionKey } : {}
  for (const [prop, values] of obj.props) {
    if (RAW_SKIP.has(prop) || prop.startsWith('[')) continue
    if (!hasNumber(values)) continue
    pushSeries(out, `stat.${obj.type}.${prop}`, '', obj.t, numericColumn(obj, prop), owner)
  }
}

function findLocal(conn: ConnectionStats, obj: StatsObjectHistory, type: string, streams: Map<string, StreamInfo>): StreamInfo | undefined {
  const localId = lastValue(obj, 'localId')
  if (typeof localId === 'string' && streams.has(localId)) return streams.get(localId)
  const ssrc = lastValue(obj, 'ssrc')
  for (const o of conn.objects.values()) {
    if (o.type === type && lastValue(o, 'ssrc') === ssrc) return streams.get(o.id)
  }
  return undefined
}

function implementationEvents(obj: StatsObjectHistory, streamKey: string, events: CallEvent[]): void {
  for (const prop of ['decoderImplementation', 'encoderImplementation', 'codecId', 'scalabilityMode']) {
    changeEvents(obj, prop, streamKey, events, prop === 'scalabilityMode' ? 'layer.change' : 'codec.change', (prev, next) => ({
      severity: 'info', message: `${prop} ${prev} → ${next}`,
    }))
  }
}
