/**
 * Import jobs: starts imports (picked, uploaded or dropped bundles), tracks every job from
 * `job.progress` / `job.finished` (subscribed once), and settles the jobs this window started:
 * done -> listeners (the app navigates to the case) and a diagnostics notice; failed -> an error
 * notice. A job may finish before its `bundles.import` call returns: such events wait in `early`.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { JobDto } from '@contract/dto'
import type { EventPayload } from '@contract/events'
import { ApiError } from '../api/api-error'
import { useApi } from '../api/use-api'
import type { BundleSource } from '../api/transport'
import { useUiStore } from './ui'

type Finished = EventPayload<'job.finished'>

const ACTIVE: ReadonlySet<JobDto['state']> = new Set(['queued', 'running'])
const MAX_REMEMBERED = 100

export const useJobsStore = defineStore('jobs', () => {
  const api = useApi()
  const ui = useUiStore()
  const byId = ref<Record<string, JobDto>>({})
  const uploads = ref<string[]>([])
  const own = new Set<string>()
  const labels = new Map<string, string>()
  const early = new Map<string, Finished>()
  const ended = new Set<string>()
  const importListeners = new Set<(caseId: string) => void>()

  const jobs = computed(() => Object.values(byId.value))
  const hasNativePicker = api.hasNativePicker

  function forget<T>(m: Set<T> | Map<T, unknown>): void {
    while (m.size > MAX_REMEMBERED) m.delete(m.keys().next().value as T)
  }

  function onProgress(job: JobDto): void {
    if (ended.has(job.jobId)) return
    labels.set(job.jobId, job.label)
    forget(labels)
    if (ACTIVE.has(job.state)) byId.value = { ...byId.value, [job.jobId]: job }
    else removeJob(job.jobId)
  }

  function removeJob(jobId: string): void {
    if (!(jobId in byId.value)) return
    const { [jobId]: _gone, ...rest } = byId.value
    byId.value = rest
  }

  function onFinished(f: Finished): void {
    ended.add(f.jobId)
    forget(ended)
    removeJob(f.jobId)
    if (own.has(f.jobId)) settle(f)
    else {
      early.set(f.jobId, f)
      forget(early)
    }
  }

  function settle(f: Finished): void {
    own.delete(f.jobId)
    if (f.state === 'done' && f.result) {
      const diagnostics = f.result.diagnostics
      if (diagnostics.length > 0) ui.reportDiagnostics(labels.get(f.jobId) ?? '', diagnostics)
      for (const l of [...importListeners]) l(f.result.caseId)
    } else if (f.state === 'failed') {
      ui.reportError(new ApiError(f.error ?? { code: 'IMPORT_FAILED', message: labels.get(f.jobId) ?? f.jobId }))
    }
  }

  /** Starts `bundles.import` for a path on the main side's machine; returns the job id. */
  async function importSource(src: BundleSource, caseId?: string): Promise<string> {
    const { jobId } = await api.call('bundles.import', {
      path: src.path,
      ...(src.displayName ? { displayName: src.displayName } : {}),
      ...(caseId ? { caseId } : {}),
    })
    own.add(jobId)
    const done = early.get(jobId)
    if (done) {
      early.delete(jobId)
      settle(done)
    }
    return jobId
  }

  /** Imports a DOM File (file input or drop): uploaded in browser mode, by its path in Electron. */
  async function importFile(file: File, caseId?: string): Promise<string | null> {
    uploads.value = [...uploads.value, file.name]
    try {
      const src = await api.resolveFile(file)
      return await importSource(src, caseId)
    } catch (e) {
      ui.reportError(e)
      return null
    } finally {
      const i = uploads.value.indexOf(file.name)
      uploads.value = uploads.value.filter((_, k) => k !== i)
    }
  }

  /** Opens the native picker (Electron) and imports the choice; null when cancelled. */
  async function importPicked(caseId?: string): Promise<string | null> {
    try {
      const src = await api.pickBundle()
      return src ? await importSource(src, caseId) : null
    } catch (e) {
      ui.reportError(e)
      return null
    }
  }

  async function cancel(jobId: string): Promise<void> {
    try {
      await api.call('jobs.cancel', { jobId })
    } catch (e) {
      ui.reportError(e)
    }
  }

  /** Called with the case id whenever an import this window started is done. */
  function onDidImport(cb: (caseId: string) => void): () => void {
    importListeners.add(cb)
    return () => importListeners.delete(cb)
  }

  /** Picks up jobs that were already running when this window opened. */
  async function refresh(): Promise<void> {
    try {
      for (const job of await api.call('jobs.list', {})) onProgress(job)
    } catch {
      // the events will bring jobs in anyway
    }
  }

  api.on('job.progress', onProgress)
  api.on('job.finished', onFinished)
  void refresh()

  return { jobs, uploads, hasNativePicker, importFile, importPicked, importSource, cancel, onDidImport, refresh }
})
