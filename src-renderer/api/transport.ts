/**
 * The platform seam of the renderer: how calls, events and bundle files reach the main side.
 * Electron (window.bridge) and browser mode (loopback HTTP) each implement it once; stores only see
 * the typed client built on top (client.ts), never a transport.
 */
import type { Reply } from '@contract/errors'

/** A bundle the main side can read: a path on its machine, plus the name the user knows it by. */
export interface BundleSource {
  path: string
  displayName?: string
}

export interface Transport {
  /** Never rejects: transport failures come back as `{ ok: false }` too. */
  call(method: string, input: unknown): Promise<Reply<unknown>>
  /** Subscribes to every pushed event; returns the unsubscribe function. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void
  /** True when `pickBundle()` opens a native dialog (Electron); otherwise the UI uses a file input. */
  readonly hasNativePicker: boolean
  /** Native open dialog; null when the user cancels or there is no native dialog. */
  pickBundle(): Promise<BundleSource | null>
  /** Turns a DOM File (file input or drop) into a path the main side can import: upload, or its own path. */
  resolveFile(file: File): Promise<BundleSource>
}
