/**
 * The import job body (`runParseJob`) over real files: a folder bundle with monotonic progress, a
 * file that is not a dump, cancellation, symbolic links, gzip.
 */
import { createHash } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DomainError } from '../../../src-main/contract/errors'
import { entryTimeRange } from '../../../src-main/core/model/call'
import { parseWebrtcInternals } from '../../../src-main/core/parsers/webrtc-internals/parse'
import type { JobProgress } from '../../../src-main/jobs/protocol'
import { runParseJob } from '../../../src-main/jobs/parse-job'

const ROOT = resolve(import.meta.dirname, '../../..')
const DEMO_BUNDLE = resolve(ROOT, 'resources/demo/bundle')
const GENERATED = resolve(ROOT, 'test/fixtures/generated')
const DEMO_FILES = ['alice-webrtc-internals.txt', 'bob-webrtc-internals.txt']

const never = () => new AbortController().signal

async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError)
    return e as DomainError
  }
  throw new Error('expected the job to fail')
}

describe('runParseJob', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rtcwb-parse-job-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('parses the demo bundle folder, reporting monotonic progress up to the total', async () => {
    const reports: JobProgress[] = []
    const out = await runParseJob({ path: DEMO_BUNDLE }, (p) => reports.push({ ...p }), never())
    const sizes = DEMO_FILES.map((f) => statSync(join(DEMO_BUNDLE, f)).size)
    const total = sizes[0]! + sizes[1]!

    expect(out.name).toBe('bundle')
    expect(out.sizeBytes).toBe(total)
    expect(out.diagnostics).toEqual([])
    expect(out.entries.map((e) => [e.path, e.participant, e.sizeBytes, e.encoding, e.parsed.format])).toEqual([
      ['alice-webrtc-internals.txt', 'alice', sizes[0], 'utf-8', 'webrtc-internals/standard'],
      ['bob-webrtc-internals.txt', 'bob', sizes[1], 'utf-8', 'webrtc-internals/standard'],
    ])
    expect(out.entries.map((e) => e.parsed.streams.length)).toEqual([4, 4])

    // the hash covers every entry's bytes, in listing order
    const hash = createHash('sha256')
    for (const f of DEMO_FILES) hash.update(readFileSync(join(DEMO_BUNDLE, f)))
    expect(out.sha256).toBe(hash.digest('hex'))
    const ranges = DEMO_FILES.map((f) => entryTimeRange(parseWebrtcInternals(readFileSync(join(DEMO_BUNDLE, f), 'utf8'), { assumedUtcOffsetMin: 0 }))!)
    expect(out.timeStart).toBe(Math.min(ranges[0]![0], ranges[1]![0]))
    expect(out.timeEnd).toBe(Math.max(ranges[0]![1], ranges[1]![1]))

    expect(reports.length).toBeGreaterThan(4) // several chunks per 1.3 MB file
    for (const r of reports) {
      expect(r.stage).toBe('parse')
      expect(r.bytesTotal).toBe(total)
      expect(r.bytesDone).toBeLessThanOrEqual(total)
    }
    for (let i = 1; i < reports.length; i++) expect(reports[i]!.bytesDone).toBeGreaterThanOrEqual(reports[i - 1]!.bytesDone)
    expect(reports.at(-1)!.bytesDone).toBe(total)
    expect(reports.some((r) => r.bytesDone === sizes[0])).toBe(true) // the first entry completes before the second starts
  })

  it('refuses a file that is not a dump with NOT_A_BUNDLE naming the file', async () => {
    const file = join(GENERATED, 'not-a-dump.txt')
    const err = await failure(runParseJob({ path: file }, () => {}, never()))
    expect(err.code).toBe('NOT_A_BUNDLE')
    expect(err.message).toMatch(/^not-a-dump\.txt is not a dump, log, capture or bundle the workbench can read/)
    expect(err.message).toContain('not-a-dump.txt: not a format the workbench recognises')
    expect(err.details).toEqual({ path: file, name: 'not-a-dump.txt' })

    // inside a folder, the reason names the entry
    mkdirSync(join(dir, 'ticket'))
    copyFileSync(file, join(dir, 'ticket', 'notes.txt'))
    const inFolder = await failure(runParseJob({ path: join(dir, 'ticket') }, () => {}, never()))
    expect(inFolder.code).toBe('NOT_A_BUNDLE')
    expect(inFolder.message).toContain('ticket is not a dump')
    expect(inFolder.message).toContain('notes.txt: ')

    // the display name given by an upload is the one used
    const named = await failure(runParseJob({ path: file, displayName: 'upload.txt' }, () => {}, never()))
    expect(named.message).toMatch(/^upload\.txt is not a dump/)

    mkdirSync(join(dir, 'empty'))
    expect((await failure(runParseJob({ path: join(dir, 'empty') }, () => {}, never()))).code).toBe('NOT_A_BUNDLE')
    expect((await failure(runParseJob({ path: join(dir, 'missing') }, () => {}, never()))).code).toBe('NOT_FOUND')
  })

  it('stops with CANCELLED when aborted before it starts', async () => {
    const c = new AbortController()
    c.abort()
    const reports: JobProgress[] = []
    const err = await failure(runParseJob({ path: DEMO_BUNDLE }, (p) => reports.push(p), c.signal))
    expect(err.code).toBe('CANCELLED')
    expect(reports).toEqual([])
  })

  it('stops with CANCELLED when aborted while reading an entry', async () => {
    const c = new AbortController()
    const reports: JobProgress[] = []
    const err = await failure(runParseJob({ path: DEMO_BUNDLE }, (p) => {
      reports.push({ ...p })
      c.abort()
    }, c.signal))
    expect(err.code).toBe('CANCELLED')
    expect(reports).toHaveLength(1) // the next chunk sees the abort
    expect(reports[0]!.bytesDone).toBeLessThan(statSync(join(DEMO_BUNDLE, DEMO_FILES[0]!)).size)
  })

  it('refuses a symbolic link inside a folder with a warning, and reads the rest', async (ctx) => {
    const bundle = join(dir, 'bundle')
    mkdirSync(bundle)
    copyFileSync(join(GENERATED, 'standard-small.json'), join(bundle, 'alice.json'))
    writeFileSync(join(dir, 'outside.json'), readFileSync(join(GENERATED, 'standard-small.json')))
    try {
      symlinkSync(join(dir, 'outside.json'), join(bundle, 'link.json'))
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPERM') return ctx.skip() // Windows without the privilege
      throw e
    }
    const out = await runParseJob({ path: bundle }, () => {}, never())
    expect(out.entries.map((e) => e.path)).toEqual(['alice.json'])
    expect(out.diagnostics).toEqual([{ severity: 'warning', path: 'link.json', message: 'link.json: symbolic link refused (not followed)' }])
    expect(out.sizeBytes).toBe(statSync(join(bundle, 'alice.json')).size)

    // a link given as the bundle itself is refused too
    symlinkSync(bundle, join(dir, 'bundle-link'))
    const err = await failure(runParseJob({ path: join(dir, 'bundle-link') }, () => {}, never()))
    expect(err.code).toBe('NOT_FOUND')
    expect(err.message).toContain('is a symbolic link')
  })

  it('decompresses a gzip file (detected by its magic bytes, not its name)', async () => {
    const gz = join(GENERATED, 'gzipped-small.json.gz')
    const plain = readFileSync(join(GENERATED, 'standard-small.json'))
    expect(gunzipSync(readFileSync(gz)).equals(plain)).toBe(true)
    const out = await runParseJob({ path: gz }, () => {}, never())
    expect(out.entries).toHaveLength(1)
    const entry = out.entries[0]!
    expect(entry.path).toBe('gzipped-small.json')
    expect(entry.participant).toBe('gzipped-small')
    expect(entry.sizeBytes).toBe(statSync(gz).size)
    expect(entry.parsed.format).toBe('webrtc-internals/standard')
    expect(entry.parsed.streams).toHaveLength(4)
    expect(out.sha256).toBe(createHash('sha256').update(plain).digest('hex'))

    // the same bytes under a misleading name in a folder
    copyFileSync(gz, join(dir, 'capture.txt'))
    const renamed = await runParseJob({ path: dir }, () => {}, never())
    expect(renamed.entries.map((e) => [e.path, e.parsed.format])).toEqual([['capture.txt', 'webrtc-internals/standard']])
  })

  it('keeps a truncated dump as a recognised entry with an error diagnostic naming it', async () => {
    const out = await runParseJob({ path: join(GENERATED, 'malformed.json') }, () => {}, never())
    const d = out.entries[0]!.parsed.diagnostics
    expect(d).toHaveLength(1)
    expect(d[0]).toMatchObject({ severity: 'error', path: 'malformed.json' })
    expect(d[0]!.message).toMatch(/^not valid JSON/)
    expect(out.timeStart).toBeNull()
  })
})
