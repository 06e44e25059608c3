/**
 * Migration 5 (case work and the knowledge index) on a store written by the previous schema: the
 * store is backed up first (the copy is the old store, data included), existing cases and notes
 * are indexed for search, and two processes opening the old store at once migrate it once.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Db } from '../../../src-main/store/db'
import { migrate } from '../../../src-main/store/migrate'
import { MIGRATIONS } from '../../../src-main/store/migrations'
import { searchDocs } from '../../../src-main/store/repos/knowledge-repo'

let dir: string
let path: string

const version = async (db: Db) => (await db.get<{ user_version: number }>('PRAGMA user_version'))!.user_version

/** A store at schema 4 holding one case with one annotation. */
async function oldStore(): Promise<void> {
  const db = await Db.open(path)
  await migrate(db, MIGRATIONS.slice(0, 4))
  await db.run("INSERT INTO cases (id, title, customer, created_at, updated_at) VALUES ('c1', 'Robotic audio in Jakarta', 'Acme', 1, 2)")
  await db.run("INSERT INTO annotations (id, case_id, t_start, t_end, category, note, created_at, updated_at) VALUES ('a1', 'c1', 0, 1, 'device.thermal', 'phone overheated after 20 minutes', 3, 3)")
  await db.close()
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-mig5-'))
  path = join(dir, 'workbench.sqlite')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('migration 5 on an existing store', () => {
  it('backs the store up first, then indexes its cases and notes', async () => {
    await oldStore()
    const db = await Db.open(path)
    try {
      const r = await migrate(db, MIGRATIONS, Date.UTC(2026, 0, 2, 3, 4, 5))
      expect(r).toMatchObject({ from: 4, to: MIGRATIONS.length })
      expect(r.backupPath).toBe(`${path}.v4.2026-01-02T03-04-05-000Z.bak`)
      expect(existsSync(r.backupPath!)).toBe(true)
      const backup = await Db.open(r.backupPath!)
      expect(await version(backup)).toBe(4)
      expect(await backup.get('SELECT id, title FROM cases')).toEqual({ id: 'c1', title: 'Robotic audio in Jakarta' })
      expect(await backup.get("SELECT name FROM sqlite_master WHERE name = 'case_fts'")).toBeUndefined()
      await backup.close()
      expect((await searchDocs(db, ['Jakarta'], ['case'], null, 10)).map((h) => h.case_id)).toEqual(['c1'])
      expect((await searchDocs(db, ['overheated'], ['note'], null, 10)).map((h) => [h.kind, h.ref])).toEqual([['note', 'a1']])
      expect(await db.get("SELECT first_response_at, resolved_at, closed_at FROM cases WHERE id = 'c1'")).toEqual({ first_response_at: null, resolved_at: null, closed_at: null })
    } finally {
      await db.close()
    }
  })

  it('is applied once when two processes open the old store together', async () => {
    await oldStore()
    const [a, b] = await Promise.all([Db.open(path), Db.open(path)])
    try {
      const results = await Promise.all([migrate(a), migrate(b)])
      expect(results.map((r) => r.to)).toEqual([MIGRATIONS.length, MIGRATIONS.length])
      expect(await version(a)).toBe(MIGRATIONS.length)
      expect((await a.get<{ n: number }>("SELECT COUNT(*) AS n FROM kb_doc WHERE kind = 'case'"))!.n).toBe(1)
      expect(readdirSync(dir).filter((f) => f.endsWith('.bak')).length).toBeGreaterThanOrEqual(1)
    } finally {
      await a.close()
      await b.close()
    }
  })
})
