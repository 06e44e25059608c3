/**
 * Picks the transport for this window: the Electron preload's bridge when present, otherwise the
 * loopback HTTP server that served this page (browser mode).
 */
import { createApi, type Api } from './client'
import { takeToken } from './http-token'
import { createHttpTransport } from './http-transport'
import { createIpcTransport } from './ipc-transport'

export function createPlatformApi(): Api {
  if (window.bridge) return createApi(createIpcTransport(window.bridge))
  const token = takeToken({ location: window.location, history: window.history, storage: window.sessionStorage })
  return createApi(createHttpTransport({ token }))
}

export { ApiError } from './api-error'
export type { Api } from './client'
