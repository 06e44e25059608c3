/**
 * Plain-Node entry of the workbench in browser mode (`npm run serve`, `rtcwb serve`, e2e tests):
 * the same app as the desktop window, served on 127.0.0.1 with a per-launch token. Never imports
 * Electron. Prints one line with the URL (token included) and, with --json, a machine-readable line.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { createApp } from './app'
import { UsageError, parseArgs } from './cli/args'
import { appVersion } from './version'
import { rendererDir, resolveDataDir } from './paths'
import { startHttp } from './transport/http'

export interface ServeOptions {
  port?: number
  dataDir?: string
  open?: boolean
  seedDemo?: boolean
  json?: boolean
}

/** Starts the app and its HTTP server; resolves once listening. Ctrl-C / SIGTERM shut it down cleanly. */
export async function serve(opts: ServeOptions): Promise<{ url: string; close(): Promise<void> }> {
  const dataDir = resolveDataDir(opts.dataDir ? { flag: opts.dataDir } : {})
  const app = await createApp({ dataDir, jobsMode: 'worker', seedDemo: opts.seedDemo ?? true, version: appVersion() })
  const http = await startHttp({
    dispatch: app.dispatch, bus: app.bus, rendererDir: rendererDir(), uploadDir: join(dataDir, 'uploads'),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
  })
  if (opts.json) console.log(JSON.stringify({ url: http.url, port: http.port, token: http.token, dataDir }))
  else console.log(`RTC Workbench is serving ${http.url} (data: ${dataDir}); Ctrl-C stops it.`)
  if (opts.open) openInBrowser(http.url)
  let closing: Promise<void> | null = null
  const close = () => (closing ??= http.close().then(() => app.dispose()))
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => void close().then(() => process.exit(0)))
  }
  return { url: http.url, close }
}

function openInBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open'
  execFile(cmd, [url], (err) => {
    if (err) console.error(`could not open a browser (${err.message}); open ${url} yourself`)
  })
}

/**
 * `[--port N] [--data-dir DIR] [--open] [--no-demo] [--json]`: the command line of
 * `node out/main/server.js` and of `rtcwb serve`. Throws a UsageError on a wrong command line.
 */
export async function serveFromArgs(argv: string[]): Promise<void> {
  const args = parseArgs(argv, { boolean: ['open', 'no-demo', 'json'], string: ['port', 'data-dir'] })
  const port = args.flags.port === undefined ? undefined : Number(args.flags.port)
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError(`--port must be 0..65535, not ${String(args.flags.port)}`)
  await serve({
    ...(port !== undefined ? { port } : {}),
    ...(typeof args.flags['data-dir'] === 'string' ? { dataDir: args.flags['data-dir'] } : {}),
    open: args.flags.open === true, seedDemo: args.flags['no-demo'] !== true, json: args.flags.json === true,
  })
}

if (require.main === module) {
  serveFromArgs(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`rtcwb serve: ${(e as Error).message}`)
    process.exit(e instanceof UsageError ? 2 : 1)
  })
}
