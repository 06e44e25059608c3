/**
 * A small promise API over one `sqlite3` connection, owned by the main thread. Opens with WAL,
 * foreign keys and a busy timeout. Every write transaction goes through `tx`, which queues on a
 * mutex shared by all connections of the store: the `sqlite3` package interleaves statements of
 * concurrent async flows on one connection, so without the queue one flow's statement could land
 * inside another flow's transaction (and be rolled back with it).
 */
import sqlite3 from 'sqlite3'

export type SqlValue = string | number | bigint | Buffer | null
export type Params = SqlValue[] | Record<string, SqlValue>

/** Serializes async critical sections (a promise chain). */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve()
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn)
    this.tail = next.catch(() => undefined)
    return next
  }
}

/** A write transaction held open across awaits; see `Db.begin`. */
export interface LongTx {
  db: Db
  commit(): Promise<void>
  rollback(): Promise<void>
}

export class Db {
  /** The background checkpoint after a commit, when checkpoints are deferred (see `sibling`). */
  private checkpoint: Promise<void> | null = null

  private constructor(
    private readonly raw: sqlite3.Database, private readonly writeLock: Mutex, readonly path: string, private readonly deferCheckpoints: boolean,
  ) {}

  /** Opens (creating if needed) the database file; `:memory:` for tests. */
  static async open(path: string, writeLock = new Mutex(), deferCheckpoints = false): Promise<Db> {
    const raw = await new Promise<sqlite3.Database>((resolve, reject) => {
      const d: sqlite3.Database = new sqlite3.Database(path, (err) => (err ? reject(err) : resolve(d)))
    })
    const db = new Db(raw, writeLock, path, deferCheckpoints)
    // page_size only takes effect on a new, empty file (before WAL): bigger pages suit our BLOB columns.
    // busy_timeout first: another process (a second window, the CLI) may hold a lock while we open.
    await db.exec('PRAGMA busy_timeout = 15000; PRAGMA page_size = 16384')
    // Switching a file another process is creating to WAL can fail with SQLITE_BUSY at once (the busy
    // handler is not consulted for it): retry for up to the busy timeout.
    for (let attempt = 0; ; attempt++) {
      try {
        await db.exec('PRAGMA journal_mode = WAL')
        break
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 150) throw e
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    await db.exec('PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL')
    if (deferCheckpoints) await db.exec('PRAGMA wal_autocheckpoint = 0')
    return db
  }

  /**
   * A second connection to the same file sharing the write queue, for long imports. Its commits do
   * not checkpoint inline: SQLite's automatic checkpoint runs inside the COMMIT of the connection that
   * crossed 1000 WAL pages, so a 150 MB import waited 0.4–1.5 s for its own WAL to be copied into
   * the database file. Here the commit returns at once and a PASSIVE checkpoint follows in the
   * background (readers and the other connection carry on; the next write on this one queues behind it).
   */
  async sibling(): Promise<Db> {
    return Db.open(this.path, this.writeLock, this.path !== ':memory:')
  }

  /** Starts a background PASSIVE checkpoint after a commit (deferred-checkpoint connections only). */
  private checkpointSoon(): void {
    if (!this.deferCheckpoints || this.checkpoint) return
    this.checkpoint = this.exec('PRAGMA wal_checkpoint(PASSIVE)')
      .catch(() => undefined) // busy or interrupted: the next commit's checkpoint (or the other connection's) catches up
      .finally(() => (this.checkpoint = null))
  }

  run(sql: string, params: Params = []): Promise<{ lastID: number; changes: number }> {
    return new Promise((resolve, reject) => {
      this.raw.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(withSql(err, sql))
        else resolve({ lastID: this.lastID, changes: this.changes })
      })
    })
  }

  get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.raw.get(sql, params, (err: Error | null, row: T | undefined) => (err ? reject(withSql(err, sql)) : resolve(row)))
    })
  }

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.raw.all(sql, params, (err: Error | null, rows: T[]) => (err ? reject(withSql(err, sql)) : resolve(rows)))
    })
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.raw.exec(sql, (err: Error | null) => (err ? reject(withSql(err, sql)) : resolve()))
    })
  }

  /**
   * Runs `fn` inside BEGIN IMMEDIATE … COMMIT, queued behind every other write transaction of this
   * store; rolls back and rethrows on any error (including cancellation), so nothing half-written stays.
   */
  tx<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.writeLock.run(async () => {
      await this.exec('BEGIN IMMEDIATE')
      try {
        const result = await fn(this)
        await this.exec('COMMIT')
        this.checkpointSoon()
        return result
      } catch (e) {
        await this.exec('ROLLBACK').catch(() => undefined)
        throw e
      }
    })
  }

  /**
   * Opens a write transaction that stays open across many awaits (an import that streams log lines
   * while it parses): takes the store's write queue until `commit` or `rollback`.
   */
  async begin(): Promise<LongTx> {
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    await new Promise<void>((acquired) => void this.writeLock.run(() => (acquired(), held)))
    try {
      await this.exec('BEGIN IMMEDIATE')
    } catch (e) {
      release()
      throw e
    }
    let isOpen = true
    const end = async (sql: 'COMMIT' | 'ROLLBACK') => {
      if (!isOpen) return
      isOpen = false
      try {
        await this.exec(sql)
        if (sql === 'COMMIT') this.checkpointSoon()
      } finally {
        release()
      }
    }
    return { db: this, commit: () => end('COMMIT'), rollback: () => end('ROLLBACK') }
  }

  /** Resolves when no background checkpoint is running. */
  async idle(): Promise<void> {
    await this.checkpoint
  }

  async close(): Promise<void> {
    await this.checkpoint
    return new Promise((resolve, reject) => this.raw.close((err) => (err ? reject(err) : resolve())))
  }
}

function withSql(err: Error, sql: string): Error {
  err.message = `${err.message} (in: ${sql.slice(0, 120)})`
  return err
}
