import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../src-main/contract/errors'
import { en } from '../../src-renderer/i18n/en'
import { errorTitleKey } from '../../src-renderer/i18n/error-titles'
import { createWorkbenchI18n, detectLocale } from '../../src-renderer/i18n/index'
import { zhCN } from '../../src-renderer/i18n/zh-CN'

/** Every leaf as "path = value". */
function leaves(obj: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(path, v)
    else for (const [p, s] of leaves(v as object, path)) out.set(p, s)
  }
  return out
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('i18n', () => {
  const enLeaves = leaves(en)
  const zhLeaves = leaves(zhCN)

  it('zh-CN and en have exactly the same keys', () => {
    expect([...zhLeaves.keys()].sort()).toEqual([...enLeaves.keys()].sort())
    expect(enLeaves.size).toBeGreaterThan(50)
  })

  it('every message uses the same placeholders in both locales, and no text is empty', () => {
    for (const [key, text] of enLeaves) {
      expect(placeholders(zhLeaves.get(key) ?? ''), key).toEqual(placeholders(text))
      expect(text.trim(), key).not.toBe('')
      expect(zhLeaves.get(key)?.trim(), key).not.toBe('')
    }
  })

  it('every message compiles (no stray vue-i18n syntax) in both locales', () => {
    const i18n = createWorkbenchI18n('en')
    for (const locale of ['en', 'zh-CN'] as const) {
      i18n.global.locale.value = locale
      for (const key of enLeaves.keys()) {
        const text = i18n.global.t(key, { count: 2, query: 'q', name: 'n', done: '1 MB', total: '2 MB', time: 't', shown: 1 })
        expect(text, `${locale} ${key}`).not.toBe(key)
      }
    }
    i18n.global.locale.value = 'zh-CN'
    expect(i18n.global.t('app.name')).toBe('RTC 工作台')
    expect(i18n.global.t('scenario.1v1-social')).toBe('1v1 社交')
  })

  it('every contract error code has a localized title', () => {
    for (const code of ERROR_CODES) {
      expect(errorTitleKey(code)).toBe(`errors.${code}`)
      expect(enLeaves.has(`errors.${code}`), code).toBe(true)
    }
    expect(errorTitleKey('SOMETHING_NEW')).toBe('errors.INTERNAL')
  })

  it('defaults from the browser language unless a choice was saved', () => {
    const none = { getItem: () => null }
    expect(detectLocale(none, 'zh-TW')).toBe('zh-CN')
    expect(detectLocale(none, 'zh')).toBe('zh-CN')
    expect(detectLocale(none, 'en-US')).toBe('en')
    expect(detectLocale(none, 'de-DE')).toBe('en')
    expect(detectLocale({ getItem: () => 'en' }, 'zh-CN')).toBe('en')
    expect(detectLocale({ getItem: () => 'fr' }, 'zh-CN')).toBe('zh-CN')
  })
})
