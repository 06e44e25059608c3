/** Page object: a case's work page (fields and SLA, annotations, history, similar cases, export). */
import type { Download, Locator, Page } from 'playwright-core'

export class CaseWorkPage {
  constructor(readonly page: Page) {}

  get annotations(): Locator {
    return this.page.getByTestId('annotation')
  }

  async waitForLoaded(): Promise<void> {
    await this.page.getByTestId('case-edit').waitFor()
  }

  async importBundle(path: string): Promise<void> {
    await this.page.getByTestId('import-input').setInputFiles(path)
  }

  async setStatus(status: string): Promise<void> {
    await this.page.getByTestId('edit-status').selectOption(status)
    await this.page.getByTestId('edit-save').click()
  }

  /** Annotates [start, end] (UTC, `YYYY-MM-DDTHH:MM:SS`) with a root cause and a Markdown note. */
  async annotate(a: { start: string; end: string; category: string; confidence?: number; note: string; withFirstFinding?: boolean }): Promise<void> {
    await this.page.getByTestId('annotation-add').click()
    await this.page.getByTestId('annotation-start').fill(a.start)
    await this.page.getByTestId('annotation-end').fill(a.end)
    await this.page.getByTestId('category-picker').selectOption(a.category)
    if (a.confidence !== undefined) await this.page.getByTestId('annotation-confidence').fill(String(a.confidence))
    await this.page.getByTestId('annotation-note').fill(a.note)
    if (a.withFirstFinding) await this.page.getByTestId('evidence-finding').first().check()
    await this.page.getByTestId('annotation-save').click()
    await this.page.getByTestId('annotation-form').waitFor({ state: 'detached' })
  }

  /** Exports in a format through the dialog and returns the downloaded file. */
  async export(format: 'html' | 'md' | 'json' | 'pdf', opts: { redact?: boolean } = {}): Promise<Download> {
    await this.page.getByTestId('export-open').click()
    await this.page.getByTestId('export-format').selectOption(format)
    if (opts.redact === false) await this.page.getByTestId('export-redact').uncheck()
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('export-download').click()])
    return download
  }
}
