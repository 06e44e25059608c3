/**
 * The knowledge base queries: full-text search over cases, annotation notes and findings (`kb_fts`,
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
  const kindList = kinds.map((k) => `'${k}'`).join(',')
  if (isIndexable(word)) {
    // CROSS JOIN keeps the index outermost: the planner would otherwise loop over kb_doc and run MATCH per row.
    return { sql: `SELECT d.case_id FROM kb_fts CROSS JOIN kb_doc d ON d.id = kb_fts.rowid WHERE kb_fts MATCH ? AND d.kind IN (${kindList})`, params: [ftsPhrase(word)] }
  }
  const like = likeOf(word)
  const parts: string[] = []
  const params: SqlValue[] = []
  if (kinds.includes('case')) {
    parts.push(`SELECT id FROM cases WHERE title LIKE ?1 ESCAPE '\\' OR customer LIKE ?1 ESCAPE '\\' OR owner LIKE ?1 ESCAPE '\\' OR tags LIKE ?1 ESCAPE '\\' OR description LIKE ?1 ESCAPE '\\'`.replaceAll('?1', '?'))
    params.push(like, like, like, like, like)
  }
  if (kinds.includes('note')) {
    parts.push(`SELECT case_id FROM annotations WHERE note LIKE ? ESCAPE '\\' OR category LIKE ? ESCAPE '\\'`)
    params.push(like, like)
  }
  if (kinds.includes('finding')) {
    parts.push(`SELECT case_id FROM case_findings WHERE title_en LIKE ? ESCAPE '\\' OR title_zh LIKE ? ESCAPE '\\' OR signature LIKE ? ESCAPE '\\'`)
    params.push(like, like, like)
  }
  return { sql: parts.join(' UNION '), params }
}

export interface KbHitRow { doc_id: number; kind: KbKind; ref: string; case_id: string; case_title: string; title: string; snippet: string }

/** Highlight markers in snippets (the UI turns them into <mark>). */
export const HIT_START = '\u0002'
export const HIT_END = '\u0003'

/** Documents of `kinds` containing every word, newest first (rowid order: cheap at any size). */
export function searchDocs(db: Db, words: readonly string[], kinds: readonly KbKind[], caseId: string | null, limit: number): Promise<KbHitRow[]> {
  const long = words.filter(isIndexable)
  const short = words.filter((w) => !isIndexable(w))
  const where: string[] = [`d.kind IN (${kinds.map((k) => `'${k}'`).join(',')})`]
  const params: SqlValue[] = []
  if (long.length) {
    where.push('kb_fts MATCH ?')
    params.push(long.map(ftsPhrase).join(' AND '))
  }
  for (const w of short) {
    where.push(`(kb_fts.title LIKE ? ESCAPE '\\' OR kb_fts.body LIKE ? ESCAPE '\\')`)
    params.push(likeOf(w), likeOf(w))
  }
  if (caseId) {
    where.push('d.case_id = ?')
    params.push(caseId)
  }
  const snippet = long.length ? `snippet(kb_fts, -1, '${HIT_START}', '${HIT_END}', '…', 48)` : 'substr(kb_fts.body, 1, 160)'
  return db.all<KbHitRow>(
    `SELECT d.id AS doc_id, d.kind, d.ref, d.case_id, c.title AS case_title, kb_fts.title AS title, ${snippet} AS snippet
     FROM kb_fts CROSS JOIN kb_doc d ON d.id = kb_fts.rowid CROSS JOIN cases c ON c.id = d.case_id
     WHERE ${where.join(' AND ')} ORDER BY kb_fts.rowid DESC LIMIT ?`, [...params, limit])
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

/** How many analysed cases carry each of `signatures` (document frequency, for weighting). */
export function signatureFrequency(db: Db, signatures: readonly string[]): Promise<{ signature: string; n: number }[]> {
  if (!signatures.length) return Promise.resolve([])
  return db.all(`SELECT signature, COUNT(DISTINCT case_id) AS n FROM case_findings WHERE signature IN (${signatures.map(() => '?').join(',')}) GROUP BY signature`, [...signatures])
}

/** Root-cause categories: how many cases carry each (for weighting). */
export function categoryFrequency(db: Db, categories: readonly string[]): Promise<{ category: string; n: number }[]> {
  if (!categories.length) return Promise.resolve([])
  return db.all(`SELECT category, COUNT(DISTINCT case_id) AS n FROM annotations WHERE category IN (${categories.map(() => '?').join(',')}) GROUP BY category`, [...categories])
}

/** Other cases scored by the weights of what they share with `caseId` (top `limit` of each kind). */
export async function sharedScores(db: Db, caseId: string, sigWeights: Map<string, number>, catWeights: Map<string, number>, limit: number):
Promise<{ bySignature: { case_id: string; score: number; shared: string }[]; byCategory: { case_id: string; score: number; shared: string }[] }> {
  const values = (m: Map<string, number>) => [...m].map(() => '(?, ?)').join(',')
  const flat = (m: Map<string, number>) => [...m].flat()
  const bySignature = sigWeights.size ? await db.all<{ case_id: string; score: number; shared: string }>(
    `WITH w(signature, weight) AS (VALUES ${values(sigWeights)})
     SELECT x.case_id, SUM(w.weight) AS score, group_concat(x.signature, char(10)) AS shared
     FROM (SELECT DISTINCT case_id, signature FROM case_findings WHERE signature IN (SELECT signature FROM w) AND case_id <> ?) x
     JOIN w ON w.signature = x.signature GROUP BY x.case_id ORDER BY score DESC LIMIT ?`, [...flat(sigWeights), caseId, limit]) : []
  const byCategory = catWeights.size ? await db.all<{ case_id: string; score: number; shared: string }>(
    `WITH w(category, weight) AS (VALUES ${values(catWeights)})
     SELECT x.case_id, SUM(w.weight * x.confidence) AS score, group_concat(x.category, char(10)) AS shared
     FROM (SELECT case_id, category, MAX(COALESCE(confidence, 0.5)) AS confidence FROM annotations WHERE category IN (SELECT category FROM w) AND case_id <> ? GROUP BY case_id, category) x
     JOIN w ON w.category = x.category GROUP BY x.case_id ORDER BY score DESC LIMIT ?`, [...flat(catWeights), caseId, limit]) : []
  return { bySignature, byCategory }
}
