/**
 * Case archives: export one case (to a path, or to `<data dir>/exports/`) and import an archive,
 * after which the case's findings are refreshed so similar-case search knows it.
 */
import { join } from 'node:path'
import type { ArchiveExportDto, ArchiveImportDto } from '../contract/cases-dto'
import { getCase } from '../store/repos/cases-repo'
import type { Store } from '../store/store'
import type { EventBus } from '../transport/event-bus'
import type { AnnotationService } from './annotation-service'
import { ARCHIVE_EXT } from './archive-format'
import { exportArchive } from './archive-export'
import { importArchive } from './archive-import'
import { slug } from './export-service'
import type { KnowledgeService } from './knowledge-service'

export class ArchiveService {
  constructor(private readonly deps: {
    store: Store; dataDir: string; bus: EventBus; annotations: AnnotationService; knowledge: KnowledgeService; now: () => number; version: string
  }) {}

  async export(caseId: string, path?: string): Promise<ArchiveExportDto> {
    const row = await getCase(this.deps.store.db, caseId)
    const target = path ?? join(this.deps.dataDir === ':memory:' ? '.' : this.deps.dataDir, 'exports', `case-${slug(row?.title ?? 'case')}-${caseId.slice(0, 8)}.${ARCHIVE_EXT}`)
    return exportArchive(this.deps.store, caseId, target, {
      generator: `RTC Workbench ${this.deps.version}`, now: this.deps.now(), taxonomy: await this.deps.annotations.taxonomy(),
    })
  }

  async import(path: string): Promise<ArchiveImportDto> {
    const result = await importArchive(this.deps.store, path)
    await this.deps.knowledge.refresh(result.caseId).catch(() => undefined)
    this.deps.bus.emit('case.updated', { caseId: result.caseId })
    return result
  }
}
