/** Stores of case work over a fake transport: case updates carry the loaded version, list filters, search and similar cases. */
import { describe, expect, it } from 'vitest'
import { useCasesStore } from '@renderer/stores/cases'
import { useKnowledgeStore } from '@renderer/stores/knowledge'
import { FakeTransport } from '../support/fake-transport'
import { caseSummary } from '../support/fixtures'
import { createStoreEnv, flush } from '../support/store-env'

describe('cases store: edits and filters', () => {
  it('sends the loaded version with an update (a stale window gets CONFLICT) and reloads the case', async () => {
    const detail = { ...caseSummary(), description: '', appVersion: '', bundles: [] }
    const t = new FakeTransport().handle('cases.get', () => detail).handle('cases.update', () => caseSummary({ owner: 'wang' })).handle('cases.list', () => [])
    createStoreEnv(t)
    const cases = useCasesStore()
    await cases.loadCase('case-1')
    await cases.update('case-1', { owner: 'wang' })
    expect(t.callsOf('cases.update')).toEqual([{ caseId: 'case-1', fields: { owner: 'wang' }, markResponded: false, expectedUpdatedAt: detail.updatedAt }])
    expect(t.callsOf('cases.get')).toHaveLength(2)
  })

  it('lists with filters and sort only when they differ from the defaults', async () => {
    const t = new FakeTransport().handle('cases.list', () => [])
    createStoreEnv(t)
    const cases = useCasesStore()
    await cases.refresh()
    await cases.setFilters({ priorities: ['P0', 'P1'], sort: 'due', order: 'asc' })
    expect(t.callsOf('cases.list')).toEqual([{}, { priorities: ['P0', 'P1'], sort: 'due', order: 'asc' }])
  })
})

describe('knowledge store', () => {
  it('searches the chosen kinds and keeps only the newest answer', async () => {
    const pending: ((v: unknown) => void)[] = []
    const t = new FakeTransport().handle('knowledge.search', () => new Promise((ok) => pending.push(ok)))
    createStoreEnv(t)
    const kb = useKnowledgeStore()
    kb.kinds = ['note', 'log']
    const first = kb.search('uplink')
    const second = kb.search('uplink congestion')
    pending[1]!({ hits: [{ kind: 'note', caseId: 'c', caseTitle: 'C', ref: 'a1', title: 'x', snippet: 's', t: null }], tookMs: 3, hasMore: false })
    pending[0]!({ hits: [], tookMs: 9, hasMore: false })
    await Promise.all([first, second])
    expect(t.callsOf('knowledge.search')).toEqual([{ query: 'uplink', kinds: ['note', 'log'], limit: 50 }, { query: 'uplink congestion', kinds: ['note', 'log'], limit: 50 }])
    expect(kb.hits.map((h) => h.ref)).toEqual(['a1'])
    expect(kb.tookMs).toBe(3)
    await kb.search('   ')
    expect(kb.hits).toEqual([])
  })

  it('loads similar cases for a case', async () => {
    const t = new FakeTransport().handle('knowledge.similar', () => [{ case: caseSummary({ id: 'c2' }), score: 2.5, sharedSignatures: ['a/b'], sharedRootCauses: [], rootCauses: [] }])
    createStoreEnv(t)
    const kb = useKnowledgeStore()
    await kb.loadSimilar('case-1')
    await flush()
    expect(kb.similar.map((s) => s.case.id)).toEqual(['c2'])
    expect(t.callsOf('knowledge.similar')).toEqual([{ caseId: 'case-1', limit: 10 }])
  })
})
