/**
 * Page object: the synchronized charts of an open case — panels, the events lane, drag selection
 * (annotate or zoom), zoom by keys and the range slider, clicks on points, and the view kept in the address.
 */
import type { Locator, Page } from 'playwright-core'

export class TimelinePage {
  constructor(readonly page: Page) {}

  get panels(): Locator {
    return this.page.getByTestId('chart-panel')
  }

  panel(kind: string): Locator {
    return this.page.locator(`[data-testid="chart-panel"][data-panel="${kind}"]`)
  }

  async panelKinds(): Promise<string[]> {
    return this.panels.evaluateAll((els) => els.map((e) => e.getAttribute('data-panel') ?? ''))
  }

  /** Legend labels of a panel's lines (the first legend entry is the time). */
  async lineLabels(kind: string): Promise<string[]> {
    return this.panel(kind).locator('.u-legend .u-series:not(:first-child) .u-label').allInnerTexts()
  }

  async waitForDrawn(timeout = 30_000): Promise<void> {
    await this.page.locator('[data-testid="timeline-chart"][data-drawn="true"]').first().waitFor({ timeout })
  }

  private async plot(kind: string): Promise<{ x: number; y: number; width: number; height: number }> {
    // Centred: the sticky app header must not cover what the mouse aims at.
    await this.panel(kind).evaluate((e) => e.scrollIntoView({ block: 'center' }))
    const box = await this.panel(kind).locator('.u-over').boundingBox()
    if (!box) throw new Error(`panel ${kind} has no plot`)
    return box
  }

  /** Drags across a panel from one fraction of its width to another: selects that time range (the selection bar shows). */
  async dragSelect(kind: string, from: number, to: number): Promise<void> {
    const b = await this.plot(kind)
    await this.page.mouse.move(b.x + b.width * from, b.y + b.height / 2)
    await this.page.mouse.down()
    await this.page.mouse.move(b.x + b.width * to, b.y + b.height / 2, { steps: 6 })
    await this.page.mouse.up()
    await this.selectionBar.waitFor()
  }

  /** The bar over the chart a drag selected on. */
  get selectionBar(): Locator {
    return this.page.getByTestId('selection-bar')
  }

  /** Drags across a panel, then "Zoom to range". */
  async dragZoom(kind: string, from: number, to: number): Promise<void> {
    await this.dragSelect(kind, from, to)
    await this.page.getByTestId('selection-zoom').click()
  }

  /** Clicks the events lane at a fraction of its width (a marker, or a shaded range). */
  async clickLane(fraction: number): Promise<void> {
    const lane = this.page.getByTestId('event-lane')
    await lane.evaluate((e) => e.scrollIntoView({ block: 'center' }))
    const b = await lane.locator('.u-over').boundingBox()
    if (!b) throw new Error('the events lane has no plot')
    await this.page.mouse.click(b.x + b.width * fraction, b.y + b.height - 2)
  }

  /** How many shaded ranges the events lane holds (findings, annotations). */
  async rangeCount(): Promise<number> {
    return Number(await this.page.getByTestId('event-lane').getAttribute('data-ranges'))
  }

  /** Clicks a panel at a fraction of its width (the nearest point is picked). */
  async clickAt(kind: string, fraction: number): Promise<void> {
    const b = await this.plot(kind)
    await this.page.mouse.move(b.x + b.width * fraction, b.y + b.height / 2)
    await this.page.mouse.click(b.x + b.width * fraction, b.y + b.height / 2)
  }

  /** The visible range from the address (null: the whole case). */
  async viewRange(): Promise<{ from: number; to: number } | null> {
    const q = new URL(this.page.url().replace('#/', '')).searchParams
    const from = q.get('from')
    const to = q.get('to')
    return from && to ? { from: Number(from), to: Number(to) } : null
  }

  async pressKey(key: string): Promise<void> {
    await this.page.getByTestId('charts').focus()
    await this.page.keyboard.press(key)
  }

  async resetZoom(): Promise<void> {
    await this.page.getByTestId('zoom-reset').click()
  }

  /** Drags the range slider's window by a number of pixels. */
  async dragSlider(dx: number): Promise<void> {
    await this.page.getByTestId('range-window').evaluate((e) => e.scrollIntoView({ block: 'center' }))
    const b = await this.page.getByTestId('range-window').boundingBox()
    if (!b) throw new Error('no range window')
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2)
    await this.page.mouse.down()
    await this.page.mouse.move(b.x + b.width / 2 + dx, b.y + b.height / 2, { steps: 5 })
    await this.page.mouse.up()
  }

  /** How many times are marked on the charts (selected log rows). */
  async markCount(): Promise<number> {
    return Number(await this.page.getByTestId('timeline-chart').getAttribute('data-marks'))
  }

  async eventCount(): Promise<number> {
    return Number(await this.page.getByTestId('event-lane').getAttribute('data-events'))
  }
}
