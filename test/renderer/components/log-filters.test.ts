import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import LogFilters from '@renderer/components/logs/LogFilters.vue'
import type { LogFilterState } from '@renderer/stores/logs'
import { mountGlobal } from '../support/mount-env'

const filters = (): LogFilterState => ({ levels: null, modules: null, entryIds: null, kinds: ['log', 'event'], text: '', regex: '', isRegexCaseSensitive: false, range: null })
const facets = {
  entries: [{ entryId: 1, path: 'a.log', bundle: 'b', participant: 'a', kind: 'text-log', format: 'x', clockOffsetMs: 0, lines: 10, events: 2 }],
  levels: [{ value: 'info', count: 7 }, { value: 'error', count: 3 }], modules: [{ value: 'net', count: 9 }], eventTypes: [{ value: 'ice.state', count: 2 }],
  timeStart: 0, timeEnd: 1,
}

afterEach(() => {
  vi.useRealTimers()
})

describe('LogFilters', () => {
  it('toggles a level off (the others stay), and back to "all"', async () => {
    const w = mount(LogFilters, { props: { filters: filters(), facets, total: 12, isEstimate: false, isRangeLinked: false }, global: mountGlobal() })
    await w.find('[data-level="info"]').trigger('click')
    expect(w.emitted('change')![0]).toEqual([{ levels: ['trace', 'debug', 'warning', 'error', 'fatal'] }])
    await w.setProps({ filters: { ...filters(), levels: ['trace', 'debug', 'warning', 'error', 'fatal'] } })
    await w.find('[data-level="info"]').trigger('click')
    expect(w.emitted('change')![1]).toEqual([{ levels: null }])
    expect(w.find('[data-level="error"]').text()).toContain('3')
  })

  it('debounces words and regex into one change; shows the count, flagged when estimated', async () => {
    vi.useFakeTimers()
    const w = mount(LogFilters, { props: { filters: filters(), facets, total: 12345, isEstimate: true, isRangeLinked: false }, global: mountGlobal() })
    await w.find('[data-testid="log-text"]').setValue('ice fail')
    await w.find('[data-testid="log-regex"]').setValue('code=\\d+')
    expect(w.emitted('change')).toBeUndefined()
    vi.advanceTimersByTime(350)
    expect(w.emitted('change')).toEqual([[{ text: 'ice fail', regex: 'code=\\d+', isRegexCaseSensitive: false }]])
    expect(w.find('[data-testid="log-count"]').text()).toBe('≈ 12,345 rows (estimate)')
  })

  it('switches kinds and asks to follow the chart range', async () => {
    const w = mount(LogFilters, { props: { filters: filters(), facets, total: 1, isEstimate: false, isRangeLinked: false }, global: mountGlobal({ locale: 'zh-CN' }) })
    await w.find('[data-testid="log-kind-event"]').trigger('change')
    expect(w.emitted('change')![0]).toEqual([{ kinds: ['log'] }])
    await w.find('[data-testid="log-link-range"]').trigger('change')
    expect(w.emitted('link')![0]).toEqual([true])
    expect(w.text()).toContain('仅图表范围')
  })
})
