/**
 * Migration 3 (the log viewer's sort time): lines stored before it get their continuation times
 * backfilled, lines inserted after it get them from the trigger, and keyset pages read the new
 * index rather than scanning or sorting.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Db } from '../../../src-main/store/db'
import { migrate } from '../../../src-main/store/migrate'
import { MIGRATIONS } from '../../../src-main/store/migrations'
import { insertLogLines } from '../../../src-main/store/repos/log-lines-repo'

let db: Db
const T0 = Date.UTC(2025, 0, 1)

async function seedEntry(): Promise<void> {
  await db.exec(`INSERT INTO cases (id, title, created_at, updated_at) VALUES ('c', 'c', 0, 0);
    INSERT INTO bundles (id, case_id, name, source_path, sha256, size_bytes, imported_at) VALUES ('b', 'c', 'b', '/', '', 0, 0);
    INSERT INTO entries (id, bundle_id, path, kind, format, size_bytes) VALUES (1, 'b', 'a.log', 'text-log', 'x', 0)`)
}

const lines = [
  { line: 1, t: null, message: 'header without time' },
  { line: 2, t: T0, message: 'first' },
  { line: 3, t: null, message: '  continuation' },
  { line: 4, t: T0 + 5, message: 'second' },
]
const sortKeys = async () => (await db.all<{ k: number | null }>('SELECT COALESCE(t, t_cont) AS k FROM log_lines ORDER BY id')).map((r) => r.k)

beforeEach(async () => {
  db = await Db.open(':memory:')
})
afterEach(async () => {
  await db.close()
})

describe('migration 3: log viewer sort time', () => {
  it('backfills lines stored before it', async () => {
    await migrate(db, MIGRATIONS.slice(0, 2))
    await seedEntry()
    await db.tx((t) => insertLogLines(t, 1, lines))
    await migrate(db, MIGRATIONS)
    expect(await sortKeys()).toEqual([-1e15, T0, T0, T0 + 5])
  })

  it('fills lines inserted after it, and pages by the new index', async () => {
    await migrate(db)
    await seedEntry()
    await db.tx((t) => insertLogLines(t, 1, lines))
    expect(await sortKeys()).toEqual([-1e15, T0, T0, T0 + 5])
    const plan = await db.all<{ detail: string }>(
      'EXPLAIN QUERY PLAN SELECT id FROM log_lines WHERE entry_id = ? AND COALESCE(t, t_cont) >= ? ORDER BY COALESCE(t, t_cont), id LIMIT 10', [1, T0])
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(/USING (COVERING )?INDEX log_lines_entry_key/)
    expect(plan.map((p) => p.detail).join(' | ')).not.toMatch(/TEMP B-TREE/)
  })
})
