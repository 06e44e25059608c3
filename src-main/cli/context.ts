/**
 * What every CLI command gets: the app opened on the chosen data directory (parsing in worker
 * threads, exactly as in the desktop app), and a typed `call` through the same dispatcher and
 * contract validation as IPC and HTTP.
 */
import { type App, createApp } from '../app'
import type { JobDto } from '../contract/dto'
import { DomainError } from '../contract/errors'
import type { In, MethodName, Out } from '../contract/methods'
import { resolveDataDir } from '../paths'
import { appVersion } from '../version'
import { ProgressBar } from './progress-bar'

export interface CliContext {
  app: App
  call<M extends MethodName>(method: M, input: In<M>): Promise<Out<M>>
}

export async function openCli(dataDirFlag: string | undefined): Promise<CliContext> {
  const dataDir = resolveDataDir(dataDirFlag ? { flag: dataDirFlag } : {})
  const app = await createApp({ dataDir, jobsMode: 'worker', seedDemo: false, version: appVersion(), log: () => undefined })
  return {
    app,
    async call(method, input) {
      const reply = await app.dispatch(method, input, { origin: 'cli' })
      if (!reply.ok) throw new DomainError(reply.error.code, reply.error.message, reply.error.details)
      return reply.value as never
    },
  }
}

/**
 * Runs `work` with a progress bar fed by every job.progress event (a CLI process runs one job at a
 * time, so each is the command's own), and clears the bar however `work` ends.
 */
export async function withJobProgress<T>(ctx: CliContext, work: () => Promise<T>): Promise<T> {
  const bar = new ProgressBar()
  const off = ctx.app.bus.subscribe((name, payload) => {
    if (name === 'job.progress') bar.update(payload as JobDto)
  })
  try {
    return await work()
  } finally {
    off()
    bar.clear()
  }
}
