import { describe, expect, it } from 'vitest'
import { useSettingsStore } from '../../../src-renderer/stores/settings'
import { describedDetectors } from '../support/detectors'
import { FakeTransport } from '../support/fake-transport'
import { createStoreEnv } from '../support/store-env'

/** A fake server that validates like the real one: range checked, refused whole. */
function setup(saved: unknown = { 'high-rtt': { warnMs: 400 } }) {
  let stored = saved
  const t = new FakeTransport()
    .handle('detectors.describe', () => ({ detectors: describedDetectors(), overrides: stored }))
    .handle('detectors.setThresholds', (i) => {
      const overrides = (i as { overrides: Record<string, Record<string, number>> }).overrides
      if (overrides['high-rtt']?.warnMs === 9999) throw { code: 'INVALID_INPUT', message: 'high-rtt.warnMs: must be within [0, 5000] ms; nope: unknown detector "nope"' }
      stored = overrides
      return null
    })
  createStoreEnv(t)
  return { t, store: useSettingsStore(), stored: () => stored }
}

describe('settings store', () => {
  it('loads saved overrides over the defaults, clean', async () => {
    const { store } = setup()
    await store.load()
    expect(store.draft.values).toEqual({ 'high-rtt.warnMs': '400', 'high-rtt.riseFactor': '3', 'video-freeze.minFreezeMs': '600' })
    expect(store.draft.enabled).toEqual({ 'high-rtt': true, 'video-freeze': true })
    expect(store.dirty).toBe(false)
    expect(store.groups.map((g) => [g.category, g.detectors.map((d) => d.id)])).toEqual([['network', ['high-rtt']], ['media', ['video-freeze']]])
  })

  it('tracks edits against what is saved, numerically', async () => {
    const { store } = setup()
    await store.load()
    store.setValue('high-rtt', 'warnMs', '400.0')
    expect(store.dirty).toBe(false)
    store.setValue('high-rtt', 'warnMs', '450')
    expect(store.dirty).toBe(true)
    expect(store.isChanged('high-rtt', 'warnMs')).toBe(true)
    expect(store.isChanged('high-rtt', 'riseFactor')).toBe(false)
    expect(store.isDetectorChanged(store.detectors[1]!)).toBe(false)
    store.setValue('high-rtt', 'warnMs', '400')
    expect(store.dirty).toBe(false)
    store.setEnabled('video-freeze', false)
    expect(store.dirty).toBe(true)
    store.discard()
    expect(store.dirty).toBe(false)
    expect(store.draft.enabled['video-freeze']).toBe(true)
  })

  it('resets one parameter, or a whole detector, to the defaults', async () => {
    const { store } = setup({ 'high-rtt': { warnMs: 400, riseFactor: 5, enabled: false } })
    await store.load()
    expect(store.draft.enabled['high-rtt']).toBe(false)
    store.resetParam('high-rtt', 'warnMs')
    expect(store.draft.values['high-rtt.warnMs']).toBe('300')
    expect(store.draft.values['high-rtt.riseFactor']).toBe('5')
    store.resetDetector('high-rtt')
    expect(store.draft.values).toMatchObject({ 'high-rtt.warnMs': '300', 'high-rtt.riseFactor': '3' })
    expect(store.draft.enabled['high-rtt']).toBe(true)
    expect(store.dirty).toBe(true)
  })

  it('flags invalid values and does not send them', async () => {
    const { t, store } = setup()
    await store.load()
    store.setValue('high-rtt', 'warnMs', '')
    store.setValue('high-rtt', 'riseFactor', '0.5')
    store.setValue('video-freeze', 'minFreezeMs', 'abc')
    expect(store.fieldProblems).toEqual({
      'high-rtt.warnMs': { kind: 'required' },
      'high-rtt.riseFactor': { kind: 'outOfRange', min: 1, max: 100, unit: '×' },
      'video-freeze.minFreezeMs': { kind: 'notNumber' },
    })
    expect(store.hasProblems).toBe(true)
    expect(await store.save()).toBe(false)
    expect(t.callsOf('detectors.setThresholds')).toEqual([])
  })

  it('saves only what differs from the defaults; the form is then clean and says so', async () => {
    const { store, stored } = setup()
    await store.load()
    store.setValue('high-rtt', 'warnMs', '300')
    store.setValue('video-freeze', 'minFreezeMs', '1200')
    store.setEnabled('high-rtt', false)
    expect(await store.save()).toBe(true)
    expect(stored()).toEqual({ 'high-rtt': { enabled: false }, 'video-freeze': { minFreezeMs: 1200 } })
    expect(store.dirty).toBe(false)
    expect(store.savedAt).not.toBeNull()
    store.setValue('video-freeze', 'minFreezeMs', '1300')
    expect(store.savedAt).toBeNull()
  })

  it('keeps the server refusal with each issue on its field, and the edits', async () => {
    const { store, stored } = setup()
    await store.load()
    store.setValue('high-rtt', 'warnMs', '9999')
    expect(await store.save()).toBe(false)
    expect(store.saveError?.code).toBe('INVALID_INPUT')
    expect(store.issues).toEqual([
      { path: 'high-rtt.warnMs', message: 'must be within [0, 5000] ms' },
      { path: 'nope', message: 'unknown detector "nope"' },
    ])
    expect(store.dirty).toBe(true)
    expect(store.draft.values['high-rtt.warnMs']).toBe('9999')
    expect(stored()).toEqual({ 'high-rtt': { warnMs: 400 } })
    store.discard()
    expect(store.saveError).toBeNull()
  })

  it('filters detectors by id, title in either language, parameter name or doc', async () => {
    const { store } = setup()
    await store.load()
    store.filter = '卡顿'
    expect(store.groups.flatMap((g) => g.detectors.map((d) => d.id))).toEqual(['video-freeze'])
    store.filter = 'warnms'
    expect(store.groups.flatMap((g) => g.detectors.map((d) => d.id))).toEqual(['high-rtt'])
    store.filter = 'baseline rtt'
    expect(store.groups.flatMap((g) => g.detectors.map((d) => d.id))).toEqual(['high-rtt'])
    store.filter = 'nothing like this'
    expect(store.groups).toEqual([])
  })
})
