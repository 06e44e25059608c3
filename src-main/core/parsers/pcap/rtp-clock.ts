/**
 * RTP clock rates and media kind.
 *
 * Static payload types (RFC 3551, the same table Wireshark's RTP analysis uses) carry their clock rate
 * and kind. Dynamic payload types (96–127, and unassigned numbers) are negotiated in SDP, which a capture
 * does not hold, so the kind and the clock are inferred from the stream itself (`classifyStream`):
 *
 *  1. Timestamp rate: when the stream spans at least 1 s and 10 packets, the RTP timestamp advance of the
 *     in-order packets divided by their arrival time span estimates the clock. Within ±20 % of 90 kHz →
 *     video at 90 000; within ±15 % of an audio rate (8, 16, 24, 32, 44.1, 48 kHz) → audio at that rate.
 *  2. Otherwise, structure: video when ≥ 5 % of consecutive packets share a timestamp (a frame split
 *     into several packets), or ≥ 30 % of packets carry the marker bit (end of frame; audio sets it only at
 *     talk-spurt starts), or the mean payload is ≥ 400 bytes. Video → 90 000 Hz.
 *  3. Otherwise audio, assumed opus-like at 48 000 Hz.
 *
 * Wireshark itself gives dynamic payload types without SDP no clock rate at all (its jitter columns stay
 * 0); the assumed rate is reported in the `clockRate` figure with its `clockRateSource`.
 */
import type { MediaKind } from '../../model/call'

export interface StaticPayloadType {
  name: string
  rate: number
  kind: MediaKind
}

/** RFC 3551 static payload types with a defined clock (Wireshark's `clock_map`). */
export const STATIC_PT: ReadonlyMap<number, StaticPayloadType> = new Map<number, StaticPayloadType>([
  [0, { name: 'PCMU', rate: 8000, kind: 'audio' }],
  [1, { name: '1016', rate: 8000, kind: 'audio' }],
  [2, { name: 'G721', rate: 8000, kind: 'audio' }],
  [3, { name: 'GSM', rate: 8000, kind: 'audio' }],
  [4, { name: 'G723', rate: 8000, kind: 'audio' }],
  [5, { name: 'DVI4', rate: 8000, kind: 'audio' }],
  [6, { name: 'DVI4', rate: 16000, kind: 'audio' }],
  [7, { name: 'LPC', rate: 8000, kind: 'audio' }],
  [8, { name: 'PCMA', rate: 8000, kind: 'audio' }],
  [9, { name: 'G722', rate: 8000, kind: 'audio' }],
  [10, { name: 'L16', rate: 44100, kind: 'audio' }],
  [11, { name: 'L16', rate: 44100, kind: 'audio' }],
  [12, { name: 'QCELP', rate: 8000, kind: 'audio' }],
  [13, { name: 'CN', rate: 8000, kind: 'audio' }],
  [14, { name: 'MPA', rate: 90000, kind: 'audio' }],
  [15, { name: 'G728', rate: 8000, kind: 'audio' }],
  [16, { name: 'DVI4', rate: 11025, kind: 'audio' }],
  [17, { name: 'DVI4', rate: 22050, kind: 'audio' }],
  [18, { name: 'G729', rate: 8000, kind: 'audio' }],
  [19, { name: 'CN', rate: 8000, kind: 'audio' }],
  [25, { name: 'CelB', rate: 90000, kind: 'video' }],
  [26, { name: 'JPEG', rate: 90000, kind: 'video' }],
  [28, { name: 'nv', rate: 90000, kind: 'video' }],
  [31, { name: 'H261', rate: 90000, kind: 'video' }],
  [32, { name: 'MPV', rate: 90000, kind: 'video' }],
  [33, { name: 'MP2T', rate: 90000, kind: 'video' }],
  [34, { name: 'H263', rate: 90000, kind: 'video' }],
])

/** Clock rate of a static payload type, or 0 when the number has none (dynamic or unassigned). */
export const STATIC_RATE = new Float64Array(128)
for (const [pt, d] of STATIC_PT) STATIC_RATE[pt] = d.rate

/**
 * Clock-rate hypotheses run side by side for packets whose payload type has no static rate; the one
 * `classifyStream` picks is reported (so jitter is computed in one streaming pass, without buffering).
 */
export const HYPOTHESIS_RATES: readonly number[] = [8000, 16000, 24000, 32000, 44100, 48000, 90000]

const AUDIO_RATES = [8000, 16000, 24000, 32000, 44100, 48000]

/** What `classifyStream` looks at, gathered while streaming. */
export interface KindEvidence {
  mainPt: number
  packets: number
  markers: number
  /** In-order consecutive packet pairs, and how many of them share the RTP timestamp. */
  pairs: number
  sameTimestampPairs: number
  payloadBytes: number
  /** Estimated timestamp clock in Hz, or NaN when the stream is too short to tell. */
  rateEstimate: number
}

export type ClockRateSource = 'static-pt' | 'estimated' | 'assumed-video' | 'assumed-audio'

export interface Classification {
  kind: MediaKind
  clockRate: number
  source: ClockRateSource
  codec?: string
}

function near(x: number, target: number, tol: number): boolean {
  return Math.abs(x - target) <= target * tol
}

/** Kind and clock rate of a stream (see the module comment for the rules). */
export function classifyStream(e: KindEvidence): Classification {
  const st = STATIC_PT.get(e.mainPt)
  if (st) return { kind: st.kind, clockRate: st.rate, source: 'static-pt', codec: st.name }
  const r = e.rateEstimate
  const meanPayload = e.packets > 0 ? e.payloadBytes / e.packets : 0
  if (Number.isFinite(r)) {
    if (near(r, 90000, 0.2)) return { kind: 'video', clockRate: 90000, source: 'estimated' }
    let best = AUDIO_RATES[0]!
    for (const a of AUDIO_RATES) if (Math.abs(r - a) < Math.abs(r - best)) best = a
    if (near(r, best, 0.15)) return { kind: 'audio', clockRate: best, source: 'estimated' }
  }
  // RFC 4733 telephone events: 4-byte payloads repeating one timestamp per event; 8 kHz (the usual rate).
  if (meanPayload > 0 && meanPayload <= 8) return { kind: 'audio', clockRate: 8000, source: 'assumed-audio' }
  const sameTs = e.pairs > 0 ? e.sameTimestampPairs / e.pairs : 0
  const markerShare = e.packets > 0 ? e.markers / e.packets : 0
  if (sameTs >= 0.05 || (e.packets >= 10 && markerShare >= 0.3) || meanPayload >= 400) {
    return { kind: 'video', clockRate: 90000, source: 'assumed-video' }
  }
  return { kind: 'audio', clockRate: 48000, source: 'assumed-audio' }
}

/** Index in HYPOTHESIS_RATES whose results to report for a stream of this clock rate. */
export function hypothesisIndex(clockRate: number): number {
  let best = 0
  for (let i = 1; i < HYPOTHESIS_RATES.length; i++) {
    if (Math.abs(HYPOTHESIS_RATES[i]! - clockRate) < Math.abs(HYPOTHESIS_RATES[best]! - clockRate)) best = i
  }
  return best
}

/** Static payload type name, or `PT<n>`. */
export function payloadTypeName(pt: number): string {
  return STATIC_PT.get(pt)?.name ?? `PT${pt}`
}
