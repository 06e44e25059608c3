/**
 * Applies pending migrations by `PRAGMA user_version`. Before migrating an existing, non-empty
 * database it writes a consistent copy (`VACUUM INTO`) next to it, so a failed upgrade loses nothing.
 */
import { existsSync } from 'node:fs'
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
    if (!existsSync(backupPath)) await db.run('VACUUM INTO ?', [backupPath])
  }
  for (const m of pending) {
    await db.tx(async (t) => {
      await t.exec(m.sql)
      await t.exec(`PRAGMA user_version = ${m.id}`)
    })
  }
  return { from, to: latest, backupPath }
}
