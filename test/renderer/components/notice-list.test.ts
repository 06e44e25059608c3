import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Notice } from '../../../src-renderer/stores/ui'
import NoticeList from '@renderer/components/common/NoticeList.vue'
import { mountGlobal } from '../support/mount-env'

const notices: Notice[] = [
  { id: 1, kind: 'error', code: 'NOT_A_BUNDLE', message: 'x.txt is not a dump, log, capture or bundle the workbench can read', diagnostics: [] },
  {
    id: 2, kind: 'warning', code: null, message: 'logs.zip',
    diagnostics: [
      { severity: 'info', message: 'encoding gb18030' },
      { severity: 'error', message: 'truncated capture', path: 'a.pcap', line: 3 },
    ],
  },
]

describe('NoticeList', () => {
  it('shows an error banner with the localized title and the server message', () => {
    const w = mount(NoticeList, { props: { notices }, global: mountGlobal({ locale: 'zh-CN' }) })
    const banner = w.get('[data-testid="error-banner"]')
    expect(banner.attributes('data-code')).toBe('NOT_A_BUNDLE')
    expect(banner.text()).toContain('工作台无法读取这个文件')
    expect(banner.text()).toContain('x.txt is not a dump, log, capture or bundle the workbench can read')
  })

  it('lists import diagnostics worst first in a collapsible block, and dismisses', async () => {
    const w = mount(NoticeList, { props: { notices }, global: mountGlobal() })
    const diag = w.get('[data-testid="import-diagnostics"]')
    expect(diag.text()).toContain('Imported with 2 diagnostics')
    expect(diag.find('details').exists()).toBe(true)
    const items = diag.findAll('[data-testid="diagnostic-list"] li').map((li) => li.text())
    expect(items[0]).toContain('a.pcap:3')
    expect(items[0]).toContain('truncated capture')
    expect(items[1]).toContain('encoding gb18030')
    await w.findAll('[data-testid="notice-dismiss"]')[1]!.trigger('click')
    expect(w.emitted('dismiss')).toEqual([[2]])
  })
})
