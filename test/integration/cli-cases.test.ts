/**
 * `rtcwb cases …` as a user runs it (built CLI, real store in a temp dir): list with filters, show,
 * export md / html / json / pdf (redacted by default, `--no-redact`), a case archive exported and
 * imported into another store (twice: nothing duplicated), and clear errors (no Chromium, bad flags).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumPath } from '../../src-main/services/pdf-printer'
import { SECRET_IP, writeCaseBundle } from '../support/case-bundle'
import { BIN, requireBuild } from '../support/processes'

let dir: string
let caseId: string

function rtcwb(args: string[], opts: { dataDir?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--data-dir', opts.dataDir ?? join(dir, 'data')], { encoding: 'utf8', timeout: 90_000, cwd: dir, env: { ...process.env, ...opts.env } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(() => {
  requireBuild()
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-cli-cases-'))
  const r = rtcwb(['import', writeCaseBundle(dir, `ticket-from-${SECRET_IP}`), '--json'])
  expect(r.code).toBe(0)
  caseId = (JSON.parse(r.stdout) as { caseId: string }).caseId
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('rtcwb cases', () => {
  it('lists with filters and shows a case with its SLA clocks', () => {
    expect(rtcwb(['cases', 'list', '--status', 'new', '--priority', 'P2', '--sort', 'due', '--json']).stdout).toContain(caseId)
    expect(JSON.parse(rtcwb(['cases', 'list', '--priority', 'P0', '--json']).stdout)).toEqual([])
    expect(rtcwb(['cases', 'list', '--query', 'ticket-from']).stdout).toContain(caseId)
    const shown = rtcwb(['cases', 'show', caseId])
    expect(shown.code).toBe(0)
    expect(shown.stdout).toMatch(/first response: running, due .* UTC \(\d+ (h|min) left\)/)
    expect(shown.stdout).toContain('Bundles (1):')
    expect(JSON.parse(rtcwb(['cases', 'show', caseId, '--json']).stdout)).toMatchObject({ id: caseId, annotations: [] })
  })

  it('exports Markdown, HTML and JSON, redacted unless --no-redact', () => {
    const md = rtcwb(['cases', 'export', caseId, '--format', 'md', '--out', '-'])
    expect(md.code).toBe(0)
    expect(md.stdout).toContain('# Case report: ticket-from-\\[ip:')
    expect(md.stdout).not.toContain(SECRET_IP)
    const html = rtcwb(['cases', 'export', caseId, '--format', 'html', '--lang', 'zh'])
    expect(html.stdout).toMatch(/^wrote .*case-ticket-from-ip-[0-9a-f]{8}-[0-9a-f]{8}\.html \(redacted: 1 user-id, 1 ip\)/)
    const file = html.stdout.match(/^wrote (\S+)/)![1]!
    const text = readFileSync(file, 'utf8')
    expect(text).toContain('<svg')
    expect(text).not.toMatch(/<script/i)
    const plain = rtcwb(['cases', 'export', caseId, '--format', 'json', '--no-redact', '--out', join(dir, 'plain.json')])
    expect(plain.stdout).toContain('(not redacted)')
    expect(JSON.parse(readFileSync(join(dir, 'plain.json'), 'utf8'))).toMatchObject({ schema: 'rtcwb.case-report/1', isRedacted: false, case: { id: caseId } })
    expect(readFileSync(join(dir, 'plain.json'), 'utf8')).toContain(SECRET_IP)
    expect(rtcwb(['cases', 'export', caseId, '--format', 'json', '--out', '-']).stdout).not.toContain(SECRET_IP)
  })

  it.skipIf(!existsSync(chromiumPath()))('exports a PDF through headless Chromium', () => {
    const r = rtcwb(['cases', 'export', caseId, '--format', 'pdf', '--out', join(dir, 'case.pdf')])
    expect(r.code).toBe(0)
    expect(readFileSync(join(dir, 'case.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('says what is missing when there is no Chromium for a PDF', () => {
    const r = rtcwb(['cases', 'export', caseId, '--format', 'pdf'], { env: { CHROMIUM_PATH: join(dir, 'no-chromium') } })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('PDF export needs Chromium')
    expect(r.stderr).toContain('CHROMIUM_PATH')
  })

  it('exports a case archive that another store imports once', () => {
    const archive = join(dir, 'case.rtcwb')
    const out = rtcwb(['cases', 'export', caseId, '--format', 'archive', '--out', archive])
    expect(out.code).toBe(0)
    expect(out.stdout).toMatch(/^wrote .*case\.rtcwb \(\d+ bytes, sha256 [0-9a-f]{64}\)/)
    const other = join(dir, 'other')
    const first = rtcwb(['cases', 'import', archive, '--json'], { dataDir: other })
    expect(first.code).toBe(0)
    expect(JSON.parse(first.stdout)).toMatchObject({ caseId, isNewCase: true, added: { bundles: 1, entries: 3 } })
    const again = rtcwb(['cases', 'import', archive], { dataDir: other })
    expect(again.stdout).toBe(`merged into case ${caseId}: added nothing new; already there: 1 bundles\n`)
    expect(JSON.parse(rtcwb(['cases', 'list', '--json'], { dataDir: other }).stdout)).toHaveLength(1)
  })

  it('reports wrong command lines with exit code 2', () => {
    expect(rtcwb(['cases', 'export', caseId]).code).toBe(2)
    expect(rtcwb(['cases', 'export', caseId, '--format', 'docx']).code).toBe(2)
    expect(rtcwb(['cases', 'list', '--status', 'open']).code).toBe(2)
    expect(rtcwb(['cases', 'frobnicate']).code).toBe(2)
    expect(rtcwb(['cases', 'show', 'no-such-case']).code).toBe(1)
  })
})
