/**
 * An in-memory Transport for store and component tests: answers calls from per-method handlers
 * (recording every call), pushes events on demand, and fakes the platform file features.
 */
import type { Reply } from '../../../src-main/contract/errors'
import type { BundleSource, Transport } from '../../../src-renderer/api/transport'

type Handler = (input: unknown) => unknown

export class FakeTransport implements Transport {
  readonly calls: { method: string; input: unknown }[] = []
  readonly resolved: File[] = []
  hasNativePicker = false
  picked: BundleSource | null = null
  private readonly handlers = new Map<string, Handler>()
  private readonly listeners = new Set<(name: string, payload: unknown) => void>()

  /** Answers `method` with the handler's value; a thrown `{ code, message }` becomes an error Reply. */
  handle(method: string, handler: Handler): this {
    this.handlers.set(method, handler)
    return this
  }

  async call(method: string, input: unknown): Promise<Reply<unknown>> {
    this.calls.push({ method, input })
    const h = this.handlers.get(method)
    if (!h) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `fake has no ${method}` } }
    try {
      return { ok: true, value: await h(input) }
    } catch (e) {
      const err = e as { code?: string; message: string }
      return { ok: false, error: { code: (err.code ?? 'INTERNAL') as 'INTERNAL', message: err.message } }
    }
  }

  onEvent(listener: (name: string, payload: unknown) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(name: string, payload: unknown): void {
    for (const l of [...this.listeners]) l(name, payload)
  }

  get listenerCount(): number {
    return this.listeners.size
  }

  callsOf(method: string): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.input)
  }

  async pickBundle(): Promise<BundleSource | null> {
    return this.picked
  }

  async resolveFile(file: File): Promise<BundleSource> {
    this.resolved.push(file)
    return { path: `/uploads/${file.name}`, displayName: file.name }
  }
}
