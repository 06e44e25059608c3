/** Every migration, in order. Append only: ids are 1..n without gaps (checked by a test). */
import { migration0001 } from './0001-init'
import { migration0002 } from './0002-log-lines'
import { migration0003 } from './0003-log-viewer'
import { migration0004 } from './0004-shared-time-columns'
import { migration0005 } from './0005-cases-knowledge'
import { migration0006 } from './0006-whatif-scenarios'
import type { Migration } from './types'

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006]
export type { Migration }
