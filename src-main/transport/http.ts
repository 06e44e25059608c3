/**
 * The loopback HTTP binding (browser mode, CLI `serve`, integration and e2e tests). Listens on
 * 127.0.0.1 only. Every API route needs the per-launch token (header `x-workbench-token`, or `token`
 * query parameter for the EventSource stream); every request's Host must be this server (DNS
 * rebinding), and a cross-origin POST is refused. Static files come from the built renderer with a
 * strict CSP. Routes: POST /api/:method, GET /api/events (SSE), POST /upload, GET /* (static).
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { createReadStream, createWriteStream, mkdirSync, statSync } from 'node:fs'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { limitBytes } from '../jobs/limits'
import type { Dispatch } from './dispatch'
import type { EventBus } from './event-bus'

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
}
const MAX_JSON_BYTES = 16 * 1024 * 1024
const MAX_UPLOAD_BYTES = 8 * 1024 ** 3

export interface HttpOptions {
  dispatch: Dispatch
  bus: EventBus
  rendererDir: string | null
  uploadDir: string
  port?: number
  token?: string
}

export interface RunningHttp { server: Server; port: number; token: string; url: string; close(): Promise<void> }

export async function startHttp(opts: HttpOptions): Promise<RunningHttp> {
  const token = opts.token ?? randomBytes(24).toString('hex')
  const sseClients = new Set<ServerResponse>()
  const unsubscribe = opts.bus.subscribe((name, payload) => {
    const frame = `data: ${JSON.stringify({ name, payload })}\n\n`
    for (const res of sseClients) res.write(frame)
  })
  let port = 0
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: (e as Error).message } }))
  })
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? ''
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return sendText(res, 421, 'wrong Host')
    const url = new URL(req.url ?? '/', `http://${host}`)
    const origin = req.headers.origin
    if (req.method === 'POST' && origin !== undefined && origin !== `http://${host}`) return sendText(res, 403, 'cross-origin request refused')
    if (url.pathname.startsWith('/api/') || url.pathname === '/upload') {
      const given = String(req.headers['x-workbench-token'] ?? (url.pathname === '/api/events' ? (url.searchParams.get('token') ?? '') : ''))
      if (!sameToken(given, token)) return sendJson(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'missing or wrong workbench token' } })
    }
    if (req.method === 'GET' && url.pathname === '/api/events') return openSse(res, sseClients)
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const method = decodeURIComponent(url.pathname.slice('/api/'.length))
      let input: unknown
      try {
        input = JSON.parse((await readBody(req, MAX_JSON_BYTES)) || '{}')
      } catch (e) {
        return sendJson(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: `body is not JSON: ${(e as Error).message}` } })
      }
      return sendJson(res, 200, await opts.dispatch(method, input, { origin: 'http' }))
    }
    if (req.method === 'POST' && url.pathname === '/upload') return upload(req, res, url, opts.uploadDir)
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(res, opts.rendererDir, url.pathname)
    return sendText(res, 405, 'method not allowed')
  }
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok())
  })
  port = (server.address() as AddressInfo).port
  return {
    server, port, token, url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () => new Promise<void>((ok) => {
      unsubscribe()
      for (const res of sseClients) res.end()
      server.closeAllConnections()
      server.close(() => ok())
    }),
  }
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function openSse(res: ServerResponse, clients: Set<ServerResponse>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
  res.write(': connected\n\n')
  clients.add(res)
  res.on('close', () => clients.delete(res))
}

async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const parts: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > max) throw new Error(`request body over ${max} bytes`)
    parts.push(chunk)
  }
  return Buffer.concat(parts).toString('utf8')
}

/** Streams the body to `<uploadDir>/<uuid>/<safe name>` and answers `{ path }`. */
async function upload(req: IncomingMessage, res: ServerResponse, url: URL, uploadDir: string): Promise<void> {
  const name = (url.searchParams.get('name') ?? 'bundle').replace(/[^\w.\- ]+/g, '_').replace(/^\.+/, '').slice(0, 200) || 'bundle'
  const dir = join(uploadDir, randomUUID())
  mkdirSync(dir, { recursive: true })
  const path = join(dir, name)
  try {
    await pipeline(req, limitBytes(MAX_UPLOAD_BYTES, name), createWriteStream(path))
  } catch (e) {
    return sendJson(res, 413, { ok: false, error: { code: 'INVALID_INPUT', message: (e as Error).message } })
  }
  sendJson(res, 200, { ok: true, value: { path } })
}

function serveStatic(res: ServerResponse, rendererDir: string | null, pathname: string): void {
  if (!rendererDir) return sendText(res, 404, 'no renderer build: run `npm run build`')
  const root = resolve(rendererDir)
  const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '')
  const file = resolve(root, normalize(rel))
  if (file !== root && !file.startsWith(root + sep)) return sendText(res, 403, 'outside the renderer folder')
  let size: number
  try {
    const st = statSync(file)
    if (!st.isFile()) return sendText(res, 404, 'not found')
    size = st.size
  } catch {
    return sendText(res, 404, 'not found')
  }
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-length': size,
    'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  })
  createReadStream(file).pipe(res)
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
  res.end(text)
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
  res.end(text)
}
