/** Page object: the detector-threshold settings. */
import type { Locator, Page } from 'playwright-core'

export class SettingsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('settings-link').click()
    await this.waitForLoaded()
  }

  async waitForLoaded(): Promise<void> {
    await this.page.getByTestId('settings-view').waitFor()
    await this.page.getByTestId('detector-card').first().waitFor()
  }

  /** The row of one parameter, e.g. `high-rtt.warnMs`. */
  row(param: string): Locator {
    return this.page.locator(`[data-testid="threshold-row"][data-param="${param}"]`)
  }

  input(param: string): Locator {
    return this.row(param).getByTestId('threshold-input')
  }

  async filter(text: string): Promise<void> {
    await this.page.getByTestId('settings-filter').fill(text)
  }
}
