/**
 * Fuzzing the import path: real corpus samples (when ../shared/corpus is present) and the
 * generated fixtures, mutated by a seeded PRNG (byte flips, truncation, garbage insertion, slice
 * duplication, structural characters), each parsed in a real worker thread. Every run must end
 * within its time budget (no hang) with a result or a DomainError the UI can show (no crash).
 * A failure prints the sample and seed to replay it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DomainError } from '../../src-main/contract/errors'
import { seededRandom } from '../../src-main/core/util/prng'
import { JobRunner } from '../../src-main/jobs/job-runner'
import { EventBus } from '../../src-main/transport/event-bus'
import { hasCorpus, readCorpus } from '../support/corpus'

const ROOT = resolve(import.meta.dirname, '../..')
const WORKER = join(ROOT, 'out/main/parse.worker.js')
const CORPUS_SAMPLES = [
  'webrtc-internals/AndreiDen-WebRTC_stats_parser/chrome86-1pc-inbound-only.txt',
  'webrtc-internals/edge-cases/empty-headlesschrome108.json.gz',
  'rtcstats/jitsi-rtcstats-server/chrome-standard-pc-failed.jsonl',
  'rtcstats/jitsi-rtcstats-server/firefox97-standard-stats-sfu.jsonl',
  'pcap/peafowl/sip-rtp.pcap',
  'pcap/peafowl/stun-0.pcap',
  'sdk-logs/agora/ahmadslomm-Imag/agoraapi.log',
  'sdk-logs/jitsi/arindambaral25-jitsi/prosody.log',
]
const GENERATED = ['standard-small.json', 'legacy-no-timestamps.json', 'gzipped-small.json.gz']
const MUTATIONS_PER_SAMPLE = 6
const HANG_MS = 20_000

/** One seeded mutation of `input`. */
function mutate(input: Buffer, seed: number): Buffer {
  const r = seededRandom(seed)
  const at = () => Math.floor(r() * input.length)
  const b = Buffer.from(input)
  switch (seed % 5) {
    case 0: // random byte flips
      for (let i = 0, n = 1 + Math.floor(r() * 40); i < n; i++) b[at()] = Math.floor(r() * 256)
      return b
    case 1: // truncation
      return b.subarray(0, at())
    case 2: { // garbage inserted
      const p = at()
      const junk = Buffer.from(Array.from({ length: 1 + Math.floor(r() * 4096) }, () => Math.floor(r() * 256)))
      return Buffer.concat([b.subarray(0, p), junk, b.subarray(p)])
    }
    case 3: { // a slice duplicated
      const p = at()
      const q = Math.min(b.length, p + Math.floor(r() * 65536))
      return Buffer.concat([b.subarray(0, q), b.subarray(p, q), b.subarray(p)])
    }
    default: // structural characters sprinkled
      for (let i = 0, n = 1 + Math.floor(r() * 30); i < n; i++) b[at()] = '{}[]",:\n\0'.charCodeAt(Math.floor(r() * 10))
      return b
  }
}

const dir = mkdtempSync(join(tmpdir(), 'rtcwb-fuzz-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const samples: [string, () => Buffer][] = [
  ...GENERATED.map((n): [string, () => Buffer] => [`generated/${n}`, () => readFileSync(join(ROOT, 'test/fixtures/generated', n))]),
  ...(hasCorpus ? CORPUS_SAMPLES.map((p): [string, () => Buffer] => [`corpus/${p}`, () => readCorpus(p)]) : []),
]
if (!hasCorpus) console.warn('[fuzz] ../shared/corpus is absent: fuzzing the generated fixtures only')

describe('fuzzed bundles never crash or hang the import', () => {
  it.each(samples)('%s', async (name, load) => {
    const runner = new JobRunner({ mode: 'worker', workerPath: WORKER, bus: new EventBus(), maxParallel: 1 })
    const original = load()
    for (let k = 0; k < MUTATIONS_PER_SAMPLE; k++) {
      const seed = k * 7919 + name.length
      const file = join(dir, `${k}-${name.split('/').pop()}`)
      writeFileSync(file, mutate(original, seed))
      const started = Date.now()
      const { jobId, done } = runner.start({ path: file }, name, { onOutput: async (o) => o.entries.length })
      const outcome = await Promise.race([
        done.then((n) => `parsed ${n} entries`, (e: unknown) => e),
        new Promise((r) => setTimeout(() => r('hang'), HANG_MS)),
      ])
      if (outcome === 'hang') runner.cancel(jobId)
      const replay = `${name} seed ${seed}`
      expect(outcome, replay).not.toBe('hang')
      if (typeof outcome !== 'string') {
        expect(outcome, replay).toBeInstanceOf(DomainError)
        expect(['NOT_A_BUNDLE', 'NOT_FOUND'], `${replay}: ${(outcome as Error).message}`).toContain((outcome as DomainError).code)
      }
      expect(Date.now() - started, replay).toBeLessThan(HANG_MS)
    }
    runner.dispose()
  }, 6 * HANG_MS)
})
