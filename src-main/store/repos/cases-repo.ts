/** Cases: create, list (with a simple text filter), get. SQL for the `cases` table lives here only. */
import type { Db } from '../db'

export interface CaseRow {
  id: string; title: string; customer: string; app_version: string; scenario: string; priority: string; tier: number
  status: string; owner: string; tags: string; description: string; is_demo: number; created_at: number; updated_at: number
  bundle_count: number
}

export interface NewCase {
  id: string; title: string; customer: string; appVersion: string; scenario: string; priority: string; tier: number
  status: string; owner: string; tags: string[]; description: string; isDemo: boolean; now: number
}

const SELECT = `SELECT c.*, (SELECT COUNT(*) FROM bundles b WHERE b.case_id = c.id) AS bundle_count FROM cases c`

export async function insertCase(db: Db, c: NewCase): Promise<void> {
  await db.run(
    `INSERT INTO cases (id, title, customer, app_version, scenario, priority, tier, status, owner, tags, description, is_demo, created_at, updated_at)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    [c.id, c.title, c.customer, c.appVersion, c.scenario, c.priority, c.tier, c.status, c.owner, JSON.stringify(c.tags), c.description, c.isDemo ? 1 : 0, c.now, c.now],
  )
}

export function getCase(db: Db, id: string): Promise<CaseRow | undefined> {
  return db.get<CaseRow>(`${SELECT} WHERE c.id = ?`, [id])
}

/** Newest first; `query` matches title, customer or tags (case-insensitive substring). */
export function listCases(db: Db, query?: string): Promise<CaseRow[]> {
  if (!query) return db.all<CaseRow>(`${SELECT} ORDER BY c.updated_at DESC`)
  const like = `%${query.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
  return db.all<CaseRow>(
    `${SELECT} WHERE c.title LIKE ?1 ESCAPE '\\' OR c.customer LIKE ?1 ESCAPE '\\' OR c.tags LIKE ?1 ESCAPE '\\' ORDER BY c.updated_at DESC`,
    [like],
  )
}

export async function touchCase(db: Db, id: string, now: number): Promise<void> {
  await db.run('UPDATE cases SET updated_at = ? WHERE id = ?', [now, id])
}

export async function hasDemoCase(db: Db): Promise<boolean> {
  return (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM cases WHERE is_demo = 1'))!.n > 0
}
