import { describe, expect, it } from 'vitest'
import { useCasesStore } from '../../../src-renderer/stores/cases'
import { caseSummary } from '../support/fixtures'
import { FakeTransport } from '../support/fake-transport'
import { createStoreEnv, flush } from '../support/store-env'

function setup() {
  const all = [caseSummary({ id: 'a', title: 'Echo in class', customer: 'EduCo' }), caseSummary({ id: 'b', title: 'Frozen video', customer: 'Acme' })]
  const t = new FakeTransport()
    .handle('cases.list', (i) => {
      const q = (i as { query?: string }).query?.toLowerCase()
      return q ? all.filter((c) => `${c.title} ${c.customer}`.toLowerCase().includes(q)) : all
    })
    .handle('cases.get', (i) => {
      const id = (i as { caseId: string }).caseId
      const c = all.find((x) => x.id === id)
      if (!c) throw { code: 'NOT_FOUND', message: `no case ${id}` }
      return { ...c, description: '', appVersion: '4.2', bundles: [] }
    })
  createStoreEnv(t)
  return { t, store: useCasesStore() }
}

describe('cases store', () => {
  it('lists cases, and searching sends the query and shows only the matches', async () => {
    const { t, store } = setup()
    await store.refresh()
    expect(store.items.map((c) => c.id)).toEqual(['a', 'b'])
    await store.search('  acme ')
    expect(t.callsOf('cases.list')).toEqual([{}, { query: 'acme' }])
    expect(store.items.map((c) => c.id)).toEqual(['b'])
    await store.search('')
    expect(t.callsOf('cases.list').at(-1)).toEqual({})
  })

  it('drops the answer of a superseded search', async () => {
    const t = new FakeTransport()
    const pending: ((v: unknown) => void)[] = []
    t.handle('cases.list', () => new Promise((resolve) => pending.push(resolve)))
    createStoreEnv(t)
    const store = useCasesStore()
    const first = store.search('old')
    const second = store.search('new')
    await flush(1)
    pending[1]!([caseSummary({ id: 'new' })])
    pending[0]!([caseSummary({ id: 'old' })])
    await Promise.all([first, second])
    expect(store.items.map((c) => c.id)).toEqual(['new'])
    expect(store.isLoading).toBe(false)
  })

  it('refreshes the list and the open case on case.updated', async () => {
    const { t, store } = setup()
    await store.loadCase('a')
    expect(store.current?.appVersion).toBe('4.2')
    const before = t.calls.length
    t.emit('case.updated', { caseId: 'a' })
    await flush()
    expect(t.calls.slice(before).map((c) => c.method).sort()).toEqual(['cases.get', 'cases.list'])
  })

  it('keeps a load error with its code', async () => {
    const { store } = setup()
    await store.loadCase('zzz')
    expect(store.current).toBeNull()
    expect(store.currentError).toMatchObject({ code: 'NOT_FOUND', message: 'no case zzz' })
  })
})
