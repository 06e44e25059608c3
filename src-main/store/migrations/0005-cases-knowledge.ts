/**
 * Migration 5: case work and the knowledge base. Cases get their SLA stamps (first response,
 * resolved, closed); annotations a participant; every edit of a case or an annotation is kept in
 * `case_history` (before/after JSON, for undo); `case_findings` holds each analysed case's findings
 * (signatures make similar-case search a query) and `case_analysis` when that happened.
 * Full-text indexes (FTS5, trigram: substring search that works for Chinese too), one per kind so a
 * search of cases never walks the (many more) findings: `case_fts`, `note_fts` (annotation notes),
 * `finding_fts`. `kb_doc` maps their integer rowids to (kind, ref, case), maintained by triggers
 * (the source tables have text keys, and implicit rowids may change on VACUUM).
 */
import type { Migration } from './types'

/** Triggers keeping one kind of document in kb_doc and `<kind>_fts` in step with its source table. */
function indexed(kind: string, table: string, ref: string, caseId: string, title: string, body: string, watched: string): string {
  const fts = `${kind}_fts`
  const doc = (row: 'new' | 'old') => `(SELECT id FROM kb_doc WHERE kind = '${kind}' AND ref = ${ref.replaceAll('$', row)})`
  const put = `INSERT INTO kb_doc (kind, ref, case_id) VALUES ('${kind}', ${ref.replaceAll('$', 'new')}, ${caseId.replaceAll('$', 'new')});
  INSERT INTO ${fts} (rowid, title, body) VALUES (${doc('new')}, ${title.replaceAll('$', 'new')}, ${body.replaceAll('$', 'new')});`
  const drop = `DELETE FROM ${fts} WHERE rowid = ${doc('old')};
  DELETE FROM kb_doc WHERE kind = '${kind}' AND ref = ${ref.replaceAll('$', 'old')};`
  return `
CREATE TRIGGER kb_${kind}_inserted AFTER INSERT ON ${table} BEGIN
  ${put}
END;
CREATE TRIGGER kb_${kind}_updated AFTER UPDATE OF ${watched} ON ${table} BEGIN
  ${drop}
  ${put}
END;
CREATE TRIGGER kb_${kind}_deleted AFTER DELETE ON ${table} BEGIN
  ${drop}
END;`
}

/** What a case document says besides its title: customer, owner, version, tags (as words) and description. */
const CASE_BODY = "$.customer || ' ' || $.owner || ' ' || $.app_version || ' ' || COALESCE((SELECT group_concat(value, ' ') FROM json_each($.tags)), '') || ' ' || $.description"

export const migration0005: Migration = {
  id: 5,
  name: 'cases-knowledge',
  sql: `
ALTER TABLE cases ADD COLUMN first_response_at INTEGER;
ALTER TABLE cases ADD COLUMN resolved_at INTEGER;
ALTER TABLE cases ADD COLUMN closed_at INTEGER;
CREATE INDEX cases_updated ON cases(updated_at);
ALTER TABLE annotations ADD COLUMN participant TEXT NOT NULL DEFAULT '';
CREATE INDEX annotations_category ON annotations(category);
CREATE TABLE case_history (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  target TEXT NOT NULL,
  target_id TEXT NOT NULL,
  action TEXT NOT NULL,
  before TEXT,
  after TEXT,
  at INTEGER NOT NULL,
  undone_by TEXT
);
CREATE UNIQUE INDEX case_history_case ON case_history(case_id, seq);
CREATE TABLE case_findings (
  id INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  finding_id TEXT NOT NULL,
  signature TEXT NOT NULL,
  detector_id TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  title_en TEXT NOT NULL,
  title_zh TEXT NOT NULL,
  explanation TEXT NOT NULL DEFAULT '',
  t_start REAL NOT NULL,
  t_end REAL NOT NULL,
  participant TEXT NOT NULL DEFAULT '',
  stream_key TEXT NOT NULL DEFAULT '',
  UNIQUE (case_id, finding_id)
);
CREATE INDEX case_findings_signature ON case_findings(signature, id);
CREATE TABLE case_analysis (
  case_id TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  analyzed_at INTEGER NOT NULL,
  findings INTEGER NOT NULL
);
CREATE TABLE kb_doc (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  case_id TEXT NOT NULL,
  UNIQUE (kind, ref)
);
CREATE INDEX kb_doc_case ON kb_doc(case_id);
CREATE VIRTUAL TABLE case_fts USING fts5(title, body, tokenize = 'trigram');
CREATE VIRTUAL TABLE note_fts USING fts5(title, body, tokenize = 'trigram');
CREATE VIRTUAL TABLE finding_fts USING fts5(title, body, tokenize = 'trigram');
${indexed('case', 'cases', '$.id', '$.id', '$.title', CASE_BODY, 'title, customer, owner, app_version, tags, description')}
${indexed('note', 'annotations', '$.id', '$.case_id', '$.category', '$.note', 'category, note')}
${indexed('finding', 'case_findings', "$.case_id || '/' || $.finding_id", '$.case_id', "$.title_en || ' / ' || $.title_zh",
    "$.signature || ' ' || $.explanation", 'title_en, title_zh, signature, explanation')}
INSERT INTO kb_doc (kind, ref, case_id) SELECT 'case', id, id FROM cases;
INSERT INTO case_fts (rowid, title, body) SELECT d.id, c.title, ${CASE_BODY.replaceAll('$', 'c')}
  FROM cases c JOIN kb_doc d ON d.kind = 'case' AND d.ref = c.id;
INSERT INTO kb_doc (kind, ref, case_id) SELECT 'note', id, case_id FROM annotations;
INSERT INTO note_fts (rowid, title, body) SELECT d.id, a.category, a.note FROM annotations a JOIN kb_doc d ON d.kind = 'note' AND d.ref = a.id;
`,
}
