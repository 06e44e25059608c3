/** Page object: one case with its timeline chart. */
import type { Locator, Page } from 'playwright-core'

export class CasePage {
  constructor(readonly page: Page) {}

  get chart(): Locator {
    return this.page.getByTestId('timeline-chart').first()
  }

  /** Waits until uPlot has drawn real points (the chart marks itself `data-drawn="true"`). */
  async waitForChartDrawn(timeout = 30_000): Promise<void> {
    await this.page.locator('[data-testid="timeline-chart"][data-drawn="true"]').first().waitFor({ timeout })
  }

  /** How many canvas pixels are not blank: proof that something was painted. */
  async paintedPixels(): Promise<number> {
    return this.chart.locator('[data-testid="chart-panel"] canvas').first().evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext('2d')
      if (!ctx) return 0
      const data = ctx.getImageData(0, 0, c.width, c.height).data
      let n = 0
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++
      return n
    })
  }

  /** The streams the picker offers (every stream of the case): opens the picker, reads, closes it. */
  async streamOptions(): Promise<string[]> {
    const summary = this.page.getByTestId('stream-picker').locator('summary')
    await summary.click()
    // The list is built when the popover opens (its `toggle` event comes a task later).
    await this.page.getByTestId('stream-option').first().waitFor()
    const texts = await this.page.getByTestId('stream-option').allInnerTexts()
    await summary.click()
    return texts
  }
}
