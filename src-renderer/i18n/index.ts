/**
 * vue-i18n setup with the two UI locales. The choice is persisted in localStorage; without one, the
 * browser language decides (zh* -> zh-CN, anything else -> en).
 */
import { createI18n } from 'vue-i18n'
import { en } from './en'
import { zhCN } from './zh-CN'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

const STORAGE_KEY = 'rtcwb.locale'

export function isLocale(x: unknown): x is Locale {
  return typeof x === 'string' && (LOCALES as readonly string[]).includes(x)
}

/** The saved locale, else the one matching `navigatorLanguage`. */
export function detectLocale(storage: Pick<Storage, 'getItem'> | null, navigatorLanguage: string | undefined): Locale {
  let saved: string | null = null
  try {
    saved = storage?.getItem(STORAGE_KEY) ?? null
  } catch {
    saved = null
  }
  if (isLocale(saved)) return saved
  return (navigatorLanguage ?? '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

export function saveLocale(storage: Pick<Storage, 'setItem'> | null, locale: Locale): void {
  try {
    storage?.setItem(STORAGE_KEY, locale)
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

export function createWorkbenchI18n(locale: Locale) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, 'zh-CN': zhCN },
  })
}

export type WorkbenchI18n = ReturnType<typeof createWorkbenchI18n>
