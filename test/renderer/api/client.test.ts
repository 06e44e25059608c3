import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../src-renderer/api/api-error'
import { createApi } from '../../../src-renderer/api/client'
import { caseSummary } from '../support/fixtures'
import { FakeTransport } from '../support/fake-transport'

describe('createApi', () => {
  it('resolves to the value of an ok Reply and sends the method and input unchanged', async () => {
    const t = new FakeTransport().handle('cases.list', () => [caseSummary()])
    const api = createApi(t)
    const list = await api.call('cases.list', { query: 'acme' })
    expect(list.map((c) => c.id)).toEqual(['case-1'])
    expect(t.calls).toEqual([{ method: 'cases.list', input: { query: 'acme' } }])
  })

  it('throws an ApiError with the typed code, message and details of an error Reply', async () => {
    const api = createApi({
      ...new FakeTransport(),
      hasNativePicker: false,
      call: async () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'no case x', details: { caseId: 'x' } } }),
      onEvent: () => () => undefined,
      pickBundle: async () => null,
      resolveFile: async () => ({ path: '' }),
    })
    const err = await api.call('cases.get', { caseId: 'x' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: 'no case x', details: { caseId: 'x' } })
  })

  it('delivers only the subscribed event, typed, until unsubscribed', () => {
    const t = new FakeTransport()
    const api = createApi(t)
    const seen: string[] = []
    const off = api.on('case.updated', (p) => seen.push(p.caseId))
    t.emit('job.progress', { jobId: 'j' })
    t.emit('case.updated', { caseId: 'c1' })
    off()
    t.emit('case.updated', { caseId: 'c2' })
    expect(seen).toEqual(['c1'])
    expect(t.listenerCount).toBe(0)
  })
})
