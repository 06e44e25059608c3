import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../../src-renderer/api/api-error'
import { useUiStore } from '../../../src-renderer/stores/ui'
import { FakeTransport } from '../support/fake-transport'
import { createStoreEnv } from '../support/store-env'

beforeEach(() => localStorage.clear())

describe('ui store', () => {
  it('toggles the theme and remembers the choice', () => {
    createStoreEnv(new FakeTransport())
    const ui = useUiStore()
    const first = ui.theme
    ui.toggleTheme()
    expect(ui.theme).not.toBe(first)
    expect(localStorage.getItem('rtcwb.theme')).toBe(ui.theme)
    createStoreEnv(new FakeTransport())
    expect(useUiStore().theme).toBe(ui.theme)
  })

  it('keeps the code of ApiErrors and reads anything else as INTERNAL', () => {
    createStoreEnv(new FakeTransport())
    const ui = useUiStore()
    ui.reportError(new ApiError({ code: 'BUSY', message: 'too many imports' }))
    ui.reportError(new Error('boom'))
    expect(ui.notices.map((n) => [n.kind, n.code, n.message])).toEqual([['error', 'BUSY', 'too many imports'], ['error', 'INTERNAL', 'boom']])
    ui.dismiss(ui.notices[0]!.id)
    expect(ui.notices.map((n) => n.message)).toEqual(['boom'])
  })
})
