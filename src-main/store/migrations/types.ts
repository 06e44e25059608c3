/** A schema migration: applied once, in id order, inside a transaction; never edited after release. */
export interface Migration {
  id: number
  name: string
  sql: string
}
