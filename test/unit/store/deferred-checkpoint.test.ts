/**
 * The import connection (`store.bulk`) does not checkpoint inside COMMIT: the commit returns, and
 * its WAL is copied into the database file by a background PASSIVE checkpoint right after.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../../src-main/store/store'

let dir: string
let store: Store | null = null
afterEach(async () => {
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('deferred checkpoints on the import connection', () => {
  it('copies a committed 16 MB transaction into the database file in the background', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rtcwb-ckpt-'))
    store = await openStore(dir)
    const file = join(dir, 'workbench.sqlite')
    expect((await store.bulk.get<{ wal_autocheckpoint: number }>('PRAGMA wal_autocheckpoint'))!.wal_autocheckpoint).toBe(0)
    expect((await store.db.get<{ wal_autocheckpoint: number }>('PRAGMA wal_autocheckpoint'))!.wal_autocheckpoint).toBe(1000)
    const before = statSync(file).size
    const tx = await store.bulk.begin()
    await tx.db.exec('CREATE TABLE blobs (b BLOB)')
    for (let i = 0; i < 16; i++) await tx.db.run('INSERT INTO blobs VALUES (?)', [Buffer.alloc(1 << 20, i)])
    await tx.commit()
    await store.bulk.idle()
    expect(statSync(file).size - before).toBeGreaterThan(16 << 20)
    expect((await store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM blobs'))!.n).toBe(16)
  })
})
