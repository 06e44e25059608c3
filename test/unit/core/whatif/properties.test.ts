/**
 * Property checks with a seeded generator loop (fast-check is not installed): random configurations
 * and network points; each property must hold for every draw.
 */
import { describe, expect, it } from 'vitest'
import { applyPatch, baselineConfig, resolveConfig } from '../../../../src-main/core/whatif/config'
import { DelayTableCache } from '../../../../src-main/core/whatif/e-model-wideband'
import { EvalScratch, type NetSecond, evaluateSecond, newSecondOut } from '../../../../src-main/core/whatif/evaluate'
import type { RecoveryConfig } from '../../../../src-main/core/whatif/loss-recovery'
import type { JitterBufferConfig, WhatIfConfig } from '../../../../src-main/core/whatif/types'
import { gen } from './helpers'

const RUNS = 400
const tables = new DelayTableCache()
const AUDIO_CODECS = ['opus', 'g711', 'g729a', 'g723-63', 'gsm-efr', 'amr-wb', 'ilbc', 'aac-ld', 'g726']

type G = ReturnType<typeof gen>

function randomRecovery(g: G): RecoveryConfig {
  return {
    opusFec: g.bool(),
    red: g.bool() ? { distance: g.int(1, 3) } : null,
    fec: g.bool() ? { scheme: g.pick(['ulpfec', 'flexfec'] as const), ratio: g.pick([0.1, 0.2, 0.25, 0.5, 1]) } : null,
    nack: g.bool() ? { maxRetries: g.int(1, 10) } : null,
  }
}

function randomBuffer(g: G): JitterBufferConfig {
  return g.bool()
    ? { mode: 'fixed', delayMs: g.float(0, 400) }
    : { mode: 'adaptive', targetLateLossPct: g.float(0.1, 5), minMs: g.float(0, 40), maxMs: g.float(60, 800) }
}

function randomConfig(g: G, kind: 'audio' | 'video', recovery = randomRecovery(g)): WhatIfConfig {
  return applyPatch(baselineConfig({ kind }), {
    audio: { codec: g.pick(AUDIO_CODECS), hasPlc: g.bool(), bitrateKbps: g.float(8, 128), packetMs: g.pick([10, 20, 30, 40, 60]) },
    video: { codec: g.pick(['h264', 'vp8', 'vp9', 'av1'] as const), bitrateKbps: g.float(100, 5000), width: 1280, height: 720, fps: g.pick([15, 24, 30]) },
    recovery,
    jitterBuffer: randomBuffer(g),
    deviceLatencyMs: g.float(0, 120),
  })
}

function randomNet(g: G, over: Partial<NetSecond> = {}): NetSecond {
  return {
    // Skewed towards ordinary networks so most draws land where MOS is informative (not pinned at 1).
    lossPct: 15 * g.float(0, 1) ** 2, burstR: g.pick([1, 1, g.float(1, 8)]), rttMs: 5 + 600 * g.float(0, 1) ** 2, oneWayMs: NaN, jitterMs: 80 * g.float(0, 1) ** 2,
    jbDelayMs: NaN, availableKbps: NaN, bitrateKbps: NaN, fps: 30, width: 1280, height: 720, ...over,
  }
}

function run(config: WhatIfConfig, kind: 'audio' | 'video', net: NetSecond) {
  const rc = resolveConfig(config, kind, tables)
  if (!rc.ok) throw new Error(rc.error.message)
  const out = newSecondOut()
  evaluateSecond(rc.value, net, new EvalScratch(), out)
  return out
}

describe('properties', () => {
  it('more loss never raises MOS (audio; video with unconstrained bandwidth)', () => {
    const g = gen(101)
    let informative = 0
    for (let i = 0; i < RUNS; i++) {
      const kind = i % 2 === 0 ? 'audio' : 'video'
      const config = randomConfig(g, kind)
      const net = randomNet(g)
      const more = { ...net, lossPct: net.lossPct + g.float(0.01, 20) }
      const a = run(config, kind, net)
      const b = run(config, kind, more)
      expect(b.mos, `draw ${i}`).toBeLessThanOrEqual(a.mos + 1e-9)
      if (a.mos > 2) informative++
      if (kind === 'video') expect(b.freezePct, `draw ${i}`).toBeGreaterThanOrEqual(a.freezePct - 1e-9)
    }
    expect(informative).toBeGreaterThan(RUNS / 3) // the property is not vacuous
  })

  it('FEC (Opus in-band, RED, ULPFEC, FlexFEC) and NACK never lower MOS', () => {
    const g = gen(202)
    for (let i = 0; i < RUNS; i++) {
      const kind = i % 3 === 0 ? 'video' : 'audio'
      const without = randomRecovery(g)
      const withMore: RecoveryConfig = {
        opusFec: without.opusFec || g.bool(),
        red: without.red ?? (g.bool() ? { distance: g.int(1, 3) } : null),
        fec: without.fec ?? (g.bool() ? { scheme: g.pick(['ulpfec', 'flexfec'] as const), ratio: g.pick([0.1, 0.3, 0.5]) } : null),
        nack: without.nack ?? (g.bool() ? { maxRetries: 10 } : null),
      }
      const base = randomConfig(g, kind, without)
      const config = applyPatch(base, { recovery: withMore })
      const net = randomNet(g)
      expect(run(config, kind, net).mos, `draw ${i}`).toBeGreaterThanOrEqual(run(base, kind, net).mos - 1e-9)
      expect(run(config, kind, net).residualLossPct).toBeLessThanOrEqual(run(base, kind, net).residualLossPct + 1e-9)
    }
  })

  it('a bigger jitter buffer never raises late loss', () => {
    const g = gen(303)
    for (let i = 0; i < RUNS; i++) {
      const kind = i % 2 === 0 ? 'audio' : 'video'
      const config = randomConfig(g, kind)
      const b1 = g.float(0, 300)
      const b2 = b1 + g.float(0, 300)
      const net = randomNet(g)
      const small = run(applyPatch(config, { jitterBuffer: { mode: 'fixed', delayMs: b1 } }), kind, net)
      const big = run(applyPatch(config, { jitterBuffer: { mode: 'fixed', delayMs: b2 } }), kind, net)
      expect(big.lateLossPct, `draw ${i}`).toBeLessThanOrEqual(small.lateLossPct + 1e-12)
      expect(big.mouthToEarMs).toBeGreaterThanOrEqual(small.mouthToEarMs)
    }
  })

  it('more network delay never raises audio MOS', () => {
    const g = gen(404)
    for (let i = 0; i < RUNS; i++) {
      const config = randomConfig(g, 'audio', { opusFec: false, red: null, fec: null, nack: null })
      const net = randomNet(g)
      const later = { ...net, rttMs: net.rttMs + g.float(1, 600) }
      expect(run(config, 'audio', later).mos, `draw ${i}`).toBeLessThanOrEqual(run(config, 'audio', net).mos + 1e-9)
    }
  })
})
