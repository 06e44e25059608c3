/**
 * The typed client side of the contract: `call` resolves to the method's output or throws an
 * ApiError with the typed code; `on` subscribes to one event. Platform features (picking and
 * uploading bundle files) pass through from the transport.
 */
import type { EventName, EventPayload } from '@contract/events'
import type { In, MethodName, Out } from '@contract/methods'
import { ApiError } from './api-error'
import type { BundleSource, Transport } from './transport'

export interface Api {
  call<M extends MethodName>(method: M, input: In<M>): Promise<Out<M>>
  on<E extends EventName>(name: E, cb: (payload: EventPayload<E>) => void): () => void
  readonly hasNativePicker: boolean
  pickBundle(): Promise<BundleSource | null>
  resolveFile(file: File): Promise<BundleSource>
}

/** Builds the client over one transport. */
export function createApi(transport: Transport): Api {
  return {
    async call<M extends MethodName>(method: M, input: In<M>): Promise<Out<M>> {
      const reply = await transport.call(method, input)
      if (!reply.ok) throw new ApiError(reply.error)
      return reply.value as Out<M>
    },
    on<E extends EventName>(name: E, cb: (payload: EventPayload<E>) => void): () => void {
      return transport.onEvent((n, p) => {
        if (n === name) cb(p as EventPayload<E>)
      })
    },
    hasNativePicker: transport.hasNativePicker,
    pickBundle: () => transport.pickBundle(),
    resolveFile: (file) => transport.resolveFile(file),
  }
}
