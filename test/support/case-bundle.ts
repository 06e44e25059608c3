/**
 * A realistic case bundle for case-work tests: the demo call (two webrtc-internals dumps, a
 * congested uplink) plus an Agora SDK log with an error line, a public IP, a token and a user id
 * (what redaction must hide). And a helper importing through the contract and waiting for the job.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { App } from '../../src-main/app'
import type { ImportResultDto } from '../../src-main/contract/dto'
import { agora4x, agoraCallScript, T0 } from '../fixtures/generate/text-log'

export const ROOT = resolve(import.meta.dirname, '../..')
export const DEMO = join(ROOT, 'resources/demo/bundle')
export const SECRET_IP = '203.0.113.77'
export const SECRET_TOKEN = `006${'a1b2c3d4'.repeat(4)}IAAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdef`
export const SECRET_UID = '98765432'

/** Writes the bundle folder under `dir` and returns its path. */
export function writeCaseBundle(dir: string, name = 'ticket-bundle'): string {
  const folder = join(dir, name)
  mkdirSync(folder, { recursive: true })
  for (const f of ['alice-webrtc-internals.txt', 'bob-webrtc-internals.txt']) copyFileSync(join(DEMO, f), join(folder, f))
  const lines = agoraCallScript().lines
  lines.push(agora4x(T0 + 30_000, 1001, 'W', `[network]: relay candidate ${SECRET_IP}:3478 selected for uid ${SECRET_UID} token=${SECRET_TOKEN}`))
  lines.push(agora4x(T0 + 30_100, 1001, 'E', 'uplink congestion detected: send bitrate collapsed'))
  writeFileSync(join(folder, 'agorasdk.log'), `${lines.join('\n')}\n`)
  return folder
}

export async function call<T>(app: App, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input, { origin: 'cli' })
  if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { code: r.error.code })
  return r.value as T
}

/** Imports through `bundles.import` and resolves with the job's result (rejects when it fails). */
export async function importAndWait(app: App, path: string, caseId?: string): Promise<ImportResultDto> {
  let jobId: string | null = null
  const seen: { jobId: string; state: string; result?: ImportResultDto; error?: { message: string } }[] = []
  const done = new Promise<ImportResultDto>((ok, fail) => {
    const settle = (p: (typeof seen)[number]) => (p.state === 'done' && p.result ? ok(p.result) : fail(new Error(p.error?.message ?? p.state)))
    const off = app.bus.subscribe((name, payload) => {
      if (name !== 'job.finished') return
      const p = payload as (typeof seen)[number]
      if (jobId === null) seen.push(p)
      else if (p.jobId === jobId) {
        off()
        settle(p)
      }
    })
    void call<{ jobId: string }>(app, 'bundles.import', caseId ? { path, caseId } : { path }).then((r) => {
      jobId = r.jobId
      const early = seen.find((p) => p.jobId === r.jobId)
      if (early) {
        off()
        settle(early)
      }
    }, fail)
  })
  return done
}
