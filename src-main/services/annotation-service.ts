/**
 * Root-cause annotations of a case and the taxonomy they use: create, update, delete (each in one
 * transaction with its history row), list, undo of the case's last edit, and the editable
 * taxonomy setting. Evidence must belong to the case; its labels (and a line's or event's time) are
 * filled in here so exports and other machines (archives) can show them without the referenced rows.
 */
import { randomUUID } from 'node:crypto'
import type { AnnotationDto, EvidenceRefDto, HistoryEntryDto, TaxonomyDto } from '../contract/cases-dto'
import { DomainError } from '../contract/errors'
import type { ParsedIn } from '../contract/methods'
import { DEFAULT_TAXONOMY, type Taxonomy, taxonomyIssues } from '../core/cases/taxonomy'
import type { Db } from '../store/db'
import {
  type AnnotationRecord, type AnnotationRow, caseEventRows, caseLogLines, caseStream, deleteAnnotation, getAnnotation, listAnnotations, putAnnotation, toRecord,
} from '../store/repos/annotations-repo'
import { getCase, touchCase } from '../store/repos/cases-repo'
import { listCaseFindings } from '../store/repos/findings-repo'
import { getSetting, setSetting } from '../store/repos/settings-repo'
import type { EventBus } from '../transport/event-bus'
import { caseHistory, recordEdit, toHistoryDto, undoLast } from './case-history'

export const TAXONOMY_KEY = 'rootCause.taxonomy'

export class AnnotationService {
  constructor(private readonly db: Db, private readonly now: () => number, private readonly bus: EventBus) {}

  async list(caseId: string): Promise<AnnotationDto[]> {
    await this.requireCase(this.db, caseId)
    return (await listAnnotations(this.db, caseId)).map(toDto)
  }

  async create(input: ParsedIn<'annotations.create'>): Promise<AnnotationDto> {
    const dto = await this.db.tx(async (t) => {
      await this.requireCase(t, input.caseId)
      const now = this.now()
      const record: AnnotationRecord = {
        id: randomUUID(), caseId: input.caseId, start: input.start, end: input.end, streamId: input.streamId,
        participant: await this.participant(t, input.caseId, input.streamId, input.participant), category: input.category,
        confidence: input.confidence, note: input.note, evidence: await this.checkEvidence(t, input.caseId, input.evidence), createdAt: now, updatedAt: now,
      }
      await putAnnotation(t, record)
      await touchCase(t, input.caseId, now)
      await recordEdit(t, { caseId: input.caseId, target: 'annotation', targetId: record.id, action: 'create', before: null, after: record, at: now })
      return toDto((await getAnnotation(t, record.id))!)
    })
    this.bus.emit('annotations.changed', { caseId: input.caseId })
    return dto
  }

  async update(input: ParsedIn<'annotations.update'>): Promise<AnnotationDto> {
    const dto = await this.db.tx(async (t) => {
      const row = await this.requireAnnotation(t, input.annotationId)
      if (input.expectedUpdatedAt !== undefined && input.expectedUpdatedAt !== row.updated_at) {
        throw new DomainError('CONFLICT', 'the annotation was changed elsewhere (another window?): reload it and try again', { updatedAt: row.updated_at })
      }
      const before = toRecord(row)
      const now = this.now()
      const streamId = input.streamId === undefined ? before.streamId : input.streamId
      const after: AnnotationRecord = {
        ...before, updatedAt: now, streamId,
        ...(input.start !== undefined ? { start: input.start } : {}), ...(input.end !== undefined ? { end: input.end } : {}),
        ...(input.category !== undefined ? { category: input.category } : {}), ...(input.confidence !== undefined ? { confidence: input.confidence } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
        participant: await this.participant(t, before.caseId, streamId, input.participant ?? (input.streamId !== undefined ? '' : before.participant)),
        evidence: input.evidence !== undefined ? await this.checkEvidence(t, before.caseId, input.evidence) : before.evidence,
      }
      if (after.end < after.start) throw new DomainError('INVALID_INPUT', 'end must not precede start')
      await putAnnotation(t, after)
      await touchCase(t, before.caseId, now)
      await recordEdit(t, { caseId: before.caseId, target: 'annotation', targetId: before.id, action: 'update', before, after, at: now })
      return toDto((await getAnnotation(t, before.id))!)
    })
    this.bus.emit('annotations.changed', { caseId: dto.caseId })
    return dto
  }

  async delete(annotationId: string): Promise<null> {
    const caseId = await this.db.tx(async (t) => {
      const before = toRecord(await this.requireAnnotation(t, annotationId))
      const now = this.now()
      await deleteAnnotation(t, annotationId)
      await touchCase(t, before.caseId, now)
      await recordEdit(t, { caseId: before.caseId, target: 'annotation', targetId: annotationId, action: 'delete', before, after: null, at: now })
      return before.caseId
    })
    this.bus.emit('annotations.changed', { caseId })
    return null
  }

  async history(caseId: string, limit: number): Promise<HistoryEntryDto[]> {
    await this.requireCase(this.db, caseId)
    return caseHistory(this.db, caseId, limit)
  }

  /** Reverts the case's newest edit (a field change or an annotation create/update/delete). */
  async undo(caseId: string): Promise<{ undone: HistoryEntryDto | null }> {
    const undone = await this.db.tx(async (t) => {
      await this.requireCase(t, caseId)
      return undoLast(t, caseId, this.now())
    })
    if (undone?.target === 'case') this.bus.emit('case.updated', { caseId })
    else if (undone) this.bus.emit('annotations.changed', { caseId })
    return { undone: undone ? toHistoryDto(undone) : null }
  }

  async taxonomy(): Promise<Taxonomy> {
    const saved = await getSetting<Taxonomy>(this.db, TAXONOMY_KEY).catch(() => undefined)
    return saved && Array.isArray(saved.groups) && Array.isArray(saved.categories) && taxonomyIssues(saved).length === 0 ? saved : DEFAULT_TAXONOMY
  }

  async setTaxonomy(t: TaxonomyDto): Promise<Taxonomy> {
    const issues = taxonomyIssues(t)
    if (issues.length) throw new DomainError('INVALID_INPUT', `taxonomy: ${issues.join('; ')}`)
    await this.db.tx((db) => setSetting(db, TAXONOMY_KEY, t))
    return t
  }

  private async requireCase(t: Db, caseId: string): Promise<void> {
    if (!(await getCase(t, caseId))) throw new DomainError('NOT_FOUND', `no case ${caseId}`, { caseId })
  }

  private async requireAnnotation(t: Db, id: string): Promise<AnnotationRow> {
    const row = await getAnnotation(t, id)
    if (!row) throw new DomainError('NOT_FOUND', `no annotation ${id}`, { annotationId: id })
    return row
  }

  /** The annotation's participant: the stream's when tied to one (which must be in the case), else as given. */
  private async participant(t: Db, caseId: string, streamId: number | null, given: string): Promise<string> {
    if (streamId === null) return given
    const s = await caseStream(t, caseId, streamId)
    if (!s) throw new DomainError('INVALID_INPUT', `stream ${streamId} is not in case ${caseId}`)
    return given || s.participant
  }

  /** Checks every reference belongs to the case and fills in its label. */
  private async checkEvidence(t: Db, caseId: string, refs: readonly EvidenceRefDto[]): Promise<EvidenceRefDto[]> {
    const lines = new Map((await caseLogLines(t, caseId, refs.flatMap((r) => (r.kind === 'log' ? [r.lineId] : [])))).map((l) => [l.id, l]))
    const events = new Map((await caseEventRows(t, caseId, refs.flatMap((r) => (r.kind === 'event' ? [r.eventId] : [])))).map((e) => [e.id, e]))
    const findings = refs.some((r) => r.kind === 'finding') ? new Map((await listCaseFindings(t, caseId)).map((f) => [f.finding_id, f])) : new Map()
    return refs.map((r) => {
      if (r.kind === 'log') {
        const l = lines.get(r.lineId)
        if (!l) throw new DomainError('INVALID_INPUT', `log line ${r.lineId} is not in case ${caseId}`)
        return { kind: 'log', lineId: r.lineId, label: `${l.path}:${l.line} ${l.message}`.slice(0, 500), ...(l.t !== null ? { t: l.t } : {}) }
      }
      if (r.kind === 'event') {
        const e = events.get(r.eventId)
        if (!e) throw new DomainError('INVALID_INPUT', `event ${r.eventId} is not in case ${caseId}`)
        return { ...r, label: `${e.type}: ${e.message}`.slice(0, 500), t: e.t }
      }
      const f = findings.get(r.findingId)
      // A finding id is kept even when the case has not been analysed since: findings are recomputed.
      return { ...r, signature: f?.signature ?? r.signature, label: (f ? f.title_en : r.label || r.findingId).slice(0, 500) }
    })
  }
}

export function toDto(r: AnnotationRow): AnnotationDto {
  return {
    id: r.id, caseId: r.case_id, start: r.t_start, end: r.t_end, streamId: r.stream_id, streamLabel: r.stream_label, participant: r.participant,
    category: r.category, confidence: r.confidence, note: r.note, evidence: JSON.parse(r.evidence) as EvidenceRefDto[], createdAt: r.created_at, updatedAt: r.updated_at,
  }
}
