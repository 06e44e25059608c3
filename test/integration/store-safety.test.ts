/**
 * Store safety with real processes on real SQLite files: a `kill -9` of the built CLI in the middle
 * of a bundle import or of a case-archive import, and of the server in the middle of annotation
 * edits, leaves `PRAGMA integrity_check` = ok and nothing half-written (every table as before the
 * import; every annotation with exactly its history); two servers on one store (two windows) start
 * together on a fresh store and write concurrently without an error or a lost write.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Db } from '../../src-main/store/db'
import { agoraLikeChunks } from '../fixtures/generate/text-log'
import { miniDump } from '../support/mini-dump'
import { type Server, requireBuild, spawnCli, startServer, waitForSize } from '../support/processes'

let dir: string
let bigLog: string

const TABLES = ['cases', 'bundles', 'entries', 'streams', 'series', 'events', 'log_lines', 'annotations', 'case_history', 'kb_doc', 'case_findings']

async function inspect(dataDir: string): Promise<{ integrity: string; fts: boolean; counts: Record<string, number> }> {
  const db = await Db.open(join(dataDir, 'workbench.sqlite'))
  try {
    const integrity = (await db.get<{ integrity_check: string }>('PRAGMA integrity_check'))!.integrity_check
    const ftsOk = await db.exec("INSERT INTO log_fts(log_fts) VALUES('integrity-check'); INSERT INTO case_fts(case_fts) VALUES('integrity-check'); INSERT INTO note_fts(note_fts) VALUES('integrity-check'); INSERT INTO finding_fts(finding_fts) VALUES('integrity-check');").then(() => true, () => false)
    const counts: Record<string, number> = {}
    for (const t of TABLES) counts[t] = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`))!.n
    return { integrity, fts: ftsOk, counts }
  } finally {
    await db.close()
  }
}

function run(args: string[]): Promise<number | null> {
  return spawnCli(args).exited
}

beforeAll(() => {
  requireBuild()
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-safety-'))
  bigLog = join(dir, 'agorasdk.log')
  writeFileSync(bigLog, [...agoraLikeChunks(40e6)].join(''))
  writeFileSync(join(dir, 'small.json'), miniDump({ seconds: 20 }))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('kill -9 in the middle of writes', () => {
  it('during a bundle import: the store is intact and exactly as before the import', async () => {
    const data = join(dir, 'import-kill')
    expect(await run(['import', join(dir, 'small.json'), '--data-dir', data])).toBe(0)
    const before = await inspect(data)
    const child = spawnCli(['import', bigLog, '--data-dir', data])
    await waitForSize(join(data, 'workbench.sqlite-wal'), 8 * 1024 * 1024) // the import's transaction is streaming lines
    child.kill('SIGKILL')
    await child.exited
    const after = await inspect(data)
    expect(after).toEqual({ integrity: 'ok', fts: true, counts: before.counts })
    expect(before.counts.cases).toBe(1)
    // and the store keeps working
    expect(await run(['import', join(dir, 'small.json'), '--data-dir', data])).toBe(0)
    expect((await inspect(data)).counts.bundles).toBe(2)
  }, 120_000)

  it('during a case-archive import: nothing of the case is written', async () => {
    const source = join(dir, 'archive-source')
    expect(await run(['import', bigLog, '--data-dir', source])).toBe(0)
    const listed = spawnCli(['cases', 'list', '--json', '--data-dir', source])
    let text = ''
    listed.stdout!.on('data', (d: Buffer) => (text += d.toString()))
    await listed.exited
    const caseId = (JSON.parse(text) as { id: string }[])[0]!.id
    const archive = join(dir, 'big.rtcwb')
    expect(await run(['cases', 'export', caseId, '--format', 'archive', '--out', archive, '--data-dir', source])).toBe(0)
    const target = join(dir, 'archive-target')
    expect(await run(['import', join(dir, 'small.json'), '--data-dir', target])).toBe(0)
    const before = await inspect(target)
    const child = spawnCli(['cases', 'import', archive, '--data-dir', target])
    await waitForSize(join(target, 'workbench.sqlite-wal'), 8 * 1024 * 1024)
    child.kill('SIGKILL')
    await child.exited
    expect(await inspect(target)).toEqual({ integrity: 'ok', fts: true, counts: before.counts })
    // importing it completely afterwards works, and a second time adds nothing
    expect(await run(['cases', 'import', archive, '--data-dir', target])).toBe(0)
    const once = await inspect(target)
    expect(once.counts.cases).toBe(2)
    expect(once.counts.log_lines).toBeGreaterThan(before.counts.log_lines! + 100_000)
    expect(await run(['cases', 'import', archive, '--data-dir', target])).toBe(0)
    expect((await inspect(target)).counts).toEqual(once.counts)
  }, 180_000)

  it('during annotation edits: every annotation has exactly its history, nothing half-applied', async () => {
    const data = join(dir, 'edit-kill')
    const server = await startServer(data)
    const c = await server.call<{ id: string }>('cases.create', { title: 'Edit storm' })
    let stop = false
    let done = 0
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const a = await server.call<{ id: string }>('annotations.create', { caseId: c.id, start: i, end: i + 1, category: 'network.loss-burst', note: `w${w} n${i}` })
          for (let k = 1; k <= 3 && !stop; k++) await server.call('annotations.update', { annotationId: a.id, note: `w${w} n${i} v${k}`, confidence: k / 4 })
          done++
        } catch {
          return // the server is gone
        }
      }
    }
    const workers = Array.from({ length: 8 }, (_, w) => worker(w))
    await new Promise((ok) => setTimeout(ok, 1500))
    server.child.kill('SIGKILL')
    stop = true
    await Promise.all(workers)
    await server.exited
    expect(done).toBeGreaterThan(5)
    const after = await inspect(data)
    expect(after.integrity).toBe('ok')
    expect(after.fts).toBe(true)
    const db = await Db.open(join(data, 'workbench.sqlite'))
    try {
      const rows = await db.all<{ id: string; note: string; creates: number; last: string | null }>(
        `SELECT a.id, a.note, (SELECT COUNT(*) FROM case_history h WHERE h.target_id = a.id AND h.action = 'create') AS creates,
          (SELECT h.after FROM case_history h WHERE h.target_id = a.id ORDER BY h.seq DESC LIMIT 1) AS last FROM annotations a`)
      expect(rows.length).toBeGreaterThan(5)
      for (const r of rows) {
        expect(r.creates).toBe(1)
        expect((JSON.parse(r.last!) as { note: string }).note).toBe(r.note)
      }
      const orphans = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM case_history h WHERE h.target = 'annotation' AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.id = h.target_id)")
      expect(orphans!.n).toBe(0)
      expect((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM kb_doc WHERE kind = 'note'"))!.n).toBe(rows.length)
    } finally {
      await db.close()
    }
  }, 60_000)
})

describe('two processes on one store', () => {
  it('start together on a fresh store and write concurrently, losing nothing', async () => {
    const data = join(dir, 'two-windows')
    const [s1, s2] = await Promise.all([startServer(data), startServer(data)]) as [Server, Server]
    try {
      const writer = async (s: Server, name: string) => {
        for (let i = 0; i < 15; i++) {
          const c = await s.call<{ id: string }>('cases.create', { title: `${name} case ${i}`, tags: [name] })
          await s.call('cases.update', { caseId: c.id, fields: { status: 'investigating', owner: name } })
          for (let k = 0; k < 2; k++) await s.call('annotations.create', { caseId: c.id, start: k, end: k + 1, category: 'device.cpu-overload', note: `${name} ${i}.${k}` })
        }
      }
      const imported = s1.call<{ jobId: string }>('bundles.import', { path: join(dir, 'small.json') })
      await Promise.all([writer(s1, 'one'), writer(s2, 'two'), writer(s2, 'three'), imported])
      // Each process sees the other's writes.
      expect((await s1.call<unknown[]>('cases.list', { tag: 'two' })).length).toBe(15)
      expect((await s2.call<unknown[]>('cases.list', { query: 'one case' })).length).toBe(15)
    } finally {
      for (const s of [s1, s2]) s.child.kill('SIGTERM')
      await Promise.all([s1.exited, s2.exited])
    }
    const after = await inspect(data)
    expect(after.integrity).toBe('ok')
    expect(after.fts).toBe(true)
    expect(after.counts).toMatchObject({ cases: 46, annotations: 90, case_history: 135, bundles: 1 })
  }, 90_000)
})
