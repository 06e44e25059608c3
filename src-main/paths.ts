/**
 * Where things are on disk: the data directory (store, uploads, user log formats) and the app's own
 * resources. Data dir precedence: --data-dir, then RTC_WORKBENCH_DATA, then Electron's userData (in
 * the app), then $XDG_DATA_HOME/rtc-workbench, then ~/.rtc-workbench.
 */
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

export function resolveDataDir(opts: { flag?: string; electronUserData?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const env = opts.env ?? process.env
  if (opts.flag) return resolve(opts.flag)
  if (env.RTC_WORKBENCH_DATA) return resolve(env.RTC_WORKBENCH_DATA)
  if (opts.electronUserData) return opts.electronUserData
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'rtc-workbench')
  return join(homedir(), '.rtc-workbench')
}

/** The project root: the folder holding package.json above this module (src-main/* in dev, out/main in a build). */
export function appRoot(from: string = __dirname): string {
  let dir = from
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir
    dir = dirname(dir)
  }
  return resolve(from, '../..')
}

export function resourcesDir(root = appRoot()): string {
  return join(root, 'resources')
}

export function rendererDir(root = appRoot()): string | null {
  const dir = join(root, 'out', 'renderer')
  return existsSync(join(dir, 'index.html')) ? dir : null
}

export function workerPath(root = appRoot()): string {
  return join(root, 'out', 'main', 'parse.worker.js')
}
