import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { FakeTransport } from '../support/fake-transport'
import ImportButton from '@renderer/components/jobs/ImportButton.vue'
import { mountGlobal } from '../support/mount-env'

function transport(): FakeTransport {
  return new FakeTransport().handle('jobs.list', () => []).handle('bundles.import', () => ({ jobId: 'j1' }))
}

describe('ImportButton', () => {
  it('imports the files chosen in the hidden input into the given case', async () => {
    const t = transport()
    const w = mount(ImportButton, { props: { caseId: 'case-5' }, global: mountGlobal({ transport: t }) })
    const input = w.get('[data-testid="import-input"]')
    const file = new File(['hello'], 'client.log')
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
    await input.trigger('change')
    await flushPromises()
    expect(t.resolved).toEqual([file])
    expect(t.callsOf('bundles.import')).toEqual([{ path: '/uploads/client.log', displayName: 'client.log', caseId: 'case-5' }])
    expect(w.get('[data-testid="import-button"]').text()).toBe('Add bundle to this case…')
  })

  it('uses the native picker when the platform has one', async () => {
    const t = transport()
    t.hasNativePicker = true
    t.picked = { path: '/home/me/bundle.zip' }
    const w = mount(ImportButton, { global: mountGlobal({ transport: t }) })
    expect(w.get('[data-testid="import-button"]').text()).toBe('Import bundle…')
    await w.get('[data-testid="import-button"]').trigger('click')
    await flushPromises()
    expect(t.callsOf('bundles.import')).toEqual([{ path: '/home/me/bundle.zip' }])
  })
})
