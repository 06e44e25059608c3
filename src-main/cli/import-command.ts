/**
 * `rtcwb import <file|folder> [--case <id>] [--json]`: parses the bundle in a worker thread with a
 * progress bar on a TTY, writes it to the store in one transaction and prints what was stored.
 */
import { resolve } from 'node:path'
import type { ImportResultDto, JobDto } from '../contract/dto'
import { DomainError } from '../contract/errors'
import type { EventPayload } from '../contract/events'
import type { CliContext } from './context'
import { ProgressBar } from './progress-bar'

export async function importCommand(ctx: CliContext, file: string, opts: { caseId?: string; json: boolean }): Promise<ImportResultDto> {
  const bar = new ProgressBar()
  const early: { name: string; payload: unknown }[] = []
  let jobId: string | null = null
  let settle: ((e: EventPayload<'job.finished'>) => void) | null = null
  const finished = new Promise<EventPayload<'job.finished'>>((ok) => (settle = ok))
  const onEvent = (name: string, payload: unknown) => {
    if (name === 'job.progress' && (payload as JobDto).jobId === jobId) bar.update(payload as JobDto)
    if (name === 'job.finished' && (payload as EventPayload<'job.finished'>).jobId === jobId) settle?.(payload as EventPayload<'job.finished'>)
  }
  // Events can arrive before the call returns the job id: hold them until it is known.
  const unsubscribe = ctx.app.bus.subscribe((name, payload) => (jobId === null ? early.push({ name, payload }) : onEvent(name, payload)))
  const stopOnSignal = () => {
    if (jobId) ctx.app.services.runner.cancel(jobId)
  }
  process.once('SIGINT', stopOnSignal)
  try {
    const input = { path: resolve(file), ...(opts.caseId ? { caseId: opts.caseId } : {}) }
    jobId = (await ctx.call('bundles.import', input)).jobId
    for (const e of early.splice(0)) onEvent(e.name, e.payload)
    const end = await finished
    bar.clear()
    if (end.state !== 'done' || !end.result) {
      throw new DomainError(end.error?.code ?? 'IMPORT_FAILED', end.error?.message ?? `import ${end.state}`)
    }
    return end.result
  } finally {
    bar.clear()
    unsubscribe()
    process.off('SIGINT', stopOnSignal)
  }
}

export function describeImport(r: ImportResultDto): string {
  const lines = [
    `imported bundle ${r.bundleId} into case ${r.caseId}: ${r.entries} entries, ${r.streams} streams, ${r.series} series, ${r.events} events`,
  ]
  for (const d of r.diagnostics) lines.push(`  ${d.severity}: ${d.path ? `${d.path}${d.line ? `:${d.line}` : ''}: ` : ''}${d.message}`)
  return lines.join('\n')
}
