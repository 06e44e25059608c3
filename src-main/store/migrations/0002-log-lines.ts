/**
 * Migration 2: log lines kept per entry with full-text search (FTS5, external content, so the
 * text is stored once), bundle-level diagnostics (e.g. archive members refused), and each entry's
 * position in its bundle.
 */
import type { Migration } from './types'

export const migration0002: Migration = {
  id: 2,
  name: 'log-lines',
  sql: `
ALTER TABLE bundles ADD COLUMN diagnostics TEXT NOT NULL DEFAULT '[]';
ALTER TABLE entries ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
CREATE TABLE log_lines (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  t REAL,
  level TEXT,
  module TEXT,
  message TEXT NOT NULL
);
CREATE INDEX log_lines_entry_t ON log_lines(entry_id, t);
CREATE VIRTUAL TABLE log_fts USING fts5(message, content='log_lines', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER log_lines_deleted AFTER DELETE ON log_lines BEGIN
  INSERT INTO log_fts(log_fts, rowid, message) VALUES ('delete', old.id, old.message);
END;
`,
}
