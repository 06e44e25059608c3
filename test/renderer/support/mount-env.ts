/** Global mount options for components: i18n in a chosen locale, Pinia and the Api over a fake transport. */
import { createPinia, setActivePinia } from 'pinia'
import { createApi } from '../../../src-renderer/api/client'
import type { Transport } from '../../../src-renderer/api/transport'
import { API_KEY } from '../../../src-renderer/api/use-api'
import { createWorkbenchI18n, type Locale } from '../../../src-renderer/i18n/index'
import { FakeTransport } from './fake-transport'

export function mountGlobal(opts: { locale?: Locale; transport?: Transport } = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  return {
    plugins: [createWorkbenchI18n(opts.locale ?? 'en'), pinia],
    provide: { [API_KEY as symbol]: createApi(opts.transport ?? new FakeTransport()) },
  }
}
