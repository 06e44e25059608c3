/**
 * Runs async steps one after another in arrival order (log batches must reach the store in order)
 * and remembers the first failure, so the producer can wait for room (`size`) or for everything
 * (`drained()`), and learns about a failed step instead of carrying on.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve()
  private pending = 0
  private failure: unknown = null

  get size(): number {
    return this.pending
  }

  push(step: () => Promise<void>, after?: () => void): void {
    this.pending++
    this.tail = this.tail.then(async () => {
      try {
        if (this.failure === null) await step()
      } catch (e) {
        this.failure ??= e
      } finally {
        this.pending--
        after?.()
      }
    })
  }

  /** Resolves when every pushed step has run; rejects with the first failure. */
  async drained(): Promise<void> {
    await this.tail
    if (this.failure !== null) throw this.failure
  }
}
