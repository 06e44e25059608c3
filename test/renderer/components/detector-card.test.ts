/** One detector's card: texts in the UI language, every parameter's figures, validation as typed, reset. */
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import DetectorCard from '@renderer/components/settings/DetectorCard.vue'
import { useSettingsStore } from '@renderer/stores/settings'
import { describedDetectors } from '../support/detectors'
import { FakeTransport } from '../support/fake-transport'
import { mountGlobal } from '../support/mount-env'
import { flush } from '../support/store-env'

async function mountCard(locale: 'en' | 'zh-CN') {
  const t = new FakeTransport().handle('detectors.describe', () => ({ detectors: describedDetectors(), overrides: { 'high-rtt': { warnMs: 400 } } }))
  const w = mount(DetectorCard, { props: { detector: describedDetectors()[0]! }, global: mountGlobal({ transport: t, locale }) })
  const store = useSettingsStore()
  await store.load()
  await flush()
  return { w, store }
}

describe('DetectorCard', () => {
  it('shows title, description and each parameter with unit, default, range and doc in Chinese', async () => {
    const { w } = await mountCard('zh-CN')
    expect(w.get('h3').text()).toBe('往返时延过高')
    expect(w.text()).toContain('RTT 持续高于通话可接受上限。')
    const row = w.get('[data-param="high-rtt.warnMs"]')
    expect((row.get('input').element as HTMLInputElement).value).toBe('400')
    expect(row.get('[data-testid="threshold-default"]').text()).toBe('300')
    expect(row.text()).toContain('0 – 10000')
    expect(row.text()).toContain('ms')
    expect(row.text()).toContain('RTT 高于此值即判为超限。')
  })

  it('says what is wrong as you type, and resets a value or the whole detector', async () => {
    const { w, store } = await mountCard('en')
    const row = () => w.get('[data-param="high-rtt.riseFactor"]')
    await row().get('input').setValue('500')
    expect(row().get('[data-testid="threshold-problem"]').text()).toBe('Must be from 1 to 100 ×')
    expect(w.find('[data-testid="detector-changed"]').exists()).toBe(true)
    await row().get('[data-testid="threshold-reset"]').trigger('click')
    expect(store.draft.values['high-rtt.riseFactor']).toBe('3')
    expect(row().find('[data-testid="threshold-problem"]').exists()).toBe(false)
    expect(row().get('[data-testid="threshold-reset"]').attributes('disabled')).toBeDefined()
    await w.get('[data-testid="detector-reset"]').trigger('click')
    expect(store.draft.values['high-rtt.warnMs']).toBe('300')
    expect(w.get('[data-testid="detector-reset"]').attributes('disabled')).toBeDefined()
  })
})
