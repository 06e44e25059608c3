/** Page object: a case's what-if page (stream, presets, scenario editor, charts, comparison, sweep). */
import type { Locator, Page } from 'playwright-core'

export class WhatIfPage {
  constructor(readonly page: Page) {}

  get rows(): Locator {
    return this.page.getByTestId('whatif-row')
  }

  get cells(): Locator {
    return this.page.getByTestId('whatif-cell')
  }

  /** Waits for the baseline row of the comparison table and a drawn projection chart. */
  async waitForReplay(timeout = 30_000): Promise<void> {
    await this.page.getByTestId('whatif-row-baseline').waitFor({ timeout })
    await this.page.locator('[data-testid="whatif-quality-chart"][data-drawn="true"]').waitFor({ timeout })
  }

  async togglePreset(id: string): Promise<void> {
    await this.page.getByTestId(`whatif-preset-${id}`).click()
  }

  async selectStream(label: string | RegExp): Promise<void> {
    const select = this.page.getByTestId('whatif-stream')
    const options = await select.locator('option').allInnerTexts()
    const match = options.find((o) => (typeof label === 'string' ? o.includes(label) : label.test(o)))
    if (!match) throw new Error(`no stream option like ${String(label)} in ${options.join(' | ')}`)
    await select.selectOption({ label: match })
  }

  /** The delta texts and verdicts of the scenario row `scenarioId`. */
  async deltas(scenarioId: string): Promise<{ text: string; verdict: string }[]> {
    const row = this.page.locator(`[data-testid="whatif-row"][data-scenario="${scenarioId}"]`)
    await row.waitFor()
    return row.getByTestId('whatif-delta').evaluateAll((els) => els.map((e) => ({ text: e.textContent ?? '', verdict: e.getAttribute('data-verdict') ?? '' })))
  }

  async setSweepAxis(which: 'x' | 'y' | 'metric', value: string): Promise<void> {
    await this.page.getByTestId(`whatif-sweep-${which}`).selectOption(value)
  }
}
