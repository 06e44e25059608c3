/**
 * UI state that is not domain data: the theme (system preference until the user toggles, then
 * persisted) and the notices shown as banners (errors, import diagnostics).
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { DiagnosticDto } from '@contract/dto'
import { toApiError } from '../api/api-error'
import { readPref, writePref } from '../lib/prefs'

export type Theme = 'light' | 'dark'

export interface Notice {
  id: number
  kind: 'error' | 'warning'
  /** Contract error code for errors (title comes from `errorTitleKey`). */
  code: string | null
  message: string
  diagnostics: DiagnosticDto[]
}

const THEME_KEY = 'rtcwb.theme'

function systemTheme(): Theme {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

export const useUiStore = defineStore('ui', () => {
  const saved = readPref(THEME_KEY)
  const isThemeChosen = ref(saved === 'light' || saved === 'dark')
  const theme = ref<Theme>(saved === 'light' || saved === 'dark' ? saved : systemTheme())
  const notices = ref<Notice[]>([])
  let nextId = 1

  function toggleTheme(): void {
    theme.value = theme.value === 'dark' ? 'light' : 'dark'
    isThemeChosen.value = true
    writePref(THEME_KEY, theme.value)
  }

  /** Follows the OS setting while the user has not picked a theme. */
  function followSystemTheme(): () => void {
    const mq = globalThis.matchMedia?.('(prefers-color-scheme: dark)')
    if (!mq) return () => undefined
    const onChange = () => {
      if (!isThemeChosen.value) theme.value = mq.matches ? 'dark' : 'light'
    }
    mq.addEventListener('change', onChange)
    return () => mq.removeEventListener('change', onChange)
  }

  /** Shows any thrown value as an error banner (ApiError keeps its code). */
  function reportError(e: unknown): void {
    const err = toApiError(e)
    notices.value.push({ id: nextId++, kind: 'error', code: err.code, message: err.message, diagnostics: [] })
  }

  function reportDiagnostics(message: string, diagnostics: DiagnosticDto[]): void {
    notices.value.push({ id: nextId++, kind: 'warning', code: null, message, diagnostics })
  }

  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id)
  }

  return { theme, isThemeChosen, notices, toggleTheme, followSystemTheme, reportError, reportDiagnostics, dismiss }
})
