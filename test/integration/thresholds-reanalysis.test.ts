/**
 * Detector thresholds from settings reach the findings: on the demo case (both sides' RTT peaks near
 * 520 ms), raising high-rtt's limits removes its findings, a case's stored findings are re-computed
 * on its next read after a change (not before), and an invalid set changes nothing. The demo case's
 * participants are named after their files ("alice-webrtc-internals.txt" -> "alice").
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp } from '../../src-main/app'
import { AnalysisService } from '../../src-main/services/analysis-service'

interface Findings { analyzedAt: number | null; findings: { detectorId: string; participant: string; streamKey: string }[] }

let dir: string
let app: App
let clock = 1_700_000_000_000

const value = async <T>(method: string, input: unknown): Promise<T> => {
  const r = await app.dispatch(method, input, { origin: 'cli' })
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-thresholds-'))
  app = await createApp({ dataDir: join(dir, 'data'), jobsMode: 'inline', seedDemo: true, checkOutputs: true, now: () => (clock += 1000), log: () => undefined })
})
afterAll(async () => {
  await app.dispose()
  rmSync(dir, { recursive: true, force: true })
})

describe('detector thresholds and stored findings', () => {
  it('re-analyses a case after a threshold change, and the findings follow the new thresholds', async () => {
    const [demo] = await value<{ id: string }[]>('cases.list', {})
    const caseId = demo!.id
    const before = await value<Findings>('findings.list', { caseId })
    const rtt = before.findings.filter((f) => f.detectorId === 'high-rtt')
    expect(rtt.map((f) => f.participant).sort()).toEqual(['alice', 'bob'])
    expect(new Set(before.findings.map((f) => f.participant))).toEqual(new Set(['alice', 'bob']))

    // unchanged: the stored analysis is served as is
    expect((await value<Findings>('findings.list', { caseId })).analyzedAt).toBe(before.analyzedAt)

    await value('detectors.setThresholds', { overrides: { 'high-rtt': { warnMs: 1000, riseMs: 1000 } } })
    const after = await value<Findings>('findings.list', { caseId })
    expect(after.analyzedAt).toBeGreaterThan(before.analyzedAt!)
    expect(after.findings.filter((f) => f.detectorId === 'high-rtt')).toEqual([])
    // the other detectors are untouched
    expect(after.findings.filter((f) => f.detectorId !== 'high-rtt')).toEqual(before.findings.filter((f) => f.detectorId !== 'high-rtt'))

    // saving the same thresholds again does not throw the analysis away
    await value('detectors.setThresholds', { overrides: { 'high-rtt': { warnMs: 1000, riseMs: 1000 } } })
    expect((await value<Findings>('findings.list', { caseId })).analyzedAt).toBe(after.analyzedAt)

    // an invalid set is refused whole: nothing saved, nothing re-analysed
    const bad = await app.dispatch('detectors.setThresholds', { overrides: { 'high-rtt': { warnMs: 1 }, jitter: { noSuchParam: 3 } } }, { origin: 'cli' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect((await value<{ overrides: unknown }>('detectors.describe', {})).overrides).toEqual({ 'high-rtt': { warnMs: 1000, riseMs: 1000 } })
    expect((await value<Findings>('findings.list', { caseId })).analyzedAt).toBe(after.analyzedAt)

    // back to the defaults: the findings come back
    await value('detectors.setThresholds', { overrides: {} })
    const reset = await value<Findings>('findings.list', { caseId })
    expect(reset.findings.filter((f) => f.detectorId === 'high-rtt')).toHaveLength(rtt.length)
  })

  it('runs the detectors again when thresholds are saved while they run, and stores what the new ones find', async () => {
    const [demo] = await value<{ id: string }[]>('cases.list', {})
    await value('detectors.setThresholds', { overrides: {} })
    const proto = AnalysisService.prototype
    const original = proto.analyzeCaseWithKey
    let runs = 0
    proto.analyzeCaseWithKey = async function (this: AnalysisService, caseId: string) {
      const result = await original.call(this, caseId)
      // The first run has finished with the defaults when someone saves higher high-rtt limits.
      if (runs++ === 0) await this.setThresholds({ 'high-rtt': { warnMs: 1000, riseMs: 1000 } })
      return result
    }
    try {
      const refreshed = await value<Findings>('findings.refresh', { caseId: demo!.id })
      expect(runs).toBe(2)
      expect(refreshed.findings.filter((f) => f.detectorId === 'high-rtt')).toEqual([])
      expect((await value<Findings>('findings.list', { caseId: demo!.id })).findings.filter((f) => f.detectorId === 'high-rtt')).toEqual([])
    } finally {
      proto.analyzeCaseWithKey = original
      await value('detectors.setThresholds', { overrides: {} })
    }
  })
})
