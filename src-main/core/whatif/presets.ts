/**
 * Scenario presets: configuration patches for typical products, each with the reasoning behind its
 * choices. They are starting points for a replay, not recommendations measured on real traffic.
 */
import type { ConfigPatch, Scenario } from './types'

/** A named configuration for a kind of product, with a patch per media kind. */
export interface Preset {
  id: string
  label: string
  description: string
  /** Why each choice, in one or two sentences. */
  rationale: string
  /** Applied when replaying an audio stream. */
  audio: ConfigPatch
  /** Applied when replaying a video stream. */
  video: ConfigPatch
}

/** The four product presets. */
export const PRESETS: readonly Preset[] = Object.freeze([
  {
    id: 'conversational-ai-low-latency',
    label: 'Conversational AI, low latency',
    description: 'Voice agent: turn-taking speed first; short packets, small buffer, redundancy instead of waiting.',
    rationale: 'Mouth-to-ear delay above ~150 ms costs R quickly (G.107 Idd), so the buffer is capped at 80 ms and accepts 1 % late loss; 10 ms Opus '
      + 'packets cut packetization; RED d=1 and in-band FEC recover isolated losses without the RTT a retransmission '
      + 'needs. The avatar video, if any, is secondary: 540p30 with light FlexFEC.',
    audio: {
      audio: { codec: 'opus', bitrateKbps: 32, packetMs: 10 },
      recovery: { opusFec: true, red: { distance: 1 }, fec: null, nack: null },
      jitterBuffer: { mode: 'adaptive', targetLateLossPct: 1, minMs: 10, maxMs: 80 },
      deviceLatencyMs: 30,
    },
    video: {
      video: { codec: 'vp8', bitrateKbps: 1000, width: 960, height: 540, fps: 30 },
      recovery: { fec: { scheme: 'flexfec', ratio: 0.1 }, nack: { maxRetries: 10 } },
      jitterBuffer: { mode: 'adaptive', targetLateLossPct: 1, minMs: 10, maxMs: 80 },
      deviceLatencyMs: 30,
    },
  },
  {
    id: 'live-show-high-quality',
    label: 'Live show, high quality',
    description: 'One-to-many performance: fidelity first, a few hundred ms of delay is acceptable.',
    rationale: 'A 300 ms fixed buffer leaves room for audio retransmissions on most paths; music-rate Opus (128 kbit/s) runs '
      + 'in CELT mode where in-band FEC does not work, so RED d=2 protects audio; 1080p30 H.264 at the libwebrtc target '
      + 'rate (4 Mbit/s) with NACK and 10 % FlexFEC for video.',
    audio: {
      audio: { codec: 'opus', bitrateKbps: 128, packetMs: 20 },
      recovery: { opusFec: false, red: { distance: 2 }, fec: null, nack: { maxRetries: 10 } },
      jitterBuffer: { mode: 'fixed', delayMs: 300 },
      deviceLatencyMs: 60,
    },
    video: {
      video: { codec: 'h264', bitrateKbps: 4000, width: 1920, height: 1080, fps: 30 },
      recovery: { fec: { scheme: 'flexfec', ratio: 0.1 }, nack: { maxRetries: 10 } },
      jitterBuffer: { mode: 'fixed', delayMs: 300 },
      deviceLatencyMs: 60,
    },
  },
  {
    id: 'social-1v1-weak-network',
    label: '1v1 social, weak network',
    description: 'Mobile one-to-one call on lossy, bandwidth-limited links: stay connected and fluid.',
    rationale: 'Low rates keep inside a thin uplink (24 kbit/s Opus, 360p15 VP8 at 400 kbit/s); audio gets in-band FEC '
      + 'plus RED d=1; video gets 20 % FlexFEC on top of NACK because keyframe recovery after a lost packet is what '
      + 'freezes; the adaptive buffer aims at 0.5 % late loss with up to 400 ms.',
    audio: {
      audio: { codec: 'opus', bitrateKbps: 24, packetMs: 20 },
      recovery: { opusFec: true, red: { distance: 1 }, fec: null, nack: null },
      jitterBuffer: { mode: 'adaptive', targetLateLossPct: 0.5, minMs: 20, maxMs: 400 },
    },
    video: {
      video: { codec: 'vp8', bitrateKbps: 400, width: 640, height: 360, fps: 15 },
      recovery: { fec: { scheme: 'flexfec', ratio: 0.2 }, nack: { maxRetries: 10 } },
      jitterBuffer: { mode: 'adaptive', targetLateLossPct: 0.5, minMs: 20, maxMs: 400 },
    },
  },
  {
    id: 'cross-border',
    label: 'Cross-border links',
    description: 'Long international paths: high RTT, bursty loss at peering points.',
    rationale: 'At 200–400 ms RTT a retransmission rarely fits an audio buffer (the model only counts attempts that '
      + 'arrive in time), so audio relies on in-band FEC + RED d=2, which covers bursts of 2; video keeps NACK but adds '
      + '30 % FlexFEC, whose interleaving handles bursts without waiting an RTT; 540p24 at 800 kbit/s leaves headroom '
      + 'on congested transit.',
    audio: {
      audio: { codec: 'opus', bitrateKbps: 32, packetMs: 20 },
      recovery: { opusFec: true, red: { distance: 2 }, fec: null, nack: { maxRetries: 10 } },
      jitterBuffer: { mode: 'adaptive', targetLateLossPct: 0.5, minMs: 40, maxMs: 600 },
    },
    video: {
      video: { codec: 'vp8', bitrateKbps: 800, width: 960, height: 540, fps: 24 },
      recovery: { fec: { scheme: 'flexfec', ratio: 0.3 }, nack: { maxRetries: 10 } },
      jitterBuffer: { mode: 'adaptive', targetLateLossPct: 0.5, minMs: 40, maxMs: 600 },
    },
  },
])

/** The preset with that id, if any. */
export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id)
}

/** A preset as a replay scenario for a stream of that kind. */
export function presetScenario(preset: Preset, kind: 'audio' | 'video'): Scenario {
  return { id: preset.id, label: preset.label, patch: kind === 'audio' ? preset.audio : preset.video }
}

/** Every preset as a scenario for a stream of that kind. */
export function presetScenarios(kind: 'audio' | 'video'): Scenario[] {
  return PRESETS.map((p) => presetScenario(p, kind))
}
