/** Page object: the knowledge-base search. */
import type { Locator, Page } from 'playwright-core'

export class SearchPage {
  constructor(readonly page: Page) {}

  get hits(): Locator {
    return this.page.getByTestId('kb-hit')
  }

  async open(): Promise<void> {
    await this.page.getByTestId('search-link').click()
    await this.page.getByTestId('search-view').waitFor()
  }

  async search(query: string): Promise<void> {
    await this.page.getByTestId('kb-query').fill(query)
    await this.page.getByTestId('kb-query').press('Enter')
    await this.page.getByTestId('kb-took').waitFor()
  }
}
