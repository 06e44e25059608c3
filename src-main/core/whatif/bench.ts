/**
 * Speed check for the bench harness: 100 scenarios replayed over a synthetic 1-hour call at 1 s
 * resolution (issue 6 target ≤ 200 ms). The synthetic call is deterministic (seeded PRNG): loss
 * with bursty episodes, RTT 40–300 ms, jitter 2–60 ms, a bandwidth dip.
 */
import { baselineConfig } from './config'
import { replay } from './replay'
import type { Scenario, StreamReplayInput } from './types'
import { seededRandom } from '../util/prng'

/** A deterministic synthetic call of `seconds` seconds for one stream. */
export function syntheticInput(kind: 'audio' | 'video', seconds = 3600, seed = 1): StreamReplayInput {
  const rnd = seededRandom(seed)
  const col = () => new Float64Array(seconds)
  const input: StreamReplayInput = {
    kind, t0: 1_700_000_000_000, seconds, lossPct: col(), rttMs: col(), jitterMs: col(), bitrateKbps: col(),
    burstR: col(), jbDelayMs: col(), availableKbps: col(), codec: kind === 'audio' ? 'opus' : 'VP8',
  }
  if (kind === 'video') {
    input.fps = col()
    input.frameWidth = col()
    input.frameHeight = col()
  }
  let episode = 0
  for (let i = 0; i < seconds; i++) {
    if (episode === 0 && rnd() < 0.01) episode = 5 + Math.floor(rnd() * 30)
    const bad = episode > 0
    if (episode > 0) episode--
    input.lossPct[i] = i % 97 === 0 ? NaN : bad ? 2 + rnd() * 15 : rnd() < 0.3 ? rnd() * 1.5 : 0
    input.rttMs[i] = 40 + 60 * rnd() + (bad ? 200 * rnd() : 0)
    input.jitterMs[i] = 2 + 8 * rnd() + (bad ? 50 * rnd() : 0)
    input.burstR![i] = bad ? 1 + 3 * rnd() : 1
    input.jbDelayMs![i] = 40 + 3 * input.jitterMs[i]!
    const dip = i > 1800 && i < 2100
    if (kind === 'audio') {
      input.bitrateKbps[i] = 30 + 4 * rnd()
      input.availableKbps![i] = dip ? 300 : 2500
    } else {
      input.bitrateKbps[i] = dip ? 600 : 1500 + 300 * rnd()
      input.availableKbps![i] = dip ? 700 : 3000
      input.fps![i] = 30
      input.frameWidth![i] = 1280
      input.frameHeight![i] = 720
    }
  }
  return input
}

/** 100 varied scenarios: recovery mechanisms, buffers, codecs and network edits. */
export function benchScenarios(kind: 'audio' | 'video', count = 100): Scenario[] {
  const out: Scenario[] = []
  const codecs = ['opus', 'g711', 'g729a', 'amr-wb', 'ilbc']
  for (let i = 0; i < count; i++) {
    const fec = i % 4 === 0 ? { scheme: (i % 8 === 0 ? 'ulpfec' : 'flexfec') as 'ulpfec' | 'flexfec', ratio: 0.1 + (i % 5) * 0.05 } : null
    out.push({
      id: `s${i}`,
      label: `scenario ${i}`,
      patch: {
        audio: kind === 'audio' ? { codec: codecs[i % codecs.length]!, hasPlc: true } : {},
        video: kind === 'video' ? { bitrateKbps: 500 + 50 * (i % 30), fps: 15 + (i % 4) * 5 } : {},
        recovery: { red: i % 3 === 0 ? { distance: 1 + (i % 3) } : null, fec, nack: i % 2 === 0 ? { maxRetries: 10 } : null },
        jitterBuffer: i % 5 === 0 ? { mode: 'fixed', delayMs: 40 + 10 * (i % 10) } : { mode: 'adaptive', targetLateLossPct: 1 + (i % 3), minMs: 20, maxMs: 500 },
        network: { lossScale: 0.5 + (i % 4) * 0.25, rttAddMs: (i % 6) * 20 },
      },
    })
  }
  return out
}

const now = (): number => (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now()

/**
 * Milliseconds to replay 100 scenarios (plus the baseline) over a 3600-s call at 1-s resolution,
 * after one warm-up run; the median of `runs` runs. `kind` picks an audio (default) or video stream.
 */
export function benchReplay(runs = 3, kind: 'audio' | 'video' = 'audio'): number {
  const input = syntheticInput(kind)
  const base = baselineConfig(input)
  const scenarios = benchScenarios(kind)
  const once = () => {
    const r = replay(input, base, scenarios)
    if (!r.ok) throw new Error(r.error.message) // programmer error: the synthetic input is valid
  }
  once()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = now()
    once()
    times.push(now() - t)
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!
}
