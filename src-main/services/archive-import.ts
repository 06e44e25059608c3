/**
 * Reads a case archive (see archive-format.ts) into the store in ONE long transaction, streaming:
 * nothing is committed unless the whole file was read and its checksum matched, so a damaged file or
 * a crash leaves the store as it was. Rows with text ids are matched: an existing case or annotation
 * is updated only when the archive's copy is newer; a bundle already stored (same id, or same sha256
 * in the case) is skipped with everything in it; history rows are added once. Integer ids are new.
 */
import { createHash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
import type { ArchiveImportDto, EvidenceRefDto } from '../contract/cases-dto'
import { DomainError } from '../contract/errors'
import { DEFAULT_TAXONOMY, type Taxonomy } from '../core/cases/taxonomy'
import type { Db } from '../store/db'
import {
  type Row, bundleBySha, entryAt, eventIn, exists, indexLogLines, insertRow, insertRows, logLineIn, nextHistorySeq, streamIn, tableColumns,
} from '../store/repos/archive-repo'
import { getSetting, setSetting } from '../store/repos/settings-repo'
import type { Store } from '../store/store'
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type AnnotationLoc, type ArchiveHeader, type Locator, decodeRow } from './archive-format'
import { TAXONOMY_KEY } from './annotation-service'
import { importScenarioRow } from './whatif-archive'

const BATCH = 2000
const TABLES = ['cases', 'bundles', 'entries', 'connections', 'streams', 'series', 'events', 'annotations', 'case_history', 'whatif_scenarios', 'log_lines'] as const

interface State {
  t: Db; caseId: string; isNewCase: boolean; cols: Map<string, Set<string>>
  bundles: Map<string, string>; newBundles: Set<string>; entries: Map<number, number>; streams: Map<number, number>; series: Map<number, number>
  pending: { table: 'events' | 'log_lines'; rows: Row[] } | null
  annotations: { row: Row; loc: AnnotationLoc }[]
  added: Record<string, number>; skipped: Record<string, number>; seen: Record<string, number>
}

export async function importArchive(store: Store, path: string): Promise<ArchiveImportDto> {
  if (!existsSync(path)) throw new DomainError('NOT_FOUND', `no file at ${path}`, { path })
  const name = path.split(/[\\/]/).pop() ?? path
  // The write queue first, the file after: lines read while waiting for the queue would be lost to
  // the async iterator below (it only sees lines emitted after it starts), and the import would hang.
  const tx = await store.bulk.begin()
  // readline does not end on an input error: close it ourselves, or a corrupt file would hang the import.
  let streamError: Error | null = null
  const gunzip = createGunzip()
  const lines = createInterface({ input: gunzip, crlfDelay: Infinity })
  const fail = (e: Error) => {
    streamError ??= e
    lines.close()
  }
  gunzip.on('error', fail)
  createReadStream(path).on('error', fail).pipe(gunzip)
  try {
    const hash = createHash('sha256')
    let s: State | null = null
    let end: { counts: Record<string, number>; sha256: string } | null = null
    for await (const line of lines) {
      if (end) throw new DomainError('INVALID_INPUT', `${name}: data after the end record`)
      const rec = JSON.parse(line) as { t?: string; r?: unknown; loc?: AnnotationLoc; format?: string; counts?: Record<string, number>; sha256?: string }
      if (rec.t === 'end') {
        end = { counts: rec.counts ?? {}, sha256: String(rec.sha256) }
        continue
      }
      hash.update(`${line}\n`)
      if (!s) s = await begin(tx.db, rec as unknown as ArchiveHeader, name)
      else await record(s, rec)
    }
    if (streamError) throw new DomainError('INVALID_INPUT', `${name} is damaged (${(streamError as Error).message}): nothing imported`)
    if (!s || !end) throw new DomainError('INVALID_INPUT', `${name} is truncated (no end record): nothing imported`)
    await flush(s)
    if (end.sha256 !== hash.digest('hex')) throw new DomainError('INVALID_INPUT', `${name} is damaged (checksum mismatch): nothing imported`)
    for (const table of TABLES) {
      if ((end.counts[table] ?? 0) !== (s.seen[table] ?? 0)) throw new DomainError('INVALID_INPUT', `${name} is damaged (${table}: ${s.seen[table] ?? 0} of ${end.counts[table] ?? 0} rows): nothing imported`)
    }
    await writeAnnotations(s)
    await tx.commit()
    return { caseId: s.caseId, isNewCase: s.isNewCase, added: s.added, skipped: s.skipped }
  } catch (e) {
    await tx.rollback()
    if (e instanceof DomainError) throw e
    throw new DomainError('INVALID_INPUT', `${name} is not a readable case archive: ${(e as Error).message}; nothing imported`)
  } finally {
    lines.close()
  }
}

async function begin(t: Db, h: ArchiveHeader, name: string): Promise<State> {
  if (h.format !== ARCHIVE_FORMAT) throw new DomainError('INVALID_INPUT', `${name} is not a case archive`)
  if (h.version > ARCHIVE_VERSION) throw new DomainError('INVALID_INPUT', `${name} was written by a newer workbench (archive version ${h.version})`)
  const cols = new Map<string, Set<string>>()
  for (const table of TABLES) cols.set(table, await tableColumns(t, table))
  return {
    t, caseId: String(h.caseId), isNewCase: false, cols, bundles: new Map(), newBundles: new Set(), entries: new Map(), streams: new Map(), series: new Map(),
    pending: null, annotations: [], added: {}, skipped: {}, seen: {},
  }
}

const bump = (m: Record<string, number>, k: string, n = 1): void => {
  m[k] = (m[k] ?? 0) + n
}

async function record(s: State, rec: { t?: string; r?: unknown; loc?: AnnotationLoc }): Promise<void> {
  if (rec.t === 'taxonomy') return mergeTaxonomy(s.t, rec.r as Taxonomy)
  const table = rec.t as (typeof TABLES)[number]
  if (!TABLES.includes(table)) throw new Error(`unknown record ${String(rec.t)}`)
  bump(s.seen, table)
  const row = decodeRow(rec.r)
  if (s.pending && s.pending.table !== table) await flush(s)
  const cols = s.cols.get(table)!
  const entry = (id: unknown) => s.entries.get(Number(id))
  switch (table) {
    case 'cases': {
      if (row.id !== s.caseId) throw new Error('the case record is not the header\'s case')
      const local = await exists(s.t, 'cases', s.caseId)
      s.isNewCase = !local
      if (!local) await insertRow(s.t, 'cases', cols, row, false)
      else if (Number(row.updated_at) > Number(local.updated_at)) await updateRow(s.t, 'cases', cols, row)
      return
    }
    case 'bundles': {
      const id = String(row.id)
      const local = (await exists(s.t, 'bundles', id)) ? id : await bundleBySha(s.t, s.caseId, String(row.sha256 ?? ''))
      if (local) {
        s.bundles.set(id, local)
        bump(s.skipped, 'bundles')
        return
      }
      await insertRow(s.t, 'bundles', cols, { ...row, case_id: s.caseId }, false)
      s.bundles.set(id, id)
      s.newBundles.add(id)
      bump(s.added, 'bundles')
      return
    }
    case 'entries':
      if (!s.newBundles.has(String(row.bundle_id))) return
      s.entries.set(Number(row.id), await insertRow(s.t, 'entries', cols, row, true))
      return bump(s.added, 'entries')
    case 'connections':
      if (entry(row.entry_id) === undefined) return
      await insertRow(s.t, 'connections', cols, { ...row, entry_id: entry(row.entry_id)! }, true)
      return
    case 'streams':
      if (entry(row.entry_id) === undefined) return
      s.streams.set(Number(row.id), await insertRow(s.t, 'streams', cols, { ...row, entry_id: entry(row.entry_id)! }, true))
      return
    case 'series': {
      if (entry(row.entry_id) === undefined) return
      const mapped = { ...row, entry_id: entry(row.entry_id)!, stream_id: row.stream_id === null ? null : (s.streams.get(Number(row.stream_id)) ?? null), t_from: row.t_from == null ? null : (s.series.get(Number(row.t_from)) ?? null) }
      s.series.set(Number(row.id), await insertRow(s.t, 'series', cols, mapped, true))
      return bump(s.added, 'series')
    }
    case 'events':
    case 'log_lines': {
      if (entry(row.entry_id) === undefined) return
      const mapped = table === 'events' ? { ...row, entry_id: entry(row.entry_id)!, stream_id: row.stream_id == null ? null : (s.streams.get(Number(row.stream_id)) ?? null) } : { ...row, entry_id: entry(row.entry_id)! }
      s.pending ??= { table, rows: [] }
      s.pending.rows.push(mapped)
      if (s.pending.rows.length >= BATCH) await flush(s)
      return
    }
    case 'annotations':
      if (row.case_id !== s.caseId) throw new Error('an annotation of another case')
      s.annotations.push({ row, loc: rec.loc ?? { stream: null, evidence: [] } })
      return
    case 'case_history': {
      if (row.case_id !== s.caseId) throw new Error('a history row of another case')
      if (await exists(s.t, 'case_history', String(row.id))) return bump(s.skipped, 'history')
      await insertRow(s.t, 'case_history', cols, { ...row, seq: await nextHistorySeq(s.t, s.caseId) }, false)
      return bump(s.added, 'history')
    }
    case 'whatif_scenarios':
      return bump((await importScenarioRow(s.t, s.caseId, row)) ? s.added : s.skipped, 'whatif_scenarios')
  }
}

async function flush(s: State): Promise<void> {
  const p = s.pending
  s.pending = null
  if (!p || !p.rows.length) return
  // Events and log lines come in id order, each batch one shape: the columns of its first row.
  const first = await insertRows(s.t, p.table, s.cols.get(p.table)!, p.rows)
  if (p.table === 'log_lines' && first !== null) await indexLogLines(s.t, first, first + p.rows.length - 1)
  bump(s.added, p.table === 'log_lines' ? 'logLines' : 'events', p.rows.length)
}

async function updateRow(t: Db, table: string, cols: Set<string>, row: Row): Promise<void> {
  const keys = Object.keys(row).filter((k) => cols.has(k) && k !== 'id')
  await t.run(`UPDATE ${table} SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`, [...keys.map((k) => row[k] ?? null), row.id ?? null])
}

/** Resolves a locator to this store's row id (bundles by the id they were matched to). */
async function resolve(s: State, loc: Locator | null): Promise<number | null> {
  if (!loc) return null
  const bundle = s.bundles.get(loc.bundle_id)
  const entryId = bundle ? await entryAt(s.t, bundle, loc.position) : null
  if (entryId === null) return null
  if ('key' in loc) return streamIn(s.t, entryId, loc.key)
  if ('line' in loc) return logLineIn(s.t, entryId, loc.line)
  return eventIn(s.t, entryId, loc.t, loc.type)
}

async function writeAnnotations(s: State): Promise<void> {
  const cols = s.cols.get('annotations')!
  for (const { row, loc } of s.annotations) {
    const local = await exists(s.t, 'annotations', String(row.id))
    if (local && Number(local.updated_at) >= Number(row.updated_at)) {
      bump(s.skipped, 'annotations')
      continue
    }
    const refs = JSON.parse(String(row.evidence ?? '[]')) as EvidenceRefDto[]
    const evidence: EvidenceRefDto[] = []
    for (const [i, r] of refs.entries()) {
      if (r.kind === 'finding') evidence.push(r)
      else {
        const id = await resolve(s, loc.evidence[i] ?? null)
        if (id !== null) evidence.push(r.kind === 'log' ? { ...r, lineId: id } : { ...r, eventId: id })
      }
    }
    const mapped = { ...row, stream_id: await resolve(s, loc.stream), evidence: JSON.stringify(evidence) }
    if (local) await updateRow(s.t, 'annotations', cols, mapped)
    else await insertRow(s.t, 'annotations', cols, mapped, false)
    bump(s.added, 'annotations')
  }
}

/** Adds the archive's categories (and their groups) that this store's taxonomy lacks. */
async function mergeTaxonomy(t: Db, incoming: Taxonomy): Promise<void> {
  if (!incoming || !Array.isArray(incoming.categories) || !Array.isArray(incoming.groups)) return
  const current = (await getSetting<Taxonomy>(t, TAXONOMY_KEY).catch(() => undefined)) ?? DEFAULT_TAXONOMY
  const groups = incoming.groups.filter((g) => !current.groups.some((x) => x.id === g.id))
  const categories = incoming.categories.filter((c) => !current.categories.some((x) => x.id === c.id))
  if (!groups.length && !categories.length) return
  await setSetting(t, TAXONOMY_KEY, { groups: [...current.groups, ...groups], categories: [...current.categories, ...categories] })
}
