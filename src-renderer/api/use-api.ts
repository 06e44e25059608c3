/** The Api is provided once by the app (main.ts) or a test, and injected by stores: no module singleton. */
import { inject, type InjectionKey } from 'vue'
import type { Api } from './client'

export const API_KEY: InjectionKey<Api> = Symbol('rtcwb.api')

/** The app's Api; call inside a setup store or component setup. */
export function useApi(): Api {
  const api = inject(API_KEY, null)
  if (!api) throw new Error('no Api provided: app.provide(API_KEY, createPlatformApi()) first')
  return api
}
