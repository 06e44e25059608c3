/**
 * Case summary exports: Markdown, self-contained HTML (charts as inline SVG, no scripts), JSON for
 * ticket systems and PDF (the HTML printed by Chromium or Electron). Redaction is on unless asked
 * off: IPs, tokens, app IDs, e-mails and user IDs, hashed with a per-store secret salt (HMAC-SHA256)
 * so one value maps to one stable placeholder on this machine and cannot be looked up elsewhere.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { ReportDto } from '../contract/cases-dto'
import type { ParsedIn } from '../contract/methods'
import { reportToHtml } from '../core/report/html'
import { reportToJson } from '../core/report/json'
import { reportToMarkdown } from '../core/report/markdown'
import { createRedactor, redactReport } from '../core/report/redact'
import type { Db } from '../store/db'
import { getSetting, setSetting } from '../store/repos/settings-repo'
import type { AnalysisService } from './analysis-service'
import type { AnnotationService } from './annotation-service'
import type { CaseService } from './case-service'
import { markdownToSafeHtml } from './markdown-html'
import type { PdfPrinter } from './pdf-printer'
import { buildReport } from './report-builder'

const SALT_KEY = 'redaction.salt'
const MIME = { md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8', json: 'application/json', pdf: 'application/pdf' } as const

export interface ExportDeps {
  db: Db; cases: CaseService; analysis: AnalysisService; annotations: AnnotationService; now: () => number; version: string; printPdf: PdfPrinter
}

/** `Choppy video: Jakarta!` → `choppy-video-jakarta` (ASCII letters and digits; CJK kept). */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'case'
}

export class ExportService {
  constructor(private readonly deps: ExportDeps) {}

  async render(input: ParsedIn<'reports.render'>): Promise<ReportDto> {
    const { db, cases, analysis, annotations, now } = this.deps
    const detail = await cases.get(input.caseId)
    const [run, taxonomy, targets] = await Promise.all([analysis.analyzeCase(input.caseId), annotations.taxonomy(), cases.slaTargets()])
    let report = await buildReport(db, { detail, findings: run.findings, taxonomy, targets, lang: input.lang, generator: `RTC Workbench ${this.deps.version}`, now: now() })
    let redactions: ReportDto['redactions'] = []
    if (input.redact) {
      const salt = await this.salt()
      const redactor = createRedactor((s) => createHmac('sha256', salt).update(s).digest('hex'))
      report = redactReport(report, redactor)
      redactions = redactor.redactions()
    }
    // Named after the (redacted) title: a file name must not leak what the content hides.
    const filename = `case-${slug(report.case.title)}-${detail.id.slice(0, 8)}${input.redact ? '' : '-unredacted'}.${input.format}`
    const base = { filename, mimeType: MIME[input.format], isRedacted: input.redact, redactions }
    if (input.format === 'md') return { ...base, encoding: 'utf8', content: reportToMarkdown(report) }
    if (input.format === 'json') return { ...base, encoding: 'utf8', content: reportToJson(report) }
    const html = reportToHtml(report, markdownToSafeHtml)
    if (input.format === 'html') return { ...base, encoding: 'utf8', content: html }
    const pdf = await this.deps.printPdf(html)
    return { ...base, encoding: 'base64', content: pdf.toString('base64') }
  }

  /** The store's redaction salt, created on first use. */
  private async salt(): Promise<string> {
    const saved = await getSetting<string>(this.deps.db, SALT_KEY)
    if (typeof saved === 'string' && saved.length >= 32) return saved
    return this.deps.db.tx(async (t) => {
      const again = await getSetting<string>(t, SALT_KEY)
      if (typeof again === 'string' && again.length >= 32) return again
      const salt = randomBytes(32).toString('hex')
      await setSetting(t, SALT_KEY, salt)
      return salt
    })
  }
}
