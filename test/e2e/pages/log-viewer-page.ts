/** Page object: the log viewer beside the charts — rows, the focused row, selection and filters. */
import type { Locator, Page } from 'playwright-core'

export class LogViewerPage {
  constructor(readonly page: Page) {}

  get rows(): Locator {
    return this.page.locator('[data-testid="log-row"][data-id]')
  }

  get focused(): Locator {
    return this.page.locator('[data-testid="log-row"][data-focused="true"]')
  }

  async waitForRows(timeout = 15_000): Promise<void> {
    await this.rows.first().waitFor({ timeout })
  }

  /** Time (epoch ms) of the row the last jump landed on. */
  async focusedTime(timeout = 10_000): Promise<number> {
    await this.focused.waitFor({ timeout })
    return Number(await this.focused.getAttribute('data-t'))
  }

  /** Whether the focused row is inside the scroller's visible box. */
  async isFocusedInView(): Promise<boolean> {
    const row = await this.focused.boundingBox()
    const box = await this.page.getByTestId('log-scroller').boundingBox()
    return !!row && !!box && row.y >= box.y && row.y + row.height <= box.y + box.height
  }

  /** The count of rows in the viewer's scroll range (every row the filters keep). */
  async total(): Promise<number> {
    return Number(await this.page.getByTestId('log-viewer').getAttribute('data-total'))
  }

  async times(): Promise<number[]> {
    return this.rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-t'))))
  }

  async messages(): Promise<string[]> {
    return this.rows.locator('.msg').allInnerTexts()
  }

  /** The "N rows" figure (the count of rows the filters keep). */
  async count(): Promise<string> {
    return this.page.getByTestId('log-count').innerText()
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('log-text').fill(text)
  }

  async regex(text: string): Promise<void> {
    await this.page.getByTestId('log-regex').fill(text)
  }

  async toggleLevel(level: string): Promise<void> {
    await this.page.locator(`[data-testid="log-level"][data-level="${level}"]`).click()
  }

  async selectRow(index: number): Promise<void> {
    await this.rows.nth(index).click()
  }

  get error(): Locator {
    return this.page.getByTestId('log-error')
  }

  get heading(): Locator {
    return this.page.getByTestId('log-panel').locator('h2')
  }
}
