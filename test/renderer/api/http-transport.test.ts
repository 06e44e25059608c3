import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../../src-renderer/api/api-error'
import { createApi } from '../../../src-renderer/api/client'
import { takeToken } from '../../../src-renderer/api/http-token'
import { TOKEN_HEADER, createHttpTransport } from '../../../src-renderer/api/http-transport'
import { useJobsStore } from '../../../src-renderer/stores/jobs'
import { createStoreEnv, flush } from '../support/store-env'

type FetchArgs = [string, RequestInit]

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

/** A fetch stub answering by path; records every request. */
function stubFetch(answers: Record<string, (init: RequestInit) => Response>) {
  const requests: FetchArgs[] = []
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    requests.push([url, init])
    const path = url.split('?')[0]!
    const answer = answers[path]
    return answer ? answer(init) : jsonResponse({ ok: false, error: { code: 'NOT_FOUND', message: 'nothing here' } }, 404)
  })
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests }
}

class FakeEventSource {
  static last: FakeEventSource | null = null
  onmessage: ((ev: MessageEvent) => void) | null = null
  isClosed = false
  constructor(readonly url: string) {
    FakeEventSource.last = this
  }
  close(): void {
    this.isClosed = true
  }
  push(data: string): void {
    this.onmessage?.({ data } as MessageEvent)
  }
}

/** The most recent fake stream (a function: TS would narrow a static read after `last = null`). */
const lastSource = (): FakeEventSource | null => FakeEventSource.last

afterEach(() => vi.restoreAllMocks())

describe('http transport', () => {
  it('POSTs JSON to /api/<method> with the token header and returns the Reply', async () => {
    const { fetch, requests } = stubFetch({ '/api/cases.list': () => jsonResponse({ ok: true, value: [] }) })
    const api = createApi(createHttpTransport({ token: 'abc123', fetch }))
    await expect(api.call('cases.list', { query: 'q' })).resolves.toEqual([])
    const [url, init] = requests[0]!
    expect(url).toBe('/api/cases.list')
    expect(init.method).toBe('POST')
    expect(init.headers).toMatchObject({ [TOKEN_HEADER]: 'abc123', 'content-type': 'application/json' })
    expect(JSON.parse(String(init.body))).toEqual({ query: 'q' })
  })

  it('reads the Reply JSON of 4xx answers as a typed ApiError', async () => {
    const { fetch } = stubFetch({
      '/api/cases.get': () => jsonResponse({ ok: false, error: { code: 'UNAUTHORIZED', message: 'missing or wrong workbench token' } }, 401),
    })
    const api = createApi(createHttpTransport({ token: null, fetch }))
    const err = await api.call('cases.get', { caseId: 'x' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'UNAUTHORIZED', message: 'missing or wrong workbench token' })
  })

  it('turns network failures and non-JSON answers into error Replies, never rejections', async () => {
    const failing = createHttpTransport({ token: 't', fetch: (async () => { throw new TypeError('Failed to fetch') }) as typeof fetch })
    await expect(failing.call('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    const html = createHttpTransport({ token: 't', fetch: (async () => new Response('<h1>oops</h1>', { status: 502 })) as typeof fetch })
    const reply = await html.call('app.info', {})
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(!reply.ok && reply.error.message).toContain('502')
  })

  it('uploads the raw file, then imports the uploaded path with its display name and case', async () => {
    const { fetch, requests } = stubFetch({
      '/upload': () => jsonResponse({ ok: true, value: { path: '/data/uploads/u1/call log.zip' } }),
      '/api/bundles.import': () => jsonResponse({ ok: true, value: { jobId: 'job-9' } }),
      '/api/jobs.list': () => jsonResponse({ ok: true, value: [] }),
    })
    FakeEventSource.last = null
    createStoreEnv(createHttpTransport({ token: 'tok', fetch, EventSource: FakeEventSource }))
    const jobs = useJobsStore()
    const file = new File(['PK\u0003\u0004'], 'call log.zip')
    await expect(jobs.importFile(file, 'case-7')).resolves.toBe('job-9')

    const upload = requests.find(([u]) => u.startsWith('/upload'))!
    expect(upload[0]).toBe(`/upload?name=${encodeURIComponent('call log.zip')}`)
    expect(upload[1].method).toBe('POST')
    expect(upload[1].headers).toMatchObject({ [TOKEN_HEADER]: 'tok' })
    expect(upload[1].body).toBe(file)
    const importIdx = requests.findIndex(([u]) => u === '/api/bundles.import')
    expect(importIdx).toBeGreaterThan(requests.indexOf(upload))
    expect(JSON.parse(String(requests[importIdx]![1].body))).toEqual({
      path: '/data/uploads/u1/call log.zip', displayName: 'call log.zip', caseId: 'case-7',
    })
    expect(lastSource()?.url).toBe('/api/events?token=tok')
  })

  it('a failed upload reports the server error and never calls bundles.import', async () => {
    const { fetch, requests } = stubFetch({
      '/upload': () => jsonResponse({ ok: false, error: { code: 'INVALID_INPUT', message: 'x.bin is over the upload limit' } }, 413),
      '/api/jobs.list': () => jsonResponse({ ok: true, value: [] }),
    })
    createStoreEnv(createHttpTransport({ token: 'tok', fetch, EventSource: FakeEventSource }))
    const jobs = useJobsStore()
    await expect(jobs.importFile(new File(['x'], 'x.bin'))).resolves.toBeNull()
    expect(requests.some(([u]) => u === '/api/bundles.import')).toBe(false)
    const { useUiStore } = await import('../../../src-renderer/stores/ui')
    expect(useUiStore().notices.map((n) => [n.code, n.message])).toEqual([['INVALID_INPUT', 'x.bin is over the upload limit']])
  })

  it('parses SSE frames { name, payload } and closes the stream with the last listener', async () => {
    const t = createHttpTransport({ token: 'a b', EventSource: FakeEventSource, fetch: vi.fn() as unknown as typeof fetch })
    const seen: [string, unknown][] = []
    const off = t.onEvent((n, p) => seen.push([n, p]))
    const es = lastSource()!
    expect(es.url).toBe('/api/events?token=a%20b')
    es.push(JSON.stringify({ name: 'case.updated', payload: { caseId: 'c1' } }))
    es.push('not json')
    es.push(JSON.stringify({ payload: 1 }))
    await flush(1)
    expect(seen).toEqual([['case.updated', { caseId: 'c1' }]])
    off()
    expect(es.isClosed).toBe(true)
  })
})

describe('takeToken', () => {
  function env(href: string, stored: string | null = null) {
    const storage = new Map<string, string>(stored ? [['rtcwb.token', stored]] : [])
    const replaced: string[] = []
    return {
      replaced,
      storage,
      env: {
        location: { href },
        history: { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
        storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
      },
    }
  }

  it('takes the token from the URL, stores it and strips it from the address bar (keeping the route)', () => {
    const e = env('http://127.0.0.1:5175/?token=deadbeef&x=1#/cases/c1')
    expect(takeToken(e.env)).toBe('deadbeef')
    expect(e.storage.get('rtcwb.token')).toBe('deadbeef')
    expect(e.replaced).toEqual(['/?x=1#/cases/c1'])
  })

  it('falls back to the stored token after a reload and leaves the URL alone', () => {
    const e = env('http://127.0.0.1:5175/#/', 'cafe')
    expect(takeToken(e.env)).toBe('cafe')
    expect(e.replaced).toEqual([])
  })
})
