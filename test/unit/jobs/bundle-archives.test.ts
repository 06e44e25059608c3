/**
 * Bundles as engineers receive them: zip, tar, tar.gz, archives nested one level, names that lie;
 * and hostile ones: zip-slip, absolute paths, symbolic links, bombs, truncated archives. Each bad
 * member gives a warning naming it and the rest still imports; nothing lands outside the staging
 * folder, and the staging folder is gone after the job.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../../../src-main/jobs/archive/extract-limits'
import { type ParseJobInput, runParseJob } from '../../../src-main/jobs/parse-job'
import { tar, tgz, zip } from '../../fixtures/generate/archive-writers'

const DUMP = readFileSync(resolve(import.meta.dirname, '../../fixtures/generated/standard-small.json'))
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-arch-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const run = (path: string, extra: Partial<ParseJobInput> = {}) => runParseJob({ path, ...extra }, () => undefined, new AbortController().signal)
const write = (name: string, data: Buffer) => {
  const p = join(dir, name)
  writeFileSync(p, data)
  return p
}
const stagingLeft = () => readdirSync(tmpdir()).filter((n) => n.startsWith('rtcwb-bundle-'))

describe('archive bundles', () => {
  it('reads a zip with folders and a nested zip, naming nested members under their archive', async () => {
    const inner = zip([{ name: 'bob.json', data: DUMP, deflate: true }])
    const before = stagingLeft()
    const out = await run(write('customer-logs.bin', zip([
      { name: 'alice.json', data: DUMP, deflate: true },
      { name: 'pc/second.txt', data: DUMP },
      { name: 'more/logs.zip', data: inner },
    ])))
    expect(out.entries.map((e) => [e.path, e.parsed.kind])).toEqual([
      ['alice.json', 'webrtc-internals'], ['more/logs.zip/bob.json', 'webrtc-internals'], ['pc/second.txt', 'webrtc-internals'],
    ])
    expect(out.diagnostics).toEqual([])
    expect(stagingLeft()).toEqual(before)
  })

  it('reads tar and tar.gz bundles, whatever their names say', async () => {
    const t = await run(write('bundle.zip', tar([{ name: 'a/dump.json', data: DUMP }])))
    expect(t.entries.map((e) => e.path)).toEqual(['a/dump.json'])
    const g = await run(write('bundle.txt', tgz([{ name: 'dump.json', data: DUMP }, { name: 'notes.md', data: '# call notes\n' }])))
    expect(g.entries.map((e) => [e.path, e.parsed.kind])).toEqual([['dump.json', 'webrtc-internals'], ['notes.md', 'unknown']])
  })

  it('refuses zip-slip, absolute, drive-letter and symlink members with warnings naming them; the rest imports', async () => {
    const out = await run(write('evil.zip', zip([
      { name: '../../escaped.json', data: DUMP },
      { name: '/etc/abs.json', data: DUMP },
      { name: 'C:\\Windows\\win.json', data: DUMP },
      { name: 'link.json', data: '/etc/passwd', symlink: true },
      { name: 'good.json', data: DUMP },
    ])))
    expect(out.entries.map((e) => e.path)).toEqual(['good.json'])
    const messages = out.diagnostics.map((d) => d.message)
    expect(messages).toEqual([
      expect.stringContaining('../../escaped.json: ".." in the path refused (zip-slip)'),
      expect.stringContaining('/etc/abs.json: absolute path refused'),
      expect.stringContaining('C:/Windows/win.json: absolute path refused'),
      expect.stringContaining('link.json: symbolic link refused'),
    ])
    expect(messages.every((m) => m.startsWith('evil.zip: '))).toBe(true)
    expect(existsSync(join(dir, '..', 'escaped.json'))).toBe(false)
    expect(existsSync(resolve(tmpdir(), '..', 'escaped.json'))).toBe(false)
  })

  it('refuses tar symlinks, hard links and zip-slip names', async () => {
    const out = await run(write('evil.tgz', tgz([
      { name: 'sym.json', type: '2', linkTarget: '/etc/passwd' },
      { name: '../up.json', data: DUMP },
      { name: 'ok.json', data: DUMP },
    ])))
    expect(out.entries.map((e) => e.path)).toEqual(['ok.json'])
    expect(out.diagnostics.map((d) => d.message).join('\n')).toMatch(/sym\.json: SymbolicLink member refused[\s\S]*\.\.\/up\.json/)
  })

  it('stops a zip bomb by its expansion ratio, keeping what came before', async () => {
    const limits = { ...DEFAULT_LIMITS, maxRatio: 100, ratioFloorBytes: 1024 ** 2 }
    const out = await run(write('bomb.zip', zip([
      { name: 'first.json', data: DUMP, deflate: true },
      { name: 'zeros.log', data: Buffer.alloc(20 * 1024 ** 2), deflate: true },
      { name: 'after.json', data: DUMP, deflate: true },
    ])), { limits })
    expect(out.entries.map((e) => e.path)).toEqual(['first.json'])
    expect(out.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/bomb\.zip: expands more than 100× its size; refused as a possible decompression bomb; extraction of bomb\.zip stopped at zeros\.log/)])
  })

  it('stops at the total-size and member-count budgets', async () => {
    const total = await run(write('big.tar', tar([{ name: 'a.json', data: DUMP }, { name: 'b.json', data: DUMP }])), { limits: { ...DEFAULT_LIMITS, maxTotalBytes: DUMP.length + 10 } })
    expect(total.entries.map((e) => e.path)).toEqual(['a.json'])
    expect(total.diagnostics[0]!.message).toMatch(/big\.tar: the bundle expands past .*stopped at b\.json/)
    const many = await run(write('many.zip', zip([{ name: 'a.json', data: DUMP }, { name: 'b.json', data: DUMP }, { name: 'c.json', data: DUMP }])), { limits: { ...DEFAULT_LIMITS, maxEntries: 2 } })
    expect(many.entries.length).toBe(2)
    expect(many.diagnostics[0]!.message).toMatch(/more than 2 members/)
  })

  it('reports a truncated archive by name instead of failing, keeping the members before the damage', async () => {
    // b.json is incompressible, so cutting the .tgz at 80 % lands inside b.json, after a.json is whole.
    const whole = tgz([{ name: 'a.json', data: DUMP }, { name: 'b.json', data: randomBytes(600_000) }])
    const out = await run(write('cut.tgz', whole.subarray(0, Math.floor(whole.length * 0.8))))
    expect(out.entries.map((e) => e.path)).toEqual(['a.json'])
    expect(out.diagnostics.map((d) => d.message)).toContain('cut.tgz: not a readable tar archive (zlib: unexpected end of file)')
    expect(out.diagnostics.map((d) => d.message)).toContainEqual('cut.tgz: b.json: cut short by the end of the archive (600000 bytes declared); not read')
    const z = zip([{ name: 'a.json', data: DUMP }])
    await expect(run(write('cut.zip', z.subarray(0, z.length - 30)))).rejects.toThrow(/cut\.zip: not a readable zip archive/)
  })

  it('reads a truncated .gz entry up to where it ends, with a warning naming it', async () => {
    const folder = join(dir, 'ticket')
    mkdirSync(folder)
    writeFileSync(join(folder, 'good.json'), DUMP)
    const gz = gzipSync(DUMP)
    writeFileSync(join(folder, 'cut.json.gz'), gz.subarray(0, gz.length >> 1))
    const out = await run(folder)
    const cut = out.entries.find((e) => e.path === 'cut.json')!
    expect(cut.parsed.diagnostics[0]).toMatchObject({ severity: 'warning', path: 'cut.json', message: expect.stringContaining('compressed data ends early') })
    expect(out.entries.find((e) => e.path === 'good.json')!.parsed.kind).toBe('webrtc-internals')
  })

  it('expands archives one level deep only', async () => {
    const level2 = zip([{ name: 'deep.json', data: DUMP }])
    const level1 = zip([{ name: 'level2.zip', data: level2 }, { name: 'one.json', data: DUMP }])
    const out = await run(write('top.zip', zip([{ name: 'level1.zip', data: level1 }])))
    expect(out.entries.map((e) => e.path)).toEqual(['level1.zip/level2.zip', 'level1.zip/one.json'])
    expect(out.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('level1.zip/level2.zip: archive nested more than 1 level deep')])
  })
})
