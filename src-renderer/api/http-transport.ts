/**
 * Browser-mode transport over the loopback server (same origin): `POST /api/<method>` with a JSON
 * body answered by a Reply (also on 4xx), Server-Sent Events on `/api/events` carrying
 * `{ name, payload }`, and `POST /upload?name=` with the raw file bytes answered by `{ path }`.
 * Every request carries the per-launch token in `x-workbench-token` (the SSE URL in `?token=`).
 */
import type { Reply } from '@contract/errors'
import { ApiError, transportError } from './api-error'
import type { BundleSource, Transport } from './transport'

export const TOKEN_HEADER = 'x-workbench-token'

interface EventSourceLike {
  onmessage: ((ev: MessageEvent) => void) | null
  close(): void
}

export interface HttpTransportOptions {
  token: string | null
  /** Origin prefix; '' means this page's origin. */
  base?: string
  fetch?: typeof fetch
  EventSource?: new (url: string) => EventSourceLike
}

export function createHttpTransport(opts: HttpTransportOptions): Transport {
  const base = opts.base ?? ''
  const doFetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const EventSourceImpl = opts.EventSource ?? globalThis.EventSource
  const headers: Record<string, string> = opts.token ? { [TOKEN_HEADER]: opts.token } : {}
  const listeners = new Set<(name: string, payload: unknown) => void>()
  let source: EventSourceLike | null = null

  async function post(path: string, init: RequestInit): Promise<Reply<unknown>> {
    let res: Response
    try {
      res = await doFetch(base + path, { method: 'POST', ...init })
    } catch (e) {
      return { ok: false, error: transportError(`cannot reach the workbench server: ${(e as Error).message}`) }
    }
    return readReply(res)
  }

  function openEvents(): void {
    const query = opts.token ? `?token=${encodeURIComponent(opts.token)}` : ''
    source = new EventSourceImpl(`${base}/api/events${query}`)
    source.onmessage = (ev) => {
      let frame: { name?: unknown; payload?: unknown }
      try {
        frame = JSON.parse(String(ev.data)) as typeof frame
      } catch {
        return // a malformed frame is dropped; the next one is independent
      }
      if (typeof frame.name !== 'string') return
      for (const l of [...listeners]) l(frame.name, frame.payload)
    }
  }

  return {
    call: (method, input) =>
      post(`/api/${encodeURIComponent(method)}`, {
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      }),
    onEvent(listener) {
      listeners.add(listener)
      if (!source) openEvents()
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && source) {
          source.close()
          source = null
        }
      }
    },
    hasNativePicker: false,
    pickBundle: async () => null,
    async resolveFile(file: File): Promise<BundleSource> {
      const reply = await post(`/upload?name=${encodeURIComponent(file.name)}`, { headers: { ...headers }, body: file })
      if (!reply.ok) throw new ApiError(reply.error)
      const path = (reply.value as { path?: unknown } | null)?.path
      if (typeof path !== 'string' || !path) throw new ApiError(transportError('the upload answered without a path'))
      return { path, displayName: file.name }
    },
  }
}

/** The Reply in a response body (the server answers JSON Replies on errors too). */
async function readReply(res: Response): Promise<Reply<unknown>> {
  const text = await res.text().catch(() => '')
  try {
    const body = JSON.parse(text) as unknown
    if (isReply(body)) return body
  } catch {
    // not JSON: fall through to a status-based error
  }
  const code = res.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL'
  return { ok: false, error: transportError(`HTTP ${res.status}: ${text.slice(0, 200) || res.statusText}`, code) }
}

function isReply(x: unknown): x is Reply<unknown> {
  if (typeof x !== 'object' || x === null || !('ok' in x)) return false
  const r = x as { ok: unknown; error?: { code?: unknown; message?: unknown } }
  if (r.ok === true) return 'value' in r
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error.message === 'string'
}
