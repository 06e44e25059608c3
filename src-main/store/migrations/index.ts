/** Every migration, in order. Append only: ids are 1..n without gaps (checked by a test). */
import { migration0001 } from './0001-init'
import type { Migration } from './types'

export const MIGRATIONS: readonly Migration[] = [migration0001]
export type { Migration }
