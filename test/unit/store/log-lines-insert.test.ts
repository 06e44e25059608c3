/**
 * Log lines travel to SQLite as one JSON text per batch (log-lines-repo): every value must arrive as
 * the parameter binding would have stored it — order, exact float times, NULLs, NUL characters,
 * non-ASCII text — with lone surrogates made U+FFFD, and every line findable by full-text search.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Db } from '../../../src-main/store/db'
import { migrate } from '../../../src-main/store/migrate'
import { insertLogLines } from '../../../src-main/store/repos/log-lines-repo'
import { seededRandom } from '../../../src-main/core/util/prng'

let db: Db

beforeEach(async () => {
  db = await Db.open(':memory:')
  await migrate(db)
  await db.exec(`INSERT INTO cases (id, title, created_at, updated_at) VALUES ('c', 'c', 0, 0);
    INSERT INTO bundles (id, case_id, name, source_path, sha256, size_bytes, imported_at) VALUES ('b', 'c', 'b', '/', '', 0, 0);
    INSERT INTO entries (id, bundle_id, path, kind, format, size_bytes) VALUES (7, 'b', 'a.log', 'text-log', 'x', 0)`)
})
afterEach(async () => {
  await db.close()
})

describe('insertLogLines', () => {
  it('stores every value exactly, in order', async () => {
    const random = seededRandom(5)
    const lines = Array.from({ length: 3000 }, (_, i) => ({
      line: i + 1,
      t: i % 7 === 3 ? null : 1.7e12 + random() * 1e9,
      ...(i % 3 ? { level: 'warning' as const } : {}),
      ...(i % 5 ? { module: `m${i % 4}` } : {}),
      message: `line ${i} 中文 "quoted" \\ back\tslash é`,
    }))
    await db.tx((t) => insertLogLines(t, 7, lines))
    const rows = await db.all<{ entry_id: number; line: number; t: number | null; level: string | null; module: string | null; message: string }>(
      'SELECT entry_id, line, t, level, module, message FROM log_lines ORDER BY id')
    expect(rows).toEqual(lines.map((l) => ({ entry_id: 7, line: l.line, t: l.t, level: l.level ?? null, module: l.module ?? null, message: l.message })))
  })

  it('keeps NUL characters, replaces lone surrogates, and indexes every line for search', async () => {
    await db.tx((t) => insertLogLines(t, 7, [
      { line: 1, t: 1, message: 'a\u0000b needle' },
      { line: 2, t: 2, message: 'lone \ud800 high and \udc00 low, pair 😀 needle' },
    ]))
    const rows = await db.all<{ message: string; n: number }>('SELECT message, length(CAST(message AS BLOB)) AS n FROM log_lines ORDER BY id')
    expect(rows[0]).toEqual({ message: 'a\u0000b needle', n: 10 })
    expect(rows[1]!.message).toBe('lone \ufffd high and \ufffd low, pair 😀 needle')
    const hits = await db.all<{ rowid: number }>("SELECT rowid FROM log_fts WHERE log_fts MATCH 'needle' ORDER BY rowid")
    expect(hits).toHaveLength(2)
  })
})
