/**
 * Methods of case work (issue 7), spread into the method table in methods.ts: editing and deleting
 * cases (status workflow, SLA stamps, optimistic concurrency), the edit history with undo, SLA
 * targets, annotations, the root-cause taxonomy, findings, knowledge-base search, similar cases,
 * report exports and case archives.
 */
import { z } from 'zod'
import {
  AnnotationCreateInput, AnnotationDto, AnnotationUpdateInput, ArchiveExportDto, ArchiveImportDto, CaseFindingsDto, EXPORT_FORMATS, HistoryEntryDto,
  KB_KINDS, ReportDto, SearchResultDto, SimilarCaseDto, SlaTargetsDto, TaxonomyDto,
} from './cases-dto'
import { CaseSummaryDto, EpochMs, Id, PRIORITIES, SCENARIOS, STATUSES } from './dto'

export const CASE_SORTS = ['updated', 'created', 'priority', 'status', 'title', 'due'] as const

/** `cases.list` input: every filter optional; `query` is full text over the case and its notes. */
export const CaseListInput = z.object({
  query: z.string().max(500).optional(),
  statuses: z.array(z.enum(STATUSES)).max(STATUSES.length).optional(),
  priorities: z.array(z.enum(PRIORITIES)).max(PRIORITIES.length).optional(),
  scenarios: z.array(z.enum(SCENARIOS)).max(SCENARIOS.length).optional(),
  tiers: z.array(z.number().int().min(2).max(3)).max(2).optional(),
  owner: z.string().max(200).optional(),
  tag: z.string().max(60).optional(),
  sort: z.enum(CASE_SORTS).default('updated'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.number().int().min(1).max(5000).default(1000),
  offset: z.number().int().min(0).default(0),
}).strict()

const CasePatch = z.object({
  title: z.string().trim().min(1).max(200),
  customer: z.string().max(200),
  appVersion: z.string().max(200),
  scenario: z.enum(SCENARIOS),
  priority: z.enum(PRIORITIES),
  tier: z.number().int().min(2).max(3),
  status: z.enum(STATUSES),
  owner: z.string().max(200),
  tags: z.array(z.string().trim().min(1).max(60)).max(50),
  description: z.string().max(100_000),
}).partial()

export const caseMethods = {
  /** Changes case fields. A status change must follow the workflow (else CONFLICT) and moves the SLA stamps. */
  'cases.update': {
    input: z.object({
      caseId: Id,
      fields: CasePatch.strict().default({}),
      /** Records the first response now (if not yet recorded) without a status change. */
      markResponded: z.boolean().default(false),
      /** When given, the update is refused (CONFLICT) if the case changed since (another window). */
      expectedUpdatedAt: EpochMs.optional(),
    }).strict(),
    output: CaseSummaryDto,
  },
  /** Deletes a case with its bundles, log lines, annotations and history. */
  'cases.delete': { input: z.object({ caseId: Id }).strict(), output: z.null() },
  /** The case's edit history (case fields and annotations), newest first. */
  'cases.history': { input: z.object({ caseId: Id, limit: z.number().int().min(1).max(1000).default(100) }).strict(), output: z.array(HistoryEntryDto) },
  /** Reverts the newest edit of the case not yet undone; null when there is nothing to undo. */
  'cases.undo': { input: z.object({ caseId: Id }).strict(), output: z.object({ undone: HistoryEntryDto.nullable() }) },
  /** SLA targets per priority (minutes of calendar time). */
  'sla.get': { input: z.object({}).strict(), output: SlaTargetsDto },
  'sla.set': { input: SlaTargetsDto, output: SlaTargetsDto },
  'annotations.list': { input: z.object({ caseId: Id }).strict(), output: z.array(AnnotationDto) },
  /** Annotates a time range (optionally a stream) with a root cause; evidence must belong to the case. */
  'annotations.create': { input: AnnotationCreateInput, output: AnnotationDto },
  'annotations.update': { input: AnnotationUpdateInput, output: AnnotationDto },
  'annotations.delete': { input: z.object({ annotationId: Id }).strict(), output: z.null() },
  /** The root-cause taxonomy (editable; annotations keep their category ids). */
  'taxonomy.get': { input: z.object({}).strict(), output: TaxonomyDto },
  'taxonomy.set': { input: TaxonomyDto, output: TaxonomyDto },
  /** The case's stored findings (from its last analysis). */
  'findings.list': { input: z.object({ caseId: Id }).strict(), output: CaseFindingsDto },
  /** Runs the detectors over the case again and stores its findings (signatures for similar cases). */
  'findings.refresh': { input: z.object({ caseId: Id }).strict(), output: CaseFindingsDto },
  /** Full-text search over cases, annotation notes, findings and log lines (optionally one case). */
  'knowledge.search': {
    input: z.object({
      query: z.string().trim().min(1).max(500),
      kinds: z.array(z.enum(KB_KINDS)).min(1).max(KB_KINDS.length).default([...KB_KINDS]),
      caseId: Id.optional(),
      limit: z.number().int().min(1).max(500).default(50),
    }).strict(),
    output: SearchResultDto,
  },
  /** Past cases like this one: ranked by shared finding signatures and root causes (rarer counts more). */
  'knowledge.similar': { input: z.object({ caseId: Id, limit: z.number().int().min(1).max(100).default(10) }).strict(), output: z.array(SimilarCaseDto) },
  /** A case summary as Markdown, self-contained HTML, JSON or PDF; redacted unless `redact` is false. */
  'reports.render': {
    input: z.object({ caseId: Id, format: z.enum(EXPORT_FORMATS), redact: z.boolean().default(true), lang: z.enum(['en', 'zh']).default('en') }).strict(),
    output: ReportDto,
  },
  /** Writes a case archive (the case, annotations, history and its bundles' stored data) to `path`, or into the data dir. */
  'archives.export': { input: z.object({ caseId: Id, path: z.string().min(1).max(4096).optional() }).strict(), output: ArchiveExportDto },
  /** Imports a case archive; importing the same archive again adds nothing. */
  'archives.import': { input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: ArchiveImportDto },
} as const satisfies Record<string, { input: z.ZodTypeAny; output: z.ZodTypeAny }>
