/** Migration 1: cases, bundles and what each bundle entry held (connections, streams, series, events), annotations and settings. */
import type { Migration } from './types'

export const migration0001: Migration = {
  id: 1,
  name: 'init',
  sql: `
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  customer TEXT NOT NULL DEFAULT '',
  app_version TEXT NOT NULL DEFAULT '',
  scenario TEXT NOT NULL DEFAULT 'other',
  priority TEXT NOT NULL DEFAULT 'P2',
  tier INTEGER NOT NULL DEFAULT 2,
  status TEXT NOT NULL DEFAULT 'new',
  owner TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '[]',
  description TEXT NOT NULL DEFAULT '',
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE bundles (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  source_path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  imported_at INTEGER NOT NULL,
  t_start REAL,
  t_end REAL
);
CREATE INDEX bundles_case ON bundles(case_id);
CREATE TABLE entries (
  id INTEGER PRIMARY KEY,
  bundle_id TEXT NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  kind TEXT NOT NULL,
  format TEXT NOT NULL,
  encoding TEXT,
  size_bytes INTEGER NOT NULL,
  participant TEXT NOT NULL DEFAULT '',
  clock_offset_ms REAL NOT NULL DEFAULT 0,
  meta TEXT NOT NULL DEFAULT '{}',
  diagnostics TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX entries_bundle ON entries(bundle_id);
CREATE TABLE connections (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  label TEXT,
  participant TEXT,
  meta TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX connections_entry ON connections(entry_id);
CREATE TABLE streams (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
  connection_key TEXT,
  key TEXT NOT NULL,
  kind TEXT NOT NULL,
  direction TEXT NOT NULL,
  ssrc INTEGER,
  codec TEXT,
  layer TEXT,
  label TEXT NOT NULL DEFAULT '',
  participant TEXT NOT NULL DEFAULT '',
  meta TEXT NOT NULL DEFAULT '{}',
  summary TEXT
);
CREATE INDEX streams_entry ON streams(entry_id);
CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
  stream_id INTEGER REFERENCES streams(id) ON DELETE CASCADE,
  connection_key TEXT,
  metric TEXT NOT NULL,
  unit TEXT NOT NULL,
  n INTEGER NOT NULL,
  t_start REAL,
  t_end REAL,
  v_min REAL,
  v_max REAL,
  v_mean REAL,
  t BLOB NOT NULL,
  v BLOB NOT NULL
);
CREATE INDEX series_entry ON series(entry_id);
CREATE INDEX series_stream ON series(stream_id);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
  t REAL NOT NULL,
  type TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT NOT NULL,
  stream_id INTEGER REFERENCES streams(id) ON DELETE CASCADE,
  connection_key TEXT,
  line INTEGER,
  data TEXT
);
CREATE INDEX events_entry_t ON events(entry_id, t);
CREATE TABLE annotations (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  t_start REAL NOT NULL,
  t_end REAL NOT NULL,
  stream_id INTEGER REFERENCES streams(id) ON DELETE SET NULL,
  category TEXT NOT NULL,
  confidence REAL,
  note TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX annotations_case ON annotations(case_id);
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
}
