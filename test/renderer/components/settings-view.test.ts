/** The settings screen: categories in the UI language, Save only when there is something valid to save, the server's refusal shown in full. */
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { h } from 'vue'
import { RouterView, createMemoryHistory, createRouter } from 'vue-router'
import SettingsView from '@renderer/views/SettingsView.vue'
import { useSettingsStore } from '@renderer/stores/settings'
import { describedDetectors } from '../support/detectors'
import { FakeTransport } from '../support/fake-transport'
import { mountGlobal } from '../support/mount-env'
import { flush } from '../support/store-env'

async function mountView(locale: 'en' | 'zh-CN') {
  const t = new FakeTransport()
    .handle('detectors.describe', () => ({ detectors: describedDetectors(), overrides: {} }))
    .handle('detectors.setThresholds', () => {
      throw { code: 'INVALID_INPUT', message: 'high-rtt.warnMs: must be within [0, 5000] ms; video-freeze: unknown detector "video-freeze"' }
    })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/settings', component: SettingsView }, { path: '/', component: { render: () => null } }] })
  await router.push('/settings')
  const global = mountGlobal({ transport: t, locale })
  const w = mount({ render: () => h(RouterView) }, { global: { ...global, plugins: [...global.plugins, router] } })
  await flush()
  return { w, t, router }
}

const originalConfirm = window.confirm
afterEach(() => {
  window.confirm = originalConfirm
})

describe('SettingsView', () => {
  it('groups detectors under localized categories and counts what the filter shows', async () => {
    const { w } = await mountView('zh-CN')
    expect(w.findAll('[data-testid="settings-category"] h2').map((h) => h.text())).toEqual(['网络', '媒体质量'])
    expect(w.get('[data-testid="settings-count"]').text()).toBe('显示 2 条，共 2 条检测规则')
    await w.get('[data-testid="settings-filter"]').setValue('卡顿')
    expect(w.findAll('[data-testid="detector-card"]').map((c) => c.attributes('data-detector'))).toEqual(['video-freeze'])
    await w.get('[data-testid="settings-filter"]').setValue('zzz')
    expect(w.find('[data-testid="settings-none"]').exists()).toBe(true)
  })

  it('enables Save for a valid change only, and shows the server refusal with each issue', async () => {
    const { w, t } = await mountView('en')
    const save = () => w.get('[data-testid="settings-save"]')
    expect(save().attributes('disabled')).toBeDefined()
    const input = w.get('[data-param="high-rtt.warnMs"] input')
    await input.setValue('-5')
    expect(w.find('[data-testid="settings-invalid"]').exists()).toBe(true)
    expect(save().attributes('disabled')).toBeDefined()
    await input.setValue('6000')
    expect(save().attributes('disabled')).toBeUndefined()
    await save().trigger('click')
    await flush()
    expect(t.callsOf('detectors.setThresholds')).toEqual([{ overrides: { 'high-rtt': { warnMs: 6000 } } }])
    const banner = w.get('[data-testid="settings-refused"]')
    expect(banner.text()).toContain('The server refused these thresholds; nothing was saved.')
    expect(banner.findAll('li').map((li) => li.text())).toEqual(['high-rtt.warnMs must be within [0, 5000] ms', 'video-freeze unknown detector "video-freeze"'])
    expect(w.get('[data-param="high-rtt.warnMs"] [data-testid="threshold-server-issue"]').text()).toBe('must be within [0, 5000] ms')
    expect(w.get('[data-detector="video-freeze"]').text()).toContain('unknown detector "video-freeze"')
    expect(w.find('[data-testid="settings-saved"]').exists()).toBe(false)
    expect(w.find('[data-testid="settings-dirty"]').exists()).toBe(true)
  })

  it('asks before leaving with unsaved changes: stays when declined, drops the edits when confirmed', async () => {
    const { w, router } = await mountView('en')
    await w.get('[data-param="high-rtt.warnMs"] input').setValue('450')
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true)
    window.confirm = confirm
    await router.push('/').catch(() => undefined)
    expect(confirm).toHaveBeenCalledWith('Leave without saving your threshold changes?')
    expect(router.currentRoute.value.path).toBe('/settings')
    await router.push('/')
    expect(router.currentRoute.value.path).toBe('/')
    expect(useSettingsStore().dirty).toBe(false)
    expect(confirm).toHaveBeenCalledTimes(2)
  })
})
