import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { caseSummary } from '../support/fixtures'
import CaseTable from '@renderer/components/cases/CaseTable.vue'
import { mountGlobal } from '../support/mount-env'

const cases = [
  caseSummary({ id: 'demo', title: 'Demo: 1v1 call with a congested uplink', isDemo: true, scenario: '1v1-social', bundleCount: 1 }),
  caseSummary({ id: 'c2', title: 'Echo', customer: '', priority: 'P0', status: 'new', bundleCount: 3 }),
]

describe('CaseTable', () => {
  it('renders one row per case with its columns and marks the demo case', () => {
    const w = mount(CaseTable, { props: { cases, query: '' }, global: mountGlobal() })
    const rows = w.findAll('[data-testid="case-row"]')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.attributes('data-case-id')).toBe('demo')
    expect(rows[0]!.text()).toContain('Demo: 1v1 call with a congested uplink')
    expect(rows[0]!.text()).toContain('1v1 social')
    expect(rows[0]!.find('[data-testid="demo-badge"]').text()).toBe('demo')
    expect(rows[1]!.find('[data-testid="demo-badge"]').exists()).toBe(false)
    const cells = rows[1]!.findAll('td').map((td) => td.text())
    expect(cells.slice(0, 6)).toEqual(['Echo', '—', 'Live show', 'P0', 'New', '3'])
  })

  it('opens a case on click and on Enter', async () => {
    const w = mount(CaseTable, { props: { cases, query: '' }, global: mountGlobal() })
    const rows = w.findAll('[data-testid="case-row"]')
    await rows[1]!.trigger('click')
    await rows[0]!.trigger('keydown', { key: 'Enter' })
    expect(w.emitted('open')).toEqual([['c2'], ['demo']])
  })

  it('explains an empty list, differently for a search without matches, in both languages', () => {
    const empty = mount(CaseTable, { props: { cases: [], query: '' }, global: mountGlobal({ locale: 'zh-CN' }) })
    expect(empty.find('[data-testid="case-list"]').exists()).toBe(true)
    expect(empty.get('[data-testid="case-list-empty"]').text()).toBe('还没有工单。导入一个日志包即可创建。')
    const none = mount(CaseTable, { props: { cases: [], query: 'zzz' }, global: mountGlobal() })
    expect(none.get('[data-testid="case-list-empty"]').text()).toBe('No case matches “zzz”.')
  })
})
