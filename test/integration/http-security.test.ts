/**
 * The loopback HTTP server's defences, on a real socket: token on every API route, Host check
 * (DNS rebinding), no cross-origin POST, strict CSP on pages, no path escape from the renderer
 * folder, uploads land only in the upload folder, and it listens on 127.0.0.1 only.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp } from '../../src-main/app'
import { type RunningHttp, startHttp } from '../../src-main/transport/http'

let dir: string
let app: App
let http: RunningHttp

/** A raw request, so headers such as Host can be forged the way an attacker would. */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: http.port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${http.port}`, ...opts.headers } }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (c: Buffer) => parts.push(c))
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }))
    })
    req.on('error', fail)
    req.end(opts.body)
  })
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-http-'))
  const renderer = join(dir, 'renderer')
  mkdirSync(renderer)
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>')
  writeFileSync(join(dir, 'secret.txt'), 'do not serve me')
  app = await createApp({ dataDir: join(dir, 'data'), jobsMode: 'inline', log: () => undefined })
  http = await startHttp({ dispatch: app.dispatch, bus: app.bus, rendererDir: renderer, uploadDir: join(dir, 'uploads'), port: 0 })
})
afterAll(async () => {
  await http.close()
  await app.dispose()
  rmSync(dir, { recursive: true, force: true })
})

const json = { 'content-type': 'application/json' }

describe('loopback HTTP server', () => {
  it('listens on 127.0.0.1 only, with a long random token', () => {
    expect((http.server.address() as { address: string }).address).toBe('127.0.0.1')
    expect(http.token).toMatch(/^[0-9a-f]{48}$/)
    expect(http.url).toBe(`http://127.0.0.1:${http.port}/?token=${http.token}`)
  })

  it('answers API calls with the token, refuses them without or with a wrong one', async () => {
    const ok = await raw('/api/cases.list', { method: 'POST', headers: { ...json, 'x-workbench-token': http.token }, body: '{}' })
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: [] })
    expect((await raw('/api/cases.list', { method: 'POST', headers: json, body: '{}' })).status).toBe(401)
    expect((await raw('/api/cases.list', { method: 'POST', headers: { ...json, 'x-workbench-token': 'f'.repeat(48) }, body: '{}' })).status).toBe(401)
    expect((await raw(`/api/events?token=${'0'.repeat(48)}`)).status).toBe(401)
  })

  it('refuses a foreign Host header (DNS rebinding) and a cross-origin POST', async () => {
    expect((await raw('/', { headers: { host: `evil.example:${http.port}` } })).status).toBe(421)
    const cross = await raw('/api/cases.list', { method: 'POST', headers: { ...json, 'x-workbench-token': http.token, origin: 'http://evil.example' }, body: '{}' })
    expect(cross.status).toBe(403)
  })

  it('validates input with the contract and reports bad JSON', async () => {
    const headers = { ...json, 'x-workbench-token': http.token }
    expect(JSON.parse((await raw('/api/cases.create', { method: 'POST', headers, body: '{"title": 5}' })).body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect((await raw('/api/cases.list', { method: 'POST', headers, body: '{nope' })).status).toBe(400)
  })

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const page = await raw('/')
    expect(page.status).toBe(200)
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'")
    expect(String(page.headers['content-security-policy'])).toContain("object-src 'none'")
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const r = await raw(path)
      expect(r.body).not.toContain('do not serve me')
      expect([403, 404]).toContain(r.status)
    }
  })

  it('stores an upload inside the upload folder under a sanitised name', async () => {
    const r = await raw(`/upload?name=${encodeURIComponent('../../evil name.json')}`, { method: 'POST', headers: { 'x-workbench-token': http.token }, body: '{"a":1}' })
    const path = (JSON.parse(r.body) as { value: { path: string } }).value.path
    expect(dirname(dirname(path))).toBe(join(dir, 'uploads'))
    expect(basename(path)).not.toMatch(/^\.|[/\\]/)
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}')
  })
})
