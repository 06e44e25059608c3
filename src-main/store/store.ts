/**
 * The case store: the database file in the data directory, migrated on open. One object owns the
 * connections (main thread only): `db` for reads and short writes, `bulk` for long imports.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Db } from './db'
import { type MigrateResult, migrate } from './migrate'

export interface Store {
  db: Db
  bulk: Db
  migration: MigrateResult
  close(): Promise<void>
}

/** Opens `<dataDir>/workbench.sqlite` (or an in-memory store for `:memory:`). */
export async function openStore(dataDir: string): Promise<Store> {
  const inMemory = dataDir === ':memory:'
  if (!inMemory) mkdirSync(dataDir, { recursive: true })
  const db = await Db.open(inMemory ? ':memory:' : join(dataDir, 'workbench.sqlite'))
  const migration = await migrate(db)
  // An in-memory database is private to its connection: imports share the one connection there.
  const bulk = inMemory ? db : await db.sibling()
  return {
    db, bulk, migration,
    async close() {
      if (bulk !== db) await bulk.close()
      await db.close()
    },
  }
}
