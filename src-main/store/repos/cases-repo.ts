/**
 * Cases: create, read, update, delete, and the case list (filters, full-text search over the
 * knowledge index, sort by any column or by the next SLA due time, paging). SQL for the `cases`
 * table lives here only. Times are epoch ms.
 */
import type { Db, SqlValue } from '../db'
import { ftsTermFilter } from './knowledge-repo'

export interface CaseRow {
  id: string; title: string; customer: string; app_version: string; scenario: string; priority: string; tier: number
  status: string; owner: string; tags: string; description: string; is_demo: number; created_at: number; updated_at: number
  first_response_at: number | null; resolved_at: number | null; closed_at: number | null
  bundle_count: number
}

export interface NewCase {
  id: string; title: string; customer: string; appVersion: string; scenario: string; priority: string; tier: number
  status: string; owner: string; tags: string[]; description: string; isDemo: boolean; now: number
}

/** Editable case fields (camelCase) and their columns. */
export interface CasePatch {
  title?: string; customer?: string; appVersion?: string; scenario?: string; priority?: string; tier?: number; status?: string
  owner?: string; tags?: string[]; description?: string; firstResponseAt?: number | null; resolvedAt?: number | null; closedAt?: number | null
}
const COLUMNS: Record<keyof CasePatch, string> = {
  title: 'title', customer: 'customer', appVersion: 'app_version', scenario: 'scenario', priority: 'priority', tier: 'tier', status: 'status',
  owner: 'owner', tags: 'tags', description: 'description', firstResponseAt: 'first_response_at', resolvedAt: 'resolved_at', closedAt: 'closed_at',
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

/** Writes the given fields and `updated_at`; returns false when there is no such case. */
export async function updateCase(db: Db, id: string, patch: CasePatch, now: number): Promise<boolean> {
  const sets: string[] = ['updated_at = ?']
  const params: SqlValue[] = [now]
  for (const [key, value] of Object.entries(patch) as [keyof CasePatch, CasePatch[keyof CasePatch]][]) {
    if (value === undefined || !(key in COLUMNS)) continue
    sets.push(`${COLUMNS[key]} = ?`)
    params.push(key === 'tags' ? JSON.stringify(value) : (value as SqlValue))
  }
  return (await db.run(`UPDATE cases SET ${sets.join(', ')} WHERE id = ?`, [...params, id])).changes > 0
}

/** Deletes a case and everything in it (bundles, entries, log lines, annotations, history: cascades). */
export async function deleteCase(db: Db, id: string): Promise<boolean> {
  return (await db.run('DELETE FROM cases WHERE id = ?', [id])).changes > 0
}

export const CASE_SORTS = ['updated', 'created', 'priority', 'status', 'title', 'due'] as const
export type CaseSort = (typeof CASE_SORTS)[number]

export interface CaseListFilter {
  query?: string
  statuses?: readonly string[]
  priorities?: readonly string[]
  scenarios?: readonly string[]
  tiers?: readonly number[]
  owner?: string
  tag?: string
  sort?: CaseSort
  order?: 'asc' | 'desc'
  limit?: number
  offset?: number
  /** Per priority: first-response and resolution targets in ms (for sorting by the next due time). */
  dueMs?: Record<string, { firstResponse: number; resolution: number }>
}

const STATUS_ORDER = "CASE c.status WHEN 'new' THEN 0 WHEN 'investigating' THEN 1 WHEN 'escalated' THEN 2 WHEN 'resolved' THEN 3 ELSE 4 END"

function dueSql(dueMs: NonNullable<CaseListFilter['dueMs']>, params: SqlValue[]): string {
  const target = (which: 'firstResponse' | 'resolution') => {
    const parts = Object.entries(dueMs).map(([p, t]) => {
      params.push(p, t[which])
      return 'WHEN ? THEN ?'
    })
    return `CASE c.priority ${parts.join(' ')} ELSE 0 END`
  }
  // Placeholders are numbered by position: build the fragments in the order they appear.
  const first = target('firstResponse')
  const resolution = target('resolution')
  const resolutionAgain = target('resolution')
  return `CASE WHEN c.resolved_at IS NOT NULL OR c.closed_at IS NOT NULL THEN NULL
    WHEN c.first_response_at IS NULL THEN MIN(c.created_at + ${first}, c.created_at + ${resolution}) ELSE c.created_at + ${resolutionAgain} END`
}

function inList(col: string, values: readonly (string | number)[] | undefined, where: string[], params: SqlValue[]): void {
  if (values === undefined) return
  where.push(values.length ? `${col} IN (${values.map(() => '?').join(',')})` : '0')
  params.push(...values)
}

/** The case list: every filter ANDed; each query word must match the case or one of its notes. */
export function listCases(db: Db, f: CaseListFilter = {}): Promise<CaseRow[]> {
  const where: string[] = []
  const params: SqlValue[] = []
  for (const term of (f.query ?? '').split(/\s+/).filter(Boolean)) {
    const m = ftsTermFilter(term, ['case', 'note'])
    where.push(`c.id IN (${m.sql})`)
    params.push(...m.params)
  }
  inList('c.status', f.statuses, where, params)
  inList('c.priority', f.priorities, where, params)
  inList('c.scenario', f.scenarios, where, params)
  inList('c.tier', f.tiers, where, params)
  if (f.owner) {
    where.push('c.owner = ?')
    params.push(f.owner)
  }
  if (f.tag) {
    where.push('EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)')
    params.push(f.tag)
  }
  const dir = f.order === 'asc' ? 'ASC' : 'DESC'
  const sort = f.sort ?? 'updated'
  const orderParams: SqlValue[] = []
  const order = sort === 'due' && f.dueMs
    ? `due IS NULL, due ${dir}`
    : { updated: `c.updated_at ${dir}`, created: `c.created_at ${dir}`, priority: `c.priority ${dir}, c.updated_at DESC`, status: `${STATUS_ORDER} ${dir}, c.updated_at DESC`, title: `c.title COLLATE NOCASE ${dir}`, due: `c.updated_at ${dir}` }[sort]
  const due = sort === 'due' && f.dueMs ? `, ${dueSql(f.dueMs, orderParams)} AS due` : ''
  const sql = `SELECT c.*, (SELECT COUNT(*) FROM bundles b WHERE b.case_id = c.id) AS bundle_count${due} FROM cases c
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}, c.id LIMIT ? OFFSET ?`
  return db.all<CaseRow>(sql, [...orderParams, ...params, f.limit ?? 1000, f.offset ?? 0])
}

export async function touchCase(db: Db, id: string, now: number): Promise<void> {
  await db.run('UPDATE cases SET updated_at = ? WHERE id = ?', [now, id])
}

export async function hasDemoCase(db: Db): Promise<boolean> {
  return (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM cases WHERE is_demo = 1'))!.n > 0
}
