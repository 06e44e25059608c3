/** A Vue app context for stores under test: the Api over a transport is provided, Pinia installed. */
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { createApp } from 'vue'
import { createApi, type Api } from '../../../src-renderer/api/client'
import type { Transport } from '../../../src-renderer/api/transport'
import { API_KEY } from '../../../src-renderer/api/use-api'

export interface StoreEnv {
  api: Api
  pinia: Pinia
}

/** Fresh Pinia bound to an app that provides `createApi(transport)`; stores resolve `useApi()` from it. */
export function createStoreEnv(transport: Transport): StoreEnv {
  const api = createApi(transport)
  const app = createApp({ render: () => null })
  app.provide(API_KEY, api)
  const pinia = createPinia()
  app.use(pinia)
  setActivePinia(pinia)
  return { api, pinia }
}

/** Lets pending promise chains (fake calls, store updates) settle. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((r) => setTimeout(r, 0))
}
