/** Schema migrations: ordering, a fresh store, pragmas, backups before upgrades, refusing newer schemas. */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Db } from '../../../src-main/store/db'
import { migrate } from '../../../src-main/store/migrate'
import { MIGRATIONS, type Migration } from '../../../src-main/store/migrations'
import { openStore } from '../../../src-main/store/store'

const TABLES = [
  'annotations', 'bundles', 'case_analysis', 'case_findings', 'case_fts', 'case_fts_config', 'case_fts_content',
  'case_fts_data', 'case_fts_docsize', 'case_fts_idx', 'case_history', 'cases', 'connections', 'entries',
  'events', 'finding_fts', 'finding_fts_config', 'finding_fts_content', 'finding_fts_data', 'finding_fts_docsize',
  'finding_fts_idx', 'kb_doc', 'log_fts', 'log_fts_config', 'log_fts_data', 'log_fts_docsize', 'log_fts_idx',
  'log_lines', 'note_fts', 'note_fts_config', 'note_fts_content', 'note_fts_data', 'note_fts_docsize', 'note_fts_idx',
  'series', 'settings', 'streams', 'whatif_scenarios',
]
const LATEST = MIGRATIONS.length
const NOW = Date.UTC(2025, 8, 16, 14, 2, 11)

async function userVersion(db: Db): Promise<number> {
  return (await db.get<{ user_version: number }>('PRAGMA user_version'))!.user_version
}

async function tables(db: Db): Promise<string[]> {
  const rows = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
  return rows.map((r) => r.name)
}

const extra = (id: number, sql = 'CREATE TABLE extra_stuff (id INTEGER PRIMARY KEY, note TEXT NOT NULL);'): Migration => ({ id, name: `test-${id}`, sql })

describe('migrations list', () => {
  it('has ids 1..n without gaps, in order, with unique names and SQL', () => {
    expect(MIGRATIONS.length).toBeGreaterThan(0)
    expect(MIGRATIONS.map((m) => m.id)).toEqual(Array.from({ length: MIGRATIONS.length }, (_, i) => i + 1))
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length)
    for (const m of MIGRATIONS) expect(m.sql.trim().length).toBeGreaterThan(0)
  })
})

describe('migrate on a fresh in-memory store', () => {
  let db: Db
  beforeEach(async () => {
    db = await Db.open(':memory:')
  })
  afterEach(async () => {
    await db.close()
  })

  it('goes from 0 to the latest version without a backup and sets user_version', async () => {
    expect(await userVersion(db)).toBe(0)
    expect(await migrate(db, MIGRATIONS, NOW)).toEqual({ from: 0, to: LATEST, backupPath: null })
    expect(await userVersion(db)).toBe(LATEST)
    expect(await tables(db)).toEqual(TABLES)
    // idempotent: nothing pending the second time
    expect(await migrate(db, MIGRATIONS, NOW)).toEqual({ from: LATEST, to: LATEST, backupPath: null })
  })

  it('opens with foreign keys enforced', async () => {
    await migrate(db)
    expect((await db.get<{ foreign_keys: number }>('PRAGMA foreign_keys'))!.foreign_keys).toBe(1)
    await expect(db.run(
      "INSERT INTO bundles (id, case_id, name, source_path, sha256, size_bytes, imported_at) VALUES ('b1', 'no-such-case', 'n', '/x', 'h', 1, 1)",
    )).rejects.toThrow(/FOREIGN KEY constraint failed/)
    expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM bundles'))!.n).toBe(0)
  })

  it('refuses a schema newer than it knows, and changes nothing', async () => {
    await migrate(db)
    await db.exec(`PRAGMA user_version = ${LATEST + 3}`)
    await expect(migrate(db)).rejects.toThrow(`the store was written by a newer workbench (schema ${LATEST + 3} > ${LATEST}); refusing to open it`)
    expect(await userVersion(db)).toBe(LATEST + 3)
  })
})

describe('migrate on a database file', () => {
  let dir: string
  let path: string
  const open: Db[] = []
  const openDb = async () => {
    const db = await Db.open(path)
    open.push(db)
    return db
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rtcwb-migrations-'))
    path = join(dir, 'workbench.sqlite')
  })
  afterEach(async () => {
    for (const db of open.splice(0)) await db.close().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  })

  it('runs in WAL mode', async () => {
    const db = await openDb()
    await migrate(db)
    expect((await db.get<{ journal_mode: string }>('PRAGMA journal_mode'))!.journal_mode).toBe('wal')
    expect(existsSync(`${path}-wal`)).toBe(true)
  })

  it('backs up an existing store only when there are migrations to apply', async () => {
    const first = await openDb()
    expect((await migrate(first, MIGRATIONS, NOW)).backupPath).toBeNull() // a new file: nothing to back up
    await first.run("INSERT INTO settings (key, value) VALUES ('k', '\"v\"')")
    await first.close()
    open.splice(open.indexOf(first), 1)

    const again = await openDb()
    expect(await migrate(again, MIGRATIONS, NOW)).toEqual({ from: LATEST, to: LATEST, backupPath: null })
    expect(readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual([])

    const upgraded = await migrate(again, [...MIGRATIONS, extra(LATEST + 1)], NOW)
    const expectedBackup = `${path}.v${LATEST}.2025-09-16T14-02-11-000Z.bak`
    expect(upgraded).toEqual({ from: LATEST, to: LATEST + 1, backupPath: expectedBackup })
    expect(readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual([`workbench.sqlite.v${LATEST}.2025-09-16T14-02-11-000Z.bak`])
    expect(await userVersion(again)).toBe(LATEST + 1)
    expect(await tables(again)).toContain('extra_stuff')

    // the backup is the store as it was before the upgrade, data included
    const backup = await Db.open(expectedBackup)
    open.push(backup)
    expect(await userVersion(backup)).toBe(LATEST)
    expect(await tables(backup)).toEqual(TABLES)
    expect(await backup.get('SELECT key, value FROM settings')).toEqual({ key: 'k', value: '"v"' })
  })

  it('stops at a failing migration, keeping the ones before it and the backup', async () => {
    const db = await openDb()
    await migrate(db)
    const broken = [...MIGRATIONS, extra(LATEST + 1), extra(LATEST + 2, 'CREATE TABLE extra_stuff (id INTEGER);')] // already exists
    await expect(migrate(db, broken, NOW)).rejects.toThrow(/already exists/)
    expect(await userVersion(db)).toBe(LATEST + 1)
    expect(readdirSync(dir).filter((f) => f.endsWith('.bak'))).toHaveLength(1)
    // nothing of the failed migration is left half-applied, and the store still works
    await db.run("INSERT INTO extra_stuff (note) VALUES ('ok')")
    expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM extra_stuff'))!.n).toBe(1)
  })

  it('openStore creates the data directory, migrates and opens a second connection', async () => {
    const store = await openStore(join(dir, 'nested', 'data'))
    try {
      expect(store.migration).toEqual({ from: 0, to: LATEST, backupPath: null })
      expect(store.bulk).not.toBe(store.db)
      expect(await tables(store.bulk)).toEqual(TABLES)
      expect(existsSync(join(dir, 'nested', 'data', 'workbench.sqlite'))).toBe(true)
    } finally {
      await store.close()
    }
  })
})
