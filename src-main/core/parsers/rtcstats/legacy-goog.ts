/**
 * Chrome's legacy (pre-standard, `goog*`) getStats reports rewritten as standard-shaped reports, so the
 * shared normalizer turns them into the same metrics: ssrc_*_send/recv -> outbound-/inbound-rtp (+ a
 * remote-inbound-rtp for the RTCP figures of a sent stream), Conn-* -> candidate-pair, Cand-* ->
 * candidates, googComponent -> transport, bweforvideo -> the selected pair's available bitrates.
 */
import type { Report, StatsSample } from './stats-delta'

/** Report types only legacy Chrome writes. */
const LEGACY_TYPES = new Set(['ssrc', 'googCandidatePair', 'VideoBwe', 'googComponent', 'googTrack', 'googLibjingleSession', 'localcandidate', 'remotecandidate'])

/** Legacy properties deliberately left unmapped (reported once in a diagnostic). */
export const LEGACY_UNMAPPED = [
  'googJitterBufferMs/googPreferredJitterBufferMs/googCurrentDelayMs (no cumulative jitter-buffer counters)',
  'googDecodeMs/googAvgEncodeMs/googEncodeUsagePercent', 'googExpandRate/googSpeechExpandRate/googDecoding*',
  'googTargetEncBitrate/googActualEncBitrate/googTransmitBitrate/googRetransmitBitrate', 'audioInputLevel and echo figures',
  'send-side loss % (legacy reports carry no fractionLost)',
]

/** True when a snapshot holds legacy goog reports. */
export function isLegacySnapshot(all: Map<string, Report>): boolean {
  for (const r of all.values()) if (typeof r.type === 'string' && LEGACY_TYPES.has(r.type)) return true
  return false
}

/**
 * Rewrites the sampled reports of a legacy snapshot. Only the goog reports are read: the 2016 export
 * also carries a pre-spec shim of the same figures (`outboundrtp`, `inboundrtp`...), which is dropped.
 */
export function mapLegacySamples(samples: StatsSample[], all: Map<string, Report>): StatsSample[] {
  const bwe = [...all.values()].find((r) => r.type === 'VideoBwe')
  const selected = new Set<string>()
  for (const r of all.values()) {
    if (r.type === 'googComponent' && typeof r.selectedCandidatePairId === 'string') selected.add(r.selectedCandidatePairId)
  }
  const out: StatsSample[] = []
  for (const s of samples) {
    const r = s.report
    const push = (id: string, report: Report) => out.push({ id, t: s.t, report })
    switch (r.type) {
      case 'ssrc': {
        const send = s.id.endsWith('_send')
        push(s.id, send ? outbound(r) : inbound(r))
        if (send && (r.googRtt !== undefined || r.packetsLost !== undefined)) push(`${s.id}#remote`, remoteInbound(r, s.id))
        break
      }
      case 'googCandidatePair':
      case 'candidatepair':
        push(s.id, candidatePair(r, bwe, selected.has(s.id)))
        break
      case 'localcandidate':
      case 'remotecandidate':
        push(s.id, candidate(r))
        break
      case 'googComponent':
        if (typeof r.selectedCandidatePairId === 'string') {
          push(s.id, { type: 'transport', selectedCandidatePairId: r.selectedCandidatePairId, dtlsCipher: r.dtlsCipher ?? null, srtpCipher: r.srtpCipher ?? null })
        }
        break
      default:
        break
    }
  }
  return out
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v)
  return null
}

function scaledNum(v: unknown, factor: number): number | null {
  const n = num(v)
  return n === null ? null : n * factor
}

function bool(v: unknown): boolean | null {
  if (v === true || v === 'true') return true
  if (v === false || v === 'false') return false
  return null
}

/** Copies only the defined, non-null values. */
function compact(r: Record<string, unknown>): Report {
  const out: Report = {}
  for (const [k, v] of Object.entries(r)) if (v !== null && v !== undefined && v !== '') out[k] = v
  return out
}

function common(r: Report): Report {
  return {
    ssrc: num(r.ssrc), kind: r.mediaType ?? r.kind, '[codec]': typeof r.googCodecName === 'string' && r.googCodecName ? r.googCodecName : null,
    trackIdentifier: r.googTrackId, totalAudioEnergy: num(r.totalAudioEnergy), totalSamplesDuration: num(r.totalSamplesDuration),
    qpSum: num(r.qpSum),
  }
}

function inbound(r: Report): Report {
  const level = num(r.audioOutputLevel)
  return compact({
    type: 'inbound-rtp', ...common(r),
    bytesReceived: num(r.bytesReceived), packetsReceived: num(r.packetsReceived), packetsLost: num(r.packetsLost),
    jitter: scaledNum(r.googJitterReceived, 1 / 1000),
    framesPerSecond: num(r.googFrameRateReceived), frameHeight: num(r.googFrameHeightReceived), frameWidth: num(r.googFrameWidthReceived),
    framesDecoded: num(r.framesDecoded), nackCount: num(r.googNacksSent), pliCount: num(r.googPlisSent), firCount: num(r.googFirsSent),
    decoderImplementation: r.codecImplementationName, audioLevel: level === null ? null : level / 32767,
  })
}

function outbound(r: Report): Report {
  const cpu = bool(r.googCpuLimitedResolution)
  const bw = bool(r.googBandwidthLimitedResolution)
  return compact({
    type: 'outbound-rtp', ...common(r),
    bytesSent: num(r.bytesSent), packetsSent: num(r.packetsSent),
    framesPerSecond: num(r.googFrameRateSent), frameHeight: num(r.googFrameHeightSent), frameWidth: num(r.googFrameWidthSent),
    framesEncoded: num(r.framesEncoded), hugeFramesSent: num(r.hugeFramesSent),
    nackCount: num(r.googNacksReceived), pliCount: num(r.googPlisReceived), firCount: num(r.googFirsReceived),
    encoderImplementation: r.codecImplementationName,
    qualityLimitationReason: cpu === null && bw === null ? null : cpu ? 'cpu' : bw ? 'bandwidth' : 'none',
  })
}

function remoteInbound(r: Report, localId: string): Report {
  return compact({
    type: 'remote-inbound-rtp', ssrc: num(r.ssrc), kind: r.mediaType, localId,
    roundTripTime: scaledNum(r.googRtt, 1 / 1000), packetsLost: num(r.packetsLost), jitter: scaledNum(r.googJitterReceived, 1 / 1000),
  })
}

function candidatePair(r: Report, bwe: Report | undefined, selected: boolean): Report {
  const active = bool(r.googActiveConnection) === true
  const carriesBwe = bwe && (active || selected)
  return compact({
    type: 'candidate-pair', localCandidateId: r.localCandidateId, remoteCandidateId: r.remoteCandidateId,
    bytesSent: num(r.bytesSent), bytesReceived: num(r.bytesReceived), packetsSent: num(r.packetsSent),
    currentRoundTripTime: scaledNum(r.googRtt, 1 / 1000), nominated: active, state: active ? 'succeeded' : null,
    requestsSent: num(r.requestsSent), responsesReceived: num(r.responsesReceived),
    availableOutgoingBitrate: carriesBwe ? num(bwe.googAvailableSendBandwidth ?? bwe.availableOutgoingBitrate) : null,
    availableIncomingBitrate: carriesBwe ? num(bwe.googAvailableReceiveBandwidth ?? bwe.availableIncomingBitrate) : null,
  })
}

const CANDIDATE_TYPES: Record<string, string> = {
  local: 'host', host: 'host', stun: 'srflx', serverreflexive: 'srflx', srflx: 'srflx',
  relay: 'relay', relayed: 'relay', peerreflexive: 'prflx', prflx: 'prflx',
}

function candidate(r: Report): Report {
  const type = typeof r.candidateType === 'string' ? r.candidateType : ''
  return compact({
    type: r.type === 'localcandidate' ? 'local-candidate' : 'remote-candidate',
    address: r.ipAddress, port: num(r.portNumber), protocol: r.transport, candidateType: CANDIDATE_TYPES[type] ?? type,
    networkType: r.networkType, priority: num(r.priority),
  })
}
