/**
 * Renderer entry: picks the transport (Electron bridge or loopback HTTP, which also takes the URL
 * token before the router reads the address), then wires Pinia, i18n and the router.
 */
import 'uplot/dist/uPlot.min.css'
import './styles/theme.css'
import './styles/base.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { createPlatformApi } from './api'
import { API_KEY } from './api/use-api'
import { createWorkbenchI18n, detectLocale } from './i18n'
import { createWorkbenchRouter } from './router'

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

const api = createPlatformApi()
const app = createApp(App)
app.provide(API_KEY, api)
app.use(createPinia())
app.use(createWorkbenchI18n(detectLocale(localStorageOrNull(), navigator.language)))
app.use(createWorkbenchRouter())
app.mount('#app')
