/**
 * Writes a case archive (see archive-format.ts) from one consistent snapshot of the store: a read
 * transaction on a second connection, so imports and edits go on meanwhile. Written to
 * `<path>.partial` and renamed when complete: a crash never leaves a half archive under the name.
 */
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { once } from 'node:events'
import { dirname } from 'node:path'
import { finished } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import type { ArchiveExportDto, EvidenceRefDto } from '../contract/cases-dto'
import { DomainError } from '../contract/errors'
import type { Taxonomy } from '../core/cases/taxonomy'
import type { Db } from '../store/db'
import { type Row, caseRows, eventLocator, logLineLocator, logLinePage, streamLocator } from '../store/repos/archive-repo'
import type { Store } from '../store/store'
import { ARCHIVE_FORMAT, type AnnotationLoc, type ArchiveHeader, SCENARIOS_VERSION, encodeRow } from './archive-format'

const PAGE = 5000

export async function exportArchive(store: Store, caseId: string, path: string, meta: { generator: string; now: number; taxonomy: Taxonomy }): Promise<ArchiveExportDto> {
  const reader = store.db.path === ':memory:' ? store.db : await store.db.sibling()
  const isOwn = reader !== store.db
  if (isOwn) await reader.exec('BEGIN')
  const tmp = `${path}.partial`
  try {
    const [caseRow] = await caseRows(reader, 'cases', caseId)
    if (!caseRow) throw new DomainError('NOT_FOUND', `no case ${caseId}`, { caseId })
    mkdirSync(dirname(path), { recursive: true })
    const gz = createGzip()
    const out = gz.pipe(createWriteStream(tmp))
    const hash = createHash('sha256')
    const counts: Record<string, number> = {}
    // Lines are gathered into ~256 KiB chunks: one gzip write per line costs more than the JSON.
    let chunk: string[] = []
    let chunkLen = 0
    const flush = async () => {
      const text = chunk.join('')
      chunk = []
      chunkLen = 0
      hash.update(text)
      if (!gz.write(text)) await once(gz, 'drain')
    }
    const write = async (obj: unknown, table?: string) => {
      const line = `${JSON.stringify(obj)}\n`
      chunk.push(line)
      chunkLen += line.length
      if (table) counts[table] = (counts[table] ?? 0) + 1
      if (chunkLen >= 256 * 1024) await flush()
    }
    const scenarios = await caseRows(reader, 'whatif_scenarios', caseId)
    const header: ArchiveHeader = { format: ARCHIVE_FORMAT, version: scenarios.length ? SCENARIOS_VERSION : 1, caseId, createdAt: meta.now, generator: meta.generator }
    await write(header)
    await write({ t: 'cases', r: encodeRow(caseRow) }, 'cases')
    const annotations = await caseRows(reader, 'annotations', caseId)
    const used = new Set(annotations.map((a) => String(a.category)))
    const categories = meta.taxonomy.categories.filter((c) => used.has(c.id))
    await write({ t: 'taxonomy', r: { groups: meta.taxonomy.groups.filter((g) => categories.some((c) => c.group === g.id)), categories } })
    for (const table of ['bundles', 'entries', 'connections', 'streams', 'series', 'events'] as const) {
      for (const row of await caseRows(reader, table, caseId)) await write({ t: table, r: encodeRow(row) }, table)
    }
    for (const a of annotations) await write({ t: 'annotations', r: encodeRow(a), loc: await locate(reader, a) }, 'annotations')
    for (const h of await caseRows(reader, 'case_history', caseId)) await write({ t: 'case_history', r: encodeRow(h) }, 'case_history')
    for (const w of scenarios) await write({ t: 'whatif_scenarios', r: encodeRow(w) }, 'whatif_scenarios')
    for (const e of await caseRows(reader, 'entries', caseId)) {
      let after = 0
      for (;;) {
        const page = await logLinePage(reader, Number(e.id), after, PAGE)
        for (const l of page) await write({ t: 'log_lines', r: l }, 'log_lines')
        if (page.length < PAGE) break
        after = Number(page[page.length - 1]!.id)
      }
    }
    await flush()
    const line = `${JSON.stringify({ t: 'end', counts, sha256: hash.digest('hex') })}\n`
    gz.end(line)
    await finished(out)
    renameSync(tmp, path)
    const fileHash = createHash('sha256')
    for await (const chunk of createReadStream(path)) fileHash.update(chunk as Buffer)
    return { path, bytes: statSync(path).size, sha256: fileHash.digest('hex'), counts }
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  } finally {
    if (isOwn) {
      await reader.exec('COMMIT').catch(() => undefined)
      await reader.close()
    }
  }
}

async function locate(db: Db, a: Row): Promise<AnnotationLoc> {
  const stream = a.stream_id === null ? null : ((await streamLocator(db, Number(a.stream_id))) ?? null)
  const evidence = await Promise.all((JSON.parse(String(a.evidence)) as EvidenceRefDto[]).map(async (r) =>
    r.kind === 'log' ? ((await logLineLocator(db, r.lineId)) ?? null) : r.kind === 'event' ? ((await eventLocator(db, r.eventId)) ?? null) : null))
  return { stream, evidence }
}
