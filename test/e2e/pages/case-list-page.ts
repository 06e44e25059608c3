/** Page object: the case list (home) with its import control. */
import type { Locator, Page } from 'playwright-core'

export class CaseListPage {
  constructor(readonly page: Page) {}

  get rows(): Locator {
    return this.page.getByTestId('case-row')
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url)
    await this.page.getByTestId('case-list').waitFor()
  }

  async openCase(title: string | RegExp): Promise<void> {
    await this.rows.filter({ hasText: title }).first().click()
  }

  /** Imports a file through the browser-mode file input (upload, then import job). */
  async importFile(path: string): Promise<void> {
    await this.page.getByTestId('import-input').setInputFiles(path)
  }

  async errorText(): Promise<string> {
    const banner = this.page.getByTestId('error-banner')
    await banner.waitFor()
    return banner.innerText()
  }

  async switchLanguage(locale: 'zh-CN' | 'en'): Promise<void> {
    await this.page.getByTestId('lang-switch').selectOption(locale)
  }
}
