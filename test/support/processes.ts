/**
 * Real child processes of the built workbench for store-safety tests: the CLI (`bin/rtcwb.cjs`) and
 * the browser-mode server (`out/main/server.js`) on a given data directory, an API client for the
 * server, and a wait for a file (the store's WAL) to grow: the sign a transaction is writing.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

export const ROOT = resolve(import.meta.dirname, '../..')
export const BIN = join(ROOT, 'bin/rtcwb.cjs')
export const SERVER = join(ROOT, 'out/main/server.js')

export function requireBuild(): void {
  for (const f of [join(ROOT, 'out/main/cli.js'), SERVER]) if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first`)
}

export function spawnCli(args: string[]): ChildProcess & { exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)))
  return Object.assign(child, { exited })
}

export interface Server { port: number; token: string; child: ChildProcess; exited: Promise<unknown>; call<T>(method: string, input?: unknown): Promise<T> }

export async function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, [SERVER, '--port', '0', '--data-dir', dataDir, '--json', '--no-demo'], { stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise((ok) => child.once('exit', ok))
  const first = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).once('line', ok)
    child.once('exit', (code) => fail(new Error(`server exited with ${code} before listening`)))
  })
  const info = JSON.parse(first) as { port: number; token: string }
  return {
    ...info, child, exited,
    async call<T>(method: string, input: unknown = {}): Promise<T> {
      const res = await fetch(`http://127.0.0.1:${info.port}/api/${method}`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-workbench-token': info.token }, body: JSON.stringify(input),
      })
      const reply = (await res.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } }
      if (!reply.ok) throw new Error(`${method}: ${reply.error?.code} ${reply.error?.message}`)
      return reply.value as T
    },
  }
}

/** Resolves once `path` exists and holds at least `bytes` bytes; rejects after `timeoutMs`. */
export async function waitForSize(path: string, bytes: number, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now()
  for (;;) {
    if (existsSync(path) && statSync(path).size >= bytes) return
    if (Date.now() - t0 > timeoutMs) throw new Error(`${path} did not reach ${bytes} bytes in ${timeoutMs} ms`)
    await new Promise((ok) => setTimeout(ok, 10))
  }
}
