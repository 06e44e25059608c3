/**
 * Speed check for the lead's bench harness: a synthetic 1-hour call with 20 streams (5 participants,
 * each sending audio + video and receiving audio + video from the next one, 1 s stats, about 40 series
 * per participant pair of streams, with loss bursts, freezes and a disconnect sprinkled in) and the
 * milliseconds `runDetectors` takes on it (median of 5 runs after a warm-up). Target: < 200 ms.
 */
import type { CallEvent } from '../model/call'
import { runDetectors } from './engine'
import { type SynthEntry, type SynthSeries, cumulative, fill, synthView } from './synthetic'
import { seededRandom } from '../util/prng'
import type { CallView } from './types'

const SECONDS = 3600
const PARTICIPANTS = 5

function now(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance
  return perf ? perf.now() : Date.now()
}

function ssrc(p: number, kind: 'a' | 'v'): number {
  return 1000 + p * 10 + (kind === 'a' ? 1 : 2)
}

/** The benchmark call (deterministic). */
export function benchCall(seconds = SECONDS, participants = PARTICIPANTS): CallView {
  const start = Date.UTC(2026, 0, 5, 10, 0, 0)
  const entries: SynthEntry[] = []
  for (let p = 0; p < participants; p++) {
    const rnd = seededRandom(7919 * (p + 1))
    const from = (p + 1) % participants
    const lossy = (i: number) => (i % 600 >= 300 && i % 600 < 330 ? (rnd() < 0.5 ? 8 + rnd() * 7 : 1 + rnd() * 2) : rnd() < 0.03 ? rnd() * 0.5 : 0)
    const loss = fill(seconds, lossy)
    const pps = fill(seconds, () => 50)
    const vpps = fill(seconds, () => 180 + rnd() * 20)
    const freezes = fill(seconds, (i) => (loss[i]! > 10 && rnd() < 0.3 ? 1 : 0))
    const recvAudio: SynthSeries[] = [
      { metric: 'bitrate', v: fill(seconds, () => 32 + rnd() * 4) }, { metric: 'packets_per_s', v: pps }, { metric: 'loss_pct', v: loss },
      { metric: 'jitter_ms', v: fill(seconds, (i) => 3 + loss[i]! * 3 + rnd()) }, { metric: 'jb_delay_ms', v: fill(seconds, (i) => 50 + loss[i]! * 10) },
      { metric: 'concealed_pct', v: fill(seconds, (i) => loss[i]! * 0.7) }, { metric: 'audio_level', v: fill(seconds, () => rnd() * 0.3) },
      { metric: 'stat.inbound-rtp.packetsReceived', v: cumulative(pps) },
      { metric: 'stat.inbound-rtp.totalSamplesReceived', v: cumulative(fill(seconds, () => 48_000)) },
      { metric: 'stat.inbound-rtp.concealedSamples', v: cumulative(fill(seconds, (i) => loss[i]! * 480 * 0.7)) },
      { metric: 'stat.inbound-rtp.silentConcealedSamples', v: cumulative(fill(seconds, () => 0)) },
      { metric: 'stat.inbound-rtp.concealmentEvents', v: cumulative(fill(seconds, (i) => (loss[i]! > 5 ? 2 : 0))) },
      { metric: 'stat.inbound-rtp.insertedSamplesForDeceleration', v: cumulative(fill(seconds, () => 100)) },
      { metric: 'stat.inbound-rtp.removedSamplesForAcceleration', v: cumulative(fill(seconds, () => 100)) },
      { metric: 'stat.inbound-rtp.jitterBufferFlushes', v: cumulative(fill(seconds, () => 0)) },
    ]
    const recvVideo: SynthSeries[] = [
      { metric: 'bitrate', v: fill(seconds, () => 1500 + rnd() * 200) }, { metric: 'packets_per_s', v: vpps }, { metric: 'loss_pct', v: loss },
      { metric: 'jitter_ms', v: fill(seconds, (i) => 8 + loss[i]! * 4) }, { metric: 'jb_delay_ms', v: fill(seconds, (i) => 40 + loss[i]! * 12) },
      { metric: 'fps', v: fill(seconds, (i) => (freezes[i] ? 12 : 30)) }, { metric: 'frame_height', v: fill(seconds, () => 720) },
      { metric: 'freeze_count', v: cumulative(freezes) }, { metric: 'freeze_pct', v: fill(seconds, (i) => freezes[i]! * 60) },
      { metric: 'pli_per_s', v: freezes }, { metric: 'fir_per_s', v: fill(seconds, () => 0) }, { metric: 'decode_ms', v: fill(seconds, () => 3 + rnd()) },
      { metric: 'stat.inbound-rtp.packetsReceived', v: cumulative(vpps) },
    ]
    const sendAudio: SynthSeries[] = [
      { metric: 'bitrate', v: fill(seconds, () => 34) }, { metric: 'packets_per_s', v: pps }, { metric: 'audio_level', v: fill(seconds, () => rnd() * 0.3) },
      { metric: 'rtt_ms', v: fill(seconds, () => 40 + rnd() * 10) }, { metric: 'loss_pct', v: fill(seconds, () => 0) }, { metric: 'stat.outbound-rtp.packetsSent', v: cumulative(pps) },
    ]
    const sendVideo: SynthSeries[] = [
      { metric: 'bitrate', v: fill(seconds, () => 1600) }, { metric: 'packets_per_s', v: vpps }, { metric: 'fps', v: fill(seconds, () => 30) },
      { metric: 'frame_height', v: fill(seconds, (i) => (i % 900 > 800 ? 360 : 720)) }, { metric: 'quality_limitation', v: fill(seconds, (i) => (i % 900 > 800 ? 2 : 0)) },
      { metric: 'encode_ms', v: fill(seconds, () => 5 + rnd()) }, { metric: 'pli_per_s', v: fill(seconds, () => 0) }, { metric: 'stat.outbound-rtp.packetsSent', v: cumulative(vpps) },
    ]
    const conn = `${p + 1}-1`
    const t0 = start
    const events: CallEvent[] = [
      { t: t0 - 900, type: 'sdp.local', severity: 'info', message: 'setLocalDescription offer', connectionKey: conn },
      { t: t0 - 800, type: 'ice.state', severity: 'info', message: 'ice.state checking', connectionKey: conn, data: { state: 'checking' } },
      { t: t0 - 700, type: 'ice.state', severity: 'info', message: 'ice.state connected', connectionKey: conn, data: { state: 'connected' } },
      { t: t0 + 1_800_000, type: 'ice.state', severity: 'warning', message: 'ice.state disconnected', connectionKey: conn, data: { state: 'disconnected' } },
      { t: t0 + 1_803_000, type: 'ice.state', severity: 'info', message: 'ice.state connected', connectionKey: conn, data: { state: 'connected' } },
    ]
    entries.push({
      participant: `p${p}`, id: `bench-${p}`, events,
      connections: [{
        key: conn,
        series: [{ metric: 'rtt_ms', v: fill(seconds, (i) => 40 + loss[i]! * 20 + rnd() * 5) }, { metric: 'available_outgoing_bitrate', v: fill(seconds, (i) => (i % 900 > 800 ? 500 : 2800)) }],
        streams: [
          { key: `${conn}/OA${p}`, kind: 'audio', direction: 'send', ssrc: ssrc(p, 'a'), codec: 'opus', series: sendAudio },
          { key: `${conn}/OV${p}`, kind: 'video', direction: 'send', ssrc: ssrc(p, 'v'), codec: 'VP8', series: sendVideo },
          { key: `${conn}/IA${from}`, kind: 'audio', direction: 'recv', ssrc: ssrc(from, 'a'), codec: 'opus', series: recvAudio },
          { key: `${conn}/IV${from}`, kind: 'video', direction: 'recv', ssrc: ssrc(from, 'v'), codec: 'VP8', series: recvVideo },
        ],
      }],
    })
  }
  return synthView(entries, { start, periodMs: 1000 })
}

/** Milliseconds to run all detectors (with scores and summary) on the 1-hour, 20-stream call. */
export function benchDetectors(): number {
  const view = benchCall()
  runDetectors(view)
  const runs: number[] = []
  for (let k = 0; k < 5; k++) {
    const t0 = now()
    runDetectors(view)
    runs.push(now() - t0)
  }
  runs.sort((a, b) => a - b)
  return Math.round(runs[2]! * 10) / 10
}
