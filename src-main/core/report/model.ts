/**
 * The case report: everything a summary export shows, already resolved to display strings in one
 * language (findings' bilingual texts picked, category ids labelled). Markdown, HTML and JSON are
 * renderings of this one model; redaction maps its free-text strings before rendering.
 * Times are UTC epoch ms.
 */
import type { SlaClocks } from '../cases/sla'

export type ReportLang = 'en' | 'zh'

export interface ReportCase {
  id: string; title: string; customer: string; appVersion: string; scenario: string; priority: string; tier: number
  status: string; owner: string; tags: string[]; description: string; createdAt: number; updatedAt: number
  firstResponseAt: number | null; resolvedAt: number | null; closedAt: number | null
}

export interface ReportBundle {
  id: string; name: string; sha256: string; sizeBytes: number; importedAt: number
  entries: { path: string; format: string; kind: string; participant: string }[]
}

export interface ReportFinding {
  id: string; signature: string; severity: string; category: string; title: string; explanation: string; nextSteps: string[]
  start: number; end: number; participant: string; streamKey: string
}

export interface ReportAnnotation {
  id: string; start: number; end: number; category: string; categoryLabel: string; confidence: number | null
  /** Markdown source. */
  note: string
  stream: string; participant: string
  evidence: string[]
  updatedAt: number
}

export interface ReportEvent { t: number; severity: string; type: string; message: string; participant: string }

/** One chart panel: lines over a time axis, with shaded ranges (annotations, findings). */
export interface ReportChart {
  title: string
  unit: string
  start: number
  end: number
  lines: { label: string; t: number[]; v: (number | null)[] }[]
  bands: { start: number; end: number; kind: 'annotation' | 'finding'; label: string }[]
}

export interface CaseReport {
  generator: string
  generatedAt: number
  lang: ReportLang
  isRedacted: boolean
  case: ReportCase
  sla: SlaClocks
  bundles: ReportBundle[]
  findings: ReportFinding[]
  annotations: ReportAnnotation[]
  charts: ReportChart[]
  events: ReportEvent[]
}

/** Fixed strings of the renderings, per language. */
const EN = {
    report: 'Case report', case: 'Case', customer: 'Customer', appVersion: 'App / SDK version', scenario: 'Scenario', priority: 'Priority',
    tier: 'Tier', status: 'Status', owner: 'Owner', tags: 'Tags', created: 'Created', updated: 'Updated', sla: 'SLA',
    firstResponse: 'First response', resolution: 'Resolution', due: 'due', description: 'Description', rootCauses: 'Root-cause annotations',
    findings: 'Findings', charts: 'Timeline', bundles: 'Bundles', events: 'Warnings and errors', none: 'None.', confidence: 'confidence',
    evidence: 'Evidence', nextSteps: 'Next steps', redacted: 'IP addresses, tokens, app IDs and user IDs are redacted (user IDs hashed).',
    generated: 'Generated', time: 'Time', range: 'Range',
}

export const REPORT_TEXT: Record<ReportLang, typeof EN> = {
  en: EN,
  zh: {
    report: '工单报告', case: '工单', customer: '客户', appVersion: '应用 / SDK 版本', scenario: '场景', priority: '优先级',
    tier: '支持层级', status: '状态', owner: '负责人', tags: '标签', created: '创建时间', updated: '更新时间', sla: 'SLA',
    firstResponse: '首次响应', resolution: '解决', due: '截止', description: '描述', rootCauses: '根因标注',
    findings: '诊断结果', charts: '时间线', bundles: '日志包', events: '警告与错误', none: '无。', confidence: '置信度',
    evidence: '证据', nextSteps: '排查建议', redacted: 'IP 地址、Token、App ID 与用户 ID 已脱敏（用户 ID 已哈希）。',
    generated: '生成时间', time: '时间', range: '时间段',
  },
}

/** `2024-05-01 08:00:00Z` style UTC time (the report is read in other time zones). */
export function utc(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—'
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z')
}

/** A duration as `3h 05m`, `12m 30s` or `45s` (sign kept). */
export function duration(ms: number): string {
  const sign = ms < 0 ? '−' : ''
  let s = Math.round(Math.abs(ms) / 1000)
  const d = Math.floor(s / 86_400)
  s -= d * 86_400
  const h = Math.floor(s / 3600)
  s -= h * 3600
  const m = Math.floor(s / 60)
  s -= m * 60
  const two = (x: number) => String(x).padStart(2, '0')
  if (d > 0) return `${sign}${d}d ${two(h)}h`
  if (h > 0) return `${sign}${h}h ${two(m)}m`
  if (m > 0) return `${sign}${m}m ${two(s)}s`
  return `${sign}${s}s`
}
