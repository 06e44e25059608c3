/**
 * Electron transport: everything goes through the preload's narrow `window.bridge`. Dropped or
 * chosen files already live on this machine, so a File becomes its own path (no upload).
 */
import type { Bridge } from '@contract/bridge'
import { ApiError, transportError } from './api-error'
import type { BundleSource, Transport } from './transport'

export function createIpcTransport(bridge: Bridge): Transport {
  return {
    async call(method, input) {
      try {
        return await bridge.call(method, input)
      } catch (e) {
        return { ok: false, error: transportError(`${method}: ${(e as Error).message}`) }
      }
    },
    onEvent: (listener) => bridge.onEvent(listener),
    hasNativePicker: true,
    async pickBundle(): Promise<BundleSource | null> {
      const path = await bridge.pickBundle()
      return path ? { path } : null
    },
    async resolveFile(file: File): Promise<BundleSource> {
      const path = bridge.pathForFile(file)
      if (!path) throw new ApiError(transportError(`${file.name} has no path on this machine`, 'INVALID_INPUT'))
      return { path, displayName: file.name }
    },
  }
}
