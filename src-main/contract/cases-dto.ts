/**
 * Wire shapes of case work (issue 7): SLA targets, root-cause annotations with evidence, the edit
 * history, the root-cause taxonomy, stored findings, knowledge-base search and similar cases,
 * report exports (with what redaction replaced) and case archives. JSON-safe; times are epoch ms.
 */
import { z } from 'zod'
import { CaseSummaryDto, EpochMs, Id, PRIORITIES } from './dto'

const Minutes = z.number().int().min(1).max(365 * 24 * 60)
export const SlaTargetsDto = z.object(Object.fromEntries(PRIORITIES.map((p) => [p, z.object({ firstResponseMin: Minutes, resolutionMin: Minutes }).strict()])) as
  Record<(typeof PRIORITIES)[number], z.ZodObject<{ firstResponseMin: typeof Minutes; resolutionMin: typeof Minutes }>>).strict()
export type SlaTargetsDto = z.infer<typeof SlaTargetsDto>

/**
 * Evidence of an annotation: a finding (by id, with its signature), a log line or an event (by id).
 * A line's or event's `t` (epoch ms, clock offset applied, as the log viewer sorts it) is filled in by
 * the main side when the annotation is saved, so the UI can jump there; absent on older annotations
 * and for lines without any time.
 */
const EvidenceTime = z.number().finite().optional()
export const EvidenceRefDto = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('finding'), findingId: z.string().min(1).max(300), signature: z.string().max(300).default(''), label: z.string().max(500).default('') }).strict(),
  z.object({ kind: z.literal('log'), lineId: z.number().int().positive(), label: z.string().max(500).default(''), t: EvidenceTime }).strict(),
  z.object({ kind: z.literal('event'), eventId: z.number().int().positive(), label: z.string().max(500).default(''), t: EvidenceTime }).strict(),
])
export type EvidenceRefDto = z.infer<typeof EvidenceRefDto>

export const CategoryId = z.string().min(1).max(100).regex(/^[a-z0-9][a-z0-9.-]*$/, 'a category id is lowercase letters, digits, . and -')

export const AnnotationDto = z.object({
  id: Id,
  caseId: Id,
  start: EpochMs,
  end: EpochMs,
  streamId: z.number().int().nullable(),
  streamLabel: z.string().nullable(),
  participant: z.string(),
  category: z.string(),
  /** 0..1, or null when not stated. */
  confidence: z.number().min(0).max(1).nullable(),
  /** Markdown (the UI renders it sanitised). */
  note: z.string(),
  evidence: z.array(EvidenceRefDto),
  createdAt: EpochMs,
  updatedAt: EpochMs,
})
export type AnnotationDto = z.infer<typeof AnnotationDto>

const AnnotationFields = {
  start: EpochMs,
  end: EpochMs,
  streamId: z.number().int().positive().nullable(),
  participant: z.string().max(200),
  category: CategoryId,
  confidence: z.number().min(0).max(1).nullable(),
  note: z.string().max(100_000),
  evidence: z.array(EvidenceRefDto).max(200),
}

export const AnnotationCreateInput = z.object({
  caseId: Id, start: AnnotationFields.start, end: AnnotationFields.end, category: AnnotationFields.category,
  streamId: AnnotationFields.streamId.default(null), participant: AnnotationFields.participant.default(''),
  confidence: AnnotationFields.confidence.default(null), note: AnnotationFields.note.default(''), evidence: AnnotationFields.evidence.default([]),
}).strict().refine((a) => a.end >= a.start, 'end must not precede start')

export const AnnotationUpdateInput = z.object({
  annotationId: Id,
  /** When given, the update is refused (CONFLICT) if the annotation changed since (another window). */
  expectedUpdatedAt: EpochMs.optional(),
  ...Object.fromEntries(Object.entries(AnnotationFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof AnnotationFields]: z.ZodOptional<(typeof AnnotationFields)[K]> },
}).strict()

export const HistoryEntryDto = z.object({
  id: Id,
  seq: z.number().int(),
  target: z.enum(['case', 'annotation']),
  targetId: z.string(),
  action: z.enum(['create', 'update', 'delete', 'undo']),
  at: EpochMs,
  /** What changed, in short (field names and values), e.g. `status: new → investigating`. */
  summary: z.string(),
  undoneBy: z.string().nullable(),
  isUndoable: z.boolean(),
})
export type HistoryEntryDto = z.infer<typeof HistoryEntryDto>

const Label = z.object({ en: z.string().min(1).max(100), zh: z.string().min(1).max(100) }).strict()
export const TaxonomyDto = z.object({
  groups: z.array(z.object({ id: z.string().min(1).max(40).regex(/^[a-z0-9-]+$/), label: Label }).strict()).min(1).max(50),
  categories: z.array(z.object({ id: CategoryId, group: z.string().min(1).max(40), label: Label }).strict()).min(1).max(500),
}).strict()
export type TaxonomyDto = z.infer<typeof TaxonomyDto>

export const CaseFindingDto = z.object({
  id: z.string(),
  signature: z.string(),
  detectorId: z.string(),
  category: z.string(),
  severity: z.enum(['info', 'warning', 'error']),
  title: z.object({ en: z.string(), zh: z.string() }),
  start: EpochMs,
  end: EpochMs,
  participant: z.string(),
  streamKey: z.string(),
})
export type CaseFindingDto = z.infer<typeof CaseFindingDto>

export const CaseFindingsDto = z.object({ caseId: Id, analyzedAt: EpochMs.nullable(), findings: z.array(CaseFindingDto) })
export type CaseFindingsDto = z.infer<typeof CaseFindingsDto>

export const KB_KINDS = ['case', 'note', 'finding', 'log'] as const
export const SearchHitDto = z.object({
  kind: z.enum(KB_KINDS),
  caseId: Id,
  caseTitle: z.string(),
  /** The annotation id (note), finding id (finding), log line id (log) or case id (case). */
  ref: z.string(),
  title: z.string(),
  /** Text around the match; matched words between \u0002 and \u0003. */
  snippet: z.string(),
  /** Time of a log line (clock offset applied), else null. */
  t: EpochMs.nullable(),
})
export type SearchHitDto = z.infer<typeof SearchHitDto>
export const SearchResultDto = z.object({ hits: z.array(SearchHitDto), tookMs: z.number(), hasMore: z.boolean() })
export type SearchResultDto = z.infer<typeof SearchResultDto>

export const SimilarCaseDto = z.object({
  case: CaseSummaryDto,
  score: z.number(),
  sharedSignatures: z.array(z.string()),
  sharedRootCauses: z.array(z.string()),
  /** The other case's root-cause annotations: what was found there. */
  rootCauses: z.array(z.object({ annotationId: Id, category: z.string(), confidence: z.number().nullable(), note: z.string() })),
})
export type SimilarCaseDto = z.infer<typeof SimilarCaseDto>

export const EXPORT_FORMATS = ['md', 'html', 'json', 'pdf'] as const
export const RedactionDto = z.object({ kind: z.enum(['token', 'app-id', 'email', 'user-id', 'ip']), original: z.string(), replacement: z.string(), count: z.number().int() })
export type RedactionDto = z.infer<typeof RedactionDto>
export const ReportDto = z.object({
  filename: z.string(),
  mimeType: z.string(),
  /** `utf8` text, or `base64` for PDF. */
  encoding: z.enum(['utf8', 'base64']),
  content: z.string(),
  isRedacted: z.boolean(),
  redactions: z.array(RedactionDto),
})
export type ReportDto = z.infer<typeof ReportDto>

export const ArchiveExportDto = z.object({ path: z.string(), bytes: z.number().int(), sha256: z.string(), counts: z.record(z.string(), z.number().int()) })
export type ArchiveExportDto = z.infer<typeof ArchiveExportDto>
export const ArchiveImportDto = z.object({
  caseId: Id,
  isNewCase: z.boolean(),
  /** Rows written per table. */
  added: z.record(z.string(), z.number().int()),
  /** Bundles and annotations already present (same id, or for bundles the same sha256 in the case). */
  skipped: z.record(z.string(), z.number().int()),
})
export type ArchiveImportDto = z.infer<typeof ArchiveImportDto>
