/**
 * Migration 6: what-if scenarios saved with a case (issue 6). One row per (case, scenario id); the
 * scenario's patches are JSON (`body`: `{ patch?, audio?, video? }`, validated by the contract on
 * the way in). Deleting a case deletes its scenarios.
 */
import type { Migration } from './types'

export const migration0006: Migration = {
  id: 6,
  name: 'whatif-scenarios',
  sql: `
CREATE TABLE whatif_scenarios (
  case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  label TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (case_id, id)
);
`,
}
