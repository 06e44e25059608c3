/** Typed in-process pub/sub for contract events; both transports subscribe to it. */
import type { EventName, EventPayload } from '../contract/events'

export type BusListener = (name: EventName, payload: unknown) => void

export class EventBus {
  private readonly listeners = new Set<BusListener>()

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) l(name, payload)
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
