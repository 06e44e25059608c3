/**
 * The case archive file (`.rtcwb`): gzip-compressed JSON lines. Line 1 is the header
 * `{ format: 'rtcwb-case-archive', version: 1, caseId, createdAt, generator }`; then one record per
 * row `{ t: <table>, r: <row> }` in dependency order (case, taxonomy, bundles, entries, connections,
 * streams, series, events, annotations, case_history, whatif_scenarios, log_lines); last `{ t: 'end', counts, sha256 }`
 * where sha256 covers every line before it (text + "\n"), so a truncated or altered archive is
 * refused as a whole. BLOB columns travel as `{ "$b64": "…" }`. Annotations carry `loc`: stable
 * locators (bundle id, entry position, stream key / line number / event time and type) of the rows
 * they point at, resolved again on the importing machine, whose integer ids differ.
 */
import type { Row } from '../store/repos/archive-repo'

export const ARCHIVE_FORMAT = 'rtcwb-case-archive'
/**
 * The newest archive version this build reads and writes. An archive carries the lowest version
 * that can read it: 2 only when it holds what-if scenarios (version 1 had none), so older builds
 * still open archives without them and refuse the others as "written by a newer workbench".
 */
export const ARCHIVE_VERSION = 2
/** The first version with `whatif_scenarios` records. */
export const SCENARIOS_VERSION = 2
export const ARCHIVE_EXT = 'rtcwb'

export interface ArchiveHeader { format: typeof ARCHIVE_FORMAT; version: number; caseId: string; createdAt: number; generator: string }

export type Locator =
  | { bundle_id: string; position: number; key: string }
  | { bundle_id: string; position: number; line: number }
  | { bundle_id: string; position: number; t: number; type: string }

export interface AnnotationLoc { stream: Locator | null; evidence: (Locator | null)[] }

export type JsonRow = Record<string, unknown>

/** Buffers (BLOB columns) as `{ $b64 }`; everything else as is. */
export function encodeRow(row: Row): JsonRow {
  const out: JsonRow = {}
  for (const [k, v] of Object.entries(row)) out[k] = Buffer.isBuffer(v) ? { $b64: v.toString('base64') } : v
  return out
}

/** The inverse of `encodeRow`; rejects values a column cannot hold. */
export function decodeRow(obj: unknown): Row {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('a record row is not an object')
  const out: Row = {}
  for (const [k, v] of Object.entries(obj as JsonRow)) {
    if (v !== null && typeof v === 'object' && typeof (v as { $b64?: unknown }).$b64 === 'string') out[k] = Buffer.from((v as { $b64: string }).$b64, 'base64')
    else if (v === null || typeof v === 'string' || typeof v === 'number') out[k] = v
    else if (typeof v === 'boolean') out[k] = v ? 1 : 0
    else throw new Error(`column ${k} holds a ${typeof v}`)
  }
  return out
}
