/**
 * Applies pending migrations by `PRAGMA user_version`. Before migrating an existing, non-empty
 * database it writes a consistent copy (`VACUUM INTO`) next to it, so a failed upgrade loses nothing.
 */
import { closeSync, existsSync, linkSync, openSync, readSync, rmSync } from 'node:fs'
import type { Db } from './db'
import { MIGRATIONS, type Migration } from './migrations'

export interface MigrateResult { from: number; to: number; backupPath: string | null }

export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, now = Date.now()): Promise<MigrateResult> {
  const row = await db.get<{ user_version: number }>('PRAGMA user_version')
  const from = row?.user_version ?? 0
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.id
  if (from > latest) throw new Error(`the store was written by a newer workbench (schema ${from} > ${latest}); refusing to open it`)
  const pending = migrations.filter((m) => m.id > from)
  if (pending.length === 0) return { from, to: from, backupPath: null }
  let backupPath: string | null = null
  if (from > 0 && db.path !== ':memory:') {
    backupPath = `${db.path}.v${from}.${new Date(now).toISOString().replace(/[:.]/g, '-')}.bak`
    if (!existsSync(backupPath)) await backUp(db, backupPath, from)
  }
  for (const m of pending) {
    await db.tx(async (t) => {
      // Another process on the same store (a second window, the CLI) may have applied it meanwhile.
      if (((await t.get<{ user_version: number }>('PRAGMA user_version'))?.user_version ?? 0) >= m.id) return
      await t.exec(m.sql)
      await t.exec(`PRAGMA user_version = ${m.id}`)
    })
  }
  return { from, to: latest, backupPath }
}

/**
 * Writes the copy under a private name and links it into place only if it still is schema `from`
 * and no copy is there yet: another process opening the same old store at the same time (a second
 * window, the CLI) may be backing up or migrating it too, and the backup must be the old store.
 */
async function backUp(db: Db, backupPath: string, from: number): Promise<void> {
  const tmp = `${backupPath}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  try {
    await db.run('VACUUM INTO ?', [tmp])
    const header = Buffer.alloc(100)
    const fd = openSync(tmp, 'r')
    try {
      readSync(fd, header, 0, 100, 0)
    } finally {
      closeSync(fd)
    }
    // user_version lives at offset 60 of the database header (big-endian).
    if (header.readUInt32BE(60) !== from) return
    try {
      linkSync(tmp, backupPath)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  } finally {
    rmSync(tmp, { force: true })
  }
}
