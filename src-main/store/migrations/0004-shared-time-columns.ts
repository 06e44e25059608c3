/**
 * Migration 4: series of one stats object share one sample-time column. A series whose times are
 * another series' times stores an empty `t` and points at that series with `t_from` (same entry,
 * written in the same transaction), halving what a dump writes.
 */
import type { Migration } from './types'

export const migration0004: Migration = {
  id: 4,
  name: 'shared-time-columns',
  sql: `ALTER TABLE series ADD COLUMN t_from INTEGER;`,
}
