/**
 * The built `rtcwb` CLI as a user runs it (bin/rtcwb.cjs → out/main/cli.js, parsing in a real
 * worker thread) against a store in a temp dir: help, import, cases list, and a refused non-dump.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InspectDto } from '../../src-main/contract/dto'
import { zip } from '../fixtures/generate/archive-writers'
import { miniDump } from '../support/mini-dump'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/rtcwb.cjs')
let dir: string

function rtcwb(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args, ...(args[0] === '--help' ? [] : ['--data-dir', join(dir, 'data')])], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'out/main/cli.js'))) throw new Error('out/main/cli.js is missing: run `npm run build` first')
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-cli-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('rtcwb CLI', () => {
  it('prints help', () => {
    const r = rtcwb('--help')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('rtcwb import <file|folder>')
    expect(r.stdout).toContain('rtcwb cases list')
  })

  it('imports a dump into a new case and lists it', () => {
    const file = join(dir, 'alice.json')
    writeFileSync(file, miniDump({ seconds: 20 }))
    const imported = rtcwb('import', file, '--json')
    expect(imported.stderr).toBe('')
    expect(imported.code).toBe(0)
    const result = JSON.parse(imported.stdout) as { caseId: string; streams: number; series: number }
    expect(result.streams).toBe(1)
    expect(result.series).toBeGreaterThan(3)
    const listed = rtcwb('cases', 'list', '--json')
    expect(listed.code).toBe(0)
    const cases = JSON.parse(listed.stdout) as { id: string; title: string; bundleCount: number }[]
    expect(cases).toEqual([expect.objectContaining({ id: result.caseId, title: 'alice.json', bundleCount: 1 })])
    const again = rtcwb('import', file, '--case', result.caseId)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain(`into case ${result.caseId}`)
    expect(rtcwb('cases', 'list').stdout).toMatch(/alice\.json/)
  })

  it('refuses a non-dump with a message naming it and exit code 1, writing nothing', () => {
    const file = join(dir, 'readme.txt')
    writeFileSync(file, 'just some words\n')
    const before = rtcwb('cases', 'list', '--json').stdout
    const r = rtcwb('import', file)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('readme.txt')
    expect(rtcwb('cases', 'list', '--json').stdout).toBe(before)
  })

  it('inspects a zipped bundle as JSON without storing it', () => {
    const bundle = join(dir, 'ticket-4711.zip')
    writeFileSync(bundle, zip([{ name: 'client/a.json', data: miniDump({ seconds: 30 }), deflate: true }, { name: '../evil.json', data: '{}' }]))
    const before = rtcwb('cases', 'list', '--json').stdout
    const r = rtcwb('inspect', bundle, '--json')
    expect(r.code).toBe(0)
    const info = JSON.parse(r.stdout) as InspectDto
    expect(info.entries.map((e) => [e.path, e.format])).toEqual([['client/a.json', 'webrtc-internals/standard']])
    expect(info.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('ticket-4711.zip: ../evil.json: ".." in the path refused')])
    expect(info.streams).toEqual([expect.objectContaining({ kind: 'video', direction: 'recv', ssrc: 1111 })])
    expect(info.streams[0]!.metrics.bitrate).toMatchObject({ mean: 1000, max: 1000 })
    expect(info.timeEnd! - info.timeStart!).toBe(29_000)
    expect(rtcwb('cases', 'list', '--json').stdout).toBe(before)
    expect(rtcwb('inspect', bundle).stdout).toMatch(/Streams:\n.*video recv {2}ssrc 1111/)
  })

  it('rates one E-model point and replays a bundle under scenarios (whatif)', () => {
    const point = rtcwb('whatif', '--codec', 'g711', '--plc', '--loss', '0', '--delay-ms', '0', '--json')
    expect(point.code).toBe(0)
    expect(JSON.parse(point.stdout)).toMatchObject({ r: expect.closeTo(93.2, 1), mos: expect.closeTo(4.41, 2) })
    const scenario = join(dir, 'scenario.json')
    writeFileSync(scenario, JSON.stringify({ scenarios: [{ id: 'no-fec', label: 'Opus FEC off', audio: { recovery: { opusFec: false } } }], presets: ['conversational-ai-low-latency'] }))
    const replay = rtcwb('whatif', join(ROOT, 'resources/demo/bundle'), '--scenario', scenario, '--stream', '449850985', '--json')
    expect(replay.stderr).toBe('')
    const streams = JSON.parse(replay.stdout) as { entry: string; skipped: string | null; table: { scenarioId: string; isBaseline: boolean; mosMean: number }[] }[]
    expect(streams.map((s) => s.entry)).toEqual(['alice-webrtc-internals.txt', 'bob-webrtc-internals.txt'])
    for (const s of streams) {
      expect(s.skipped).toBeNull()
      expect(s.table.map((r) => r.scenarioId)).toEqual([expect.any(String), 'no-fec', 'conversational-ai-low-latency'])
      // Chrome negotiates Opus in-band FEC by default: switching it off cannot help.
      expect(s.table[1]!.mosMean).toBeLessThanOrEqual(s.table[0]!.mosMean)
    }
    writeFileSync(scenario, JSON.stringify({ presets: ['no-such-preset'] }))
    const bad = rtcwb('whatif', join(ROOT, 'resources/demo/bundle'), '--scenario', scenario)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('unknown preset no-such-preset')
  })

  it('analyzes the demo bundle: the congested uplink ranks first, attributed to the caller, nothing outside the fault', () => {
    const r = rtcwb('analyze', join(ROOT, 'resources/demo/bundle'), '--json')
    expect(r.stderr).toBe('')
    const a = JSON.parse(r.stdout) as { findings: { id: string; detectorId: string; code: string; severity: string; participant?: string; start: number; end: number }[]; summary: { ranked: { findingId: string }[] }; clocks: { entry: string; offsetMs: number; basis: string }[] }
    const direction = a.findings.find((f) => f.detectorId === 'direction')!
    expect(direction.participant).toBe('alice')
    expect(a.findings.find((f) => f.detectorId === 'video-freeze')?.participant).toBe('bob')
    const top = a.findings.find((f) => f.id === a.summary.ranked[0]!.findingId)!
    expect(['bandwidth-collapse', 'direction']).toContain(top.detectorId)
    // The clocks were aligned from the shared RTP streams (Bob's runs 640 ms ahead).
    expect(a.clocks.find((c) => c.entry.startsWith('bob'))).toMatchObject({ basis: 'estimated', offsetMs: expect.closeTo(-640, -2) })
    expect(rtcwb('analyze', join(ROOT, 'resources/demo/bundle'), '--lang', 'zh').stdout).toMatch(/上行|拥塞/)
    expect(rtcwb('analyze').code).toBe(2)
  })

  it('reports a wrong command line with exit code 2', () => {
    expect(rtcwb('import').code).toBe(2)
    expect(rtcwb('cases', 'list', '--frobnicate').code).toBe(2)
    expect(rtcwb('explode').code).toBe(2)
  })
})
