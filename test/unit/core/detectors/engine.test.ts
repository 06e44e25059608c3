/**
 * The engine around the detectors: registry documentation, threshold validation and overrides,
 * stable finding ids and signatures, scores (simplified E-model, video heuristic), the summary ranking
 * by duration × severity with clusters, and the benchmark call's shape (no timing in tests).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { benchCall } from '../../../../src-main/core/detectors/bench'
import { runDetectors } from '../../../../src-main/core/detectors/engine'
import { DETECTORS, defaultThresholds, describeDetectors } from '../../../../src-main/core/detectors/registry'
import { bandOf, simplifiedMos, videoScore } from '../../../../src-main/core/detectors/score'
import { resolveThresholds, validateThresholds } from '../../../../src-main/core/detectors/settings'
import { impactOf } from '../../../../src-main/core/detectors/summary'
import { FaultCall, at } from '../../../fixtures/generate/faults'
import { run } from './helpers'

const DIR = resolve(import.meta.dirname, '../../../../src-main/core/detectors')

describe('registry', () => {
  it('every detector is versioned, documented in en and zh, sourced, with sane defaults', () => {
    const ids = describeDetectors().map((d) => d.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.length).toBeGreaterThanOrEqual(26)
    for (const d of describeDetectors()) {
      expect(d.version, d.id).toBeGreaterThanOrEqual(1)
      expect(d.title.en && d.title.zh && d.description.en && d.description.zh, d.id).toBeTruthy()
      expect(d.sources.length, d.id).toBeGreaterThan(0)
      for (const p of d.params) {
        expect(p.doc.en.length > 10 && p.doc.zh.length > 3, `${d.id}.${p.key}`).toBe(true)
        expect(p.default >= p.min && p.default <= p.max, `${d.id}.${p.key} default in range`).toBe(true)
      }
    }
    expect(defaultThresholds()['packet-loss'].lossPct).toBe(2)
    expect(defaultThresholds()['slow-setup'].firstMediaMs).toBe(600)
  })

  it('detector files stay under 300 lines', () => {
    for (const dir of [DIR, resolve(DIR, 'rules')]) {
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
        expect(readFileSync(resolve(dir, f), 'utf8').split('\n').length, f).toBeLessThanOrEqual(300)
      }
    }
    expect(DETECTORS.length).toBe(readdirSync(resolve(DIR, 'rules')).length)
  })
})

describe('settings', () => {
  it('validates shape, names, types and ranges', () => {
    expect(validateThresholds({ 'packet-loss': { lossPct: 5 }, 'high-rtt': { enabled: false } })).toEqual({ ok: true, value: { 'packet-loss': { lossPct: 5 }, 'high-rtt': { enabled: false } } })
    expect(validateThresholds(undefined)).toEqual({ ok: true, value: {} })
    const bad = validateThresholds({ nope: {}, 'packet-loss': { lossPct: 'x', burstPct: 500, bogus: 1, enabled: 'yes' }, jitter: 3 })
    expect(bad.ok).toBe(false)
    if (!bad.ok) {
      expect(bad.errors.map((e) => e.path)).toEqual(['nope', 'packet-loss.lossPct', 'packet-loss.burstPct', 'packet-loss.bogus', 'packet-loss.enabled', 'jitter'])
    }
    expect(validateThresholds([]).ok).toBe(false)
  })

  it('resolves overrides over defaults and keeps defaults for invalid values', () => {
    const r = resolveThresholds({ 'packet-loss': { lossPct: 7, burstPct: -1 } } as never)
    expect(r.values['packet-loss'].lossPct).toBe(7)
    expect(r.values['packet-loss'].burstPct).toBe(5)
    expect(r.issues.map((i) => i.path)).toEqual(['packet-loss.burstPct'])
  })

  it('overrides change what fires, and a detector can be switched off', () => {
    const call = new FaultCall().setConn('alice', 'rtt_ms', 60, 90, 250)
    expect(run(call.build(), 'high-rtt').map((f) => f.code)).toEqual(['rtt-rise'])
    // a misspelt threshold is reported, and the default stays
    const typo = runDetectors(call.build(), { 'high-rtt': { warmMs: 1 } } as never)
    expect(typo.issues.map((i) => i.path)).toEqual(['high-rtt.warmMs'])
    expect(typo.findings.filter((f) => f.detectorId === 'high-rtt').map((f) => f.code)).toEqual(['rtt-rise'])
    const r = runDetectors(call.build(), { 'high-rtt': { warnMs: 200 } })
    expect(r.findings.filter((f) => f.detectorId === 'high-rtt').map((f) => f.code)).toEqual(['high-rtt'])
    expect(runDetectors(call.build(), { 'high-rtt': { enabled: false } }).findings).toEqual([])
  })
})

describe('findings', () => {
  it('ids are stable across runs and unique; signatures hold no names or times', () => {
    const build = () => new FaultCall().uplinkCongestion('alice', 60, 100).freezes('bob', [70, 74]).build()
    const a = runDetectors(build()).findings
    const b = runDetectors(build()).findings
    expect(a.map((f) => f.id)).toEqual(b.map((f) => f.id))
    expect(new Set(a.map((f) => f.id)).size).toBe(a.length)
    for (const f of a) {
      expect(f.signature).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+(\/[a-z0-9+-]+)*$/)
      expect(f.signature).not.toMatch(/alice|bob|10-1|20-1/)
      expect(f.detectorVersion).toBe(1)
      expect(f.explanation.en.length).toBeGreaterThan(20)
      expect(f.explanation.zh.length).toBeGreaterThan(10)
      expect(f.nextSteps.en.length).toBe(f.nextSteps.zh.length)
      expect(f.end).toBeGreaterThanOrEqual(f.start)
    }
  })
})

describe('scores', () => {
  it('simplified E-model: clean ≈ 4.4, loss and delay lower it; bands', () => {
    expect(simplifiedMos(40, 3, 0)).toBeCloseTo(4.38, 1)
    expect(simplifiedMos(40, 3, 10)).toBeLessThan(3.9)
    expect(simplifiedMos(600, 60, 0)).toBeLessThan(3.6)
    expect(simplifiedMos(40, 3, 60)).toBe(1)
    expect(bandOf(4.4)).toBe('excellent')
    expect(bandOf(2)).toBe('bad')
    expect(videoScore(0, 30, 720, 0)).toBe(5)
    expect(videoScore(0.5, 30, 720, 0)).toBe(3)
    expect(videoScore(0, 15, 360, 0)).toBeCloseTo(5 - 9 / 24 - 0.5)
  })

  it('per stream and participant: what each heard and saw, and what others got from them', () => {
    const { scores } = runDetectors(new FaultCall().loss('alice', 'audio', 20, 100, 8).freezes('bob', [30, 40, 50, 60], 0.8).build())
    const bob = scores.participants.find((p) => p.participant === 'bob')!
    const alice = scores.participants.find((p) => p.participant === 'alice')!
    expect(bob.audioMos!).toBeLessThan(alice.audioMos!)
    expect(alice.sentAudioMos).toBe(bob.audioMos)
    expect(bob.videoScore!).toBeLessThan(5)
    const s = scores.streams.find((x) => x.participant === 'bob' && x.kind === 'audio')!
    expect([s.model, s.from, s.series.t.length]).toEqual(['simplified-e-model/v1', 'alice', 120])
    expect(s.low).toBeLessThan(s.mean)
  })
})

describe('summary', () => {
  it('ranks by duration × severity and groups one incident into a cluster led by its attribution', () => {
    const r = runDetectors(new FaultCall().uplinkCongestion('alice', 60, 100).event('bob', 110.5, 'gum.error', { error: 'NotFoundError' }, { connectionKey: undefined }).build())
    const impacts = r.summary.ranked.map((x) => x.impact)
    expect(impacts).toEqual([...impacts].sort((a, b) => b - a))
    expect(impactOf({ start: 0, end: 1000, severity: 'warning' })).toBe(15)
    expect(impactOf({ start: 0, end: 60_000, severity: 'error' })).toBe(540)
    const top = r.summary.clusters[0]!
    const lead = r.findings.find((f) => f.id === top.leadId)!
    expect([lead.detectorId, lead.code, lead.participant]).toEqual(['direction', 'uplink-congestion', 'alice'])
    expect(top.start).toBeGreaterThanOrEqual(at(57))
    expect(top.end).toBeLessThanOrEqual(at(102))
    expect(top.memberIds.length).toBeGreaterThan(3)
    expect(r.summary.clusters).toHaveLength(2)
    expect(r.summary.headline.en).toContain("alice's uplink congested")
    expect(r.summary.counts.bySeverity.error).toBeGreaterThan(0)
  })
})

describe('bench call', () => {
  it('has 5 participants and 20 streams, and every detector runs on it', () => {
    const view = benchCall(120)
    expect([view.participants.length, view.streams.length]).toEqual([5, 20])
    const r = runDetectors(view)
    expect(r.issues).toEqual([])
    expect(r.findings.length).toBeGreaterThan(0)
  })
})
