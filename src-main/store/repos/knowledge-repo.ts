/**
 * The knowledge base queries: full-text search over cases, annotation notes and findings (`<kind>_fts`,
 * trigram, migration 5) and over log lines (`log_fts`, unicode61), and the raw material of
 * similar-case ranking (shared finding signatures, shared root-cause categories). Words of three or
 * more characters use the index; shorter words (e.g. two Chinese characters) fall back to LIKE.
 */
import type { Db, SqlValue } from '../db'

export type KbKind = 'case' | 'note' | 'finding'

/** An FTS5 string literal: the word as one quoted phrase, never FTS syntax. */
export function ftsPhrase(word: string): string {
  return `"${word.replaceAll('"', '""')}"`
}

const likeOf = (word: string) => `%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
const isIndexable = (word: string) => [...word].length >= 3

/** A subquery selecting the ids of cases that have a document of `kinds` containing `word`. */
export function ftsTermFilter(word: string, kinds: readonly KbKind[]): { sql: string; params: SqlValue[] } {
  if (isIndexable(word)) {
    // CROSS JOIN keeps the index outermost: the planner would otherwise loop over kb_doc and run MATCH per row.
    return {
      sql: kinds.map((k) => `SELECT d.case_id FROM ${k}_fts CROSS JOIN kb_doc d ON d.id = ${k}_fts.rowid WHERE ${k}_fts MATCH ?`).join(' UNION '),
      params: kinds.map(() => ftsPhrase(word)),
    }
  }
  const parts = kinds.map((k) => SHORT_WORD[k].select)
  return { sql: parts.join(' UNION '), params: kinds.flatMap((k) => SHORT_WORD[k].columns.map(() => likeOf(word))) }
}

/** Where a word too short for the trigram index is looked for: the source tables themselves. */
const SHORT_WORD: Record<KbKind, { select: string; columns: string[] }> = {
  case: { select: '', columns: ['title', 'customer', 'owner', 'tags', 'description'] },
  note: { select: '', columns: ['note', 'category'] },
  finding: { select: '', columns: ['title_en', 'title_zh', 'signature'] },
}
for (const [kind, table, id] of [['case', 'cases', 'id'], ['note', 'annotations', 'case_id'], ['finding', 'case_findings', 'case_id']] as const) {
  SHORT_WORD[kind].select = `SELECT ${id} FROM ${table} WHERE ${likeAny(SHORT_WORD[kind].columns)}`
}

function likeAny(columns: readonly string[]): string {
  return `(${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`
}

/** Hits of one kind read straight from its source table (only words too short for the index). */
const SOURCE_HITS: Record<KbKind, { from: string; select: string; order: string }> = {
  case: { from: 'cases x JOIN cases c ON c.id = x.id', select: "'case' AS kind, x.id AS ref, x.id AS case_id, x.title AS title, substr(x.description, 1, 160) AS snippet", order: 'x.rowid' },
  note: { from: 'annotations x JOIN cases c ON c.id = x.case_id', select: "'note' AS kind, x.id AS ref, x.case_id, x.category AS title, substr(x.note, 1, 160) AS snippet", order: 'x.rowid' },
  finding: { from: 'case_findings x JOIN cases c ON c.id = x.case_id', select: "'finding' AS kind, x.case_id || '/' || x.finding_id AS ref, x.case_id, x.title_en || ' / ' || x.title_zh AS title, x.signature AS snippet", order: 'x.id' },
}

export interface KbHitRow { kind: KbKind; ref: string; case_id: string; case_title: string; title: string; snippet: string }

/** Highlight markers in snippets (the UI turns them into <mark>). */
export const HIT_START = '\u0002'
export const HIT_END = '\u0003'

/** Per kind, up to `limit` documents containing every word, newest first (rowid order: cheap at any size). */
export async function searchDocs(db: Db, words: readonly string[], kinds: readonly KbKind[], caseId: string | null, limit: number): Promise<KbHitRow[]> {
  const long = words.filter(isIndexable)
  const short = words.filter((w) => !isIndexable(w))
  const out: KbHitRow[] = []
  for (const kind of kinds) {
    const where: string[] = []
    const params: SqlValue[] = []
    if (!long.length) {
      // No word the index can take: scan the source table (its rows are smaller than the index's copy).
      const src = SOURCE_HITS[kind]
      for (const w of short) {
        where.push(likeAny(SHORT_WORD[kind].columns.map((col) => `x.${col}`)))
        params.push(...SHORT_WORD[kind].columns.map(() => likeOf(w)))
      }
      if (caseId) {
        where.push('c.id = ?')
        params.push(caseId)
      }
      out.push(...await db.all<KbHitRow>(`SELECT ${src.select}, c.title AS case_title FROM ${src.from} WHERE ${where.join(' AND ') || '1'} ORDER BY ${src.order} DESC LIMIT ?`, [...params, limit]))
      continue
    }
    const fts = `${kind}_fts`
    where.push(`${fts} MATCH ?`)
    params.push(long.map(ftsPhrase).join(' AND '))
    for (const w of short) {
      where.push(`(${fts}.title LIKE ? ESCAPE '\\' OR ${fts}.body LIKE ? ESCAPE '\\')`)
      params.push(likeOf(w), likeOf(w))
    }
    if (caseId) {
      where.push('d.case_id = ?')
      params.push(caseId)
    }
    // CROSS JOIN keeps the index outermost, read newest first: the LIMIT stops it early.
    out.push(...await db.all<KbHitRow>(
      `SELECT d.kind, d.ref, d.case_id, c.title AS case_title, ${fts}.title AS title, snippet(${fts}, -1, '${HIT_START}', '${HIT_END}', '…', 48) AS snippet
       FROM ${fts} CROSS JOIN kb_doc d ON d.id = ${fts}.rowid CROSS JOIN cases c ON c.id = d.case_id
       WHERE ${where.join(' AND ')} ORDER BY ${fts}.rowid DESC LIMIT ?`, [...params, limit]))
  }
  return out
}

export interface LogHitRow { id: number; entry_id: number; line: number; t: number | null; message: string; snippet: string; case_id: string; case_title: string; path: string }

/** Log lines containing every word (unicode61 tokens; quoted, so no FTS syntax), newest first. */
export async function searchLogLines(db: Db, words: readonly string[], caseId: string | null, limit: number): Promise<LogHitRow[]> {
  if (!words.length) return []
  const match = words.map(ftsPhrase).join(' ')
  const detail = `SELECT l.id, l.entry_id, l.line, l.t + e.clock_offset_ms AS t, l.message, e.path, b.case_id, c.title AS case_title
    FROM log_lines l JOIN entries e ON e.id = l.entry_id JOIN bundles b ON b.id = e.bundle_id JOIN cases c ON c.id = b.case_id`
  if (caseId) {
    return db.all<LogHitRow>(
      `SELECT x.*, snippet(log_fts, 0, '${HIT_START}', '${HIT_END}', '…', 16) AS snippet FROM log_fts CROSS JOIN (${detail}) x ON x.id = log_fts.rowid
       WHERE log_fts MATCH ? AND x.case_id = ? ORDER BY log_fts.rowid DESC LIMIT ?`, [match, caseId, limit])
  }
  // Two steps: the index alone finds the newest matching rowids, then only those rows are joined.
  const ids = await db.all<{ id: number; snippet: string }>(
    `SELECT rowid AS id, snippet(log_fts, 0, '${HIT_START}', '${HIT_END}', '…', 16) AS snippet FROM log_fts WHERE log_fts MATCH ? ORDER BY rowid DESC LIMIT ?`,
    [match, limit])
  if (!ids.length) return []
  const rows = await db.all<Omit<LogHitRow, 'snippet'>>(`${detail} WHERE l.id IN (${ids.map(() => '?').join(',')})`, ids.map((r) => r.id))
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((r) => {
    const row = byId.get(r.id)
    return row ? [{ ...row, snippet: r.snippet }] : []
  })
}

/** How many stored findings carry each of `signatures` (document frequency, for weighting). */
export function signatureFrequency(db: Db, signatures: readonly string[]): Promise<{ signature: string; n: number }[]> {
  if (!signatures.length) return Promise.resolve([])
  return db.all(`SELECT signature, COUNT(*) AS n FROM case_findings WHERE signature IN (${signatures.map(() => '?').join(',')}) GROUP BY signature`, [...signatures])
}

/** Root-cause categories: how many annotations carry each (for weighting). */
export function categoryFrequency(db: Db, categories: readonly string[]): Promise<{ category: string; n: number }[]> {
  if (!categories.length) return Promise.resolve([])
  return db.all(`SELECT category, COUNT(*) AS n FROM annotations WHERE category IN (${categories.map(() => '?').join(',')}) GROUP BY category`, [...categories])
}

/** Per signature or category, the candidates looked at: the most recently analysed / annotated ones. */
export const CANDIDATES_PER_KEY = 3000

/**
 * Other cases scored by the weights of what they share with `caseId` (top `limit` of each kind).
 * Candidates per signature (category) are its CANDIDATES_PER_KEY newest rows, so a signature every
 * case has costs no more than a rare one.
 */
export async function sharedScores(db: Db, caseId: string, sigWeights: Map<string, number>, catWeights: Map<string, number>, limit: number):
Promise<{ bySignature: { case_id: string; score: number; shared: string }[]; byCategory: { case_id: string; score: number; shared: string }[] }> {
  const values = (m: Map<string, number>) => [...m].map(() => '(?, ?)').join(',')
  const flat = (m: Map<string, number>) => [...m].flat()
  // Each key's newest rows (the index is ordered by key, then rowid): a `factor` per row (annotation confidence).
  const newest = (table: string, key: string, factor: string, n: number) =>
    Array.from({ length: n }, () => `SELECT * FROM (SELECT case_id, ${key} AS k, ${factor} AS f FROM ${table} WHERE ${key} = ? ORDER BY rowid DESC LIMIT ${CANDIDATES_PER_KEY})`).join(' UNION ALL ')
  const query = (table: string, key: string, factor: string, weights: Map<string, number>) => db.all<{ case_id: string; score: number; shared: string }>(
    `WITH w(k, weight) AS (VALUES ${values(weights)}),
       x AS (SELECT case_id, k, MAX(f) AS f FROM (${newest(table, key, factor, weights.size)}) WHERE case_id <> ? GROUP BY case_id, k)
     SELECT x.case_id, SUM(w.weight * x.f) AS score, group_concat(x.k, char(10)) AS shared FROM x JOIN w ON w.k = x.k
     GROUP BY x.case_id ORDER BY score DESC, x.case_id LIMIT ?`, [...flat(weights), ...weights.keys(), caseId, limit])
  return {
    bySignature: sigWeights.size ? await query('case_findings', 'signature', '1.0', sigWeights) : [],
    byCategory: catWeights.size ? await query('annotations', 'category', 'COALESCE(confidence, 0.5)', catWeights) : [],
  }
}
