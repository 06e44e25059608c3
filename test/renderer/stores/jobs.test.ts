import { describe, expect, it } from 'vitest'
import { useJobsStore } from '../../../src-renderer/stores/jobs'
import { useUiStore } from '../../../src-renderer/stores/ui'
import { job } from '../support/fixtures'
import { FakeTransport } from '../support/fake-transport'
import { createStoreEnv, flush } from '../support/store-env'

const RESULT = { caseId: 'case-9', bundleId: 'b1', entries: 3, streams: 4, series: 20, events: 2, diagnostics: [] }

function setup() {
  let next = 0
  const t = new FakeTransport()
    .handle('jobs.list', () => [])
    .handle('jobs.cancel', () => null)
    .handle('bundles.import', () => ({ jobId: `job-${++next}` }))
  createStoreEnv(t)
  const jobs = useJobsStore()
  const imported: string[] = []
  jobs.onDidImport((caseId) => imported.push(caseId))
  return { t, jobs, ui: useUiStore(), imported }
}

describe('jobs store', () => {
  it('tracks job.progress events and drops a job when it finishes', async () => {
    const { t, jobs } = setup()
    t.emit('job.progress', job({ jobId: 'x', percent: 10 }))
    t.emit('job.progress', job({ jobId: 'x', percent: 55, stage: 'store' }))
    expect(jobs.jobs).toHaveLength(1)
    expect(jobs.jobs[0]).toMatchObject({ jobId: 'x', percent: 55, stage: 'store' })
    t.emit('job.finished', { jobId: 'x', state: 'cancelled' })
    expect(jobs.jobs).toHaveLength(0)
    t.emit('job.progress', job({ jobId: 'x', percent: 60 })) // a late frame must not resurrect it
    expect(jobs.jobs).toHaveLength(0)
  })

  it('announces the case of its own finished import, and shows diagnostics', async () => {
    const { t, jobs, ui, imported } = setup()
    const jobId = await jobs.importFile(new File(['x'], 'a.log'))
    expect(jobId).toBe('job-1')
    expect(t.callsOf('bundles.import')).toEqual([{ path: '/uploads/a.log', displayName: 'a.log' }])
    t.emit('job.progress', job({ jobId: 'job-1', label: 'a.log' }))
    const diagnostics = [{ severity: 'warning', message: 'line 7 is not a log line', path: 'a.log', line: 7 }]
    t.emit('job.finished', { jobId: 'job-1', state: 'done', result: { ...RESULT, diagnostics } })
    expect(imported).toEqual(['case-9'])
    expect(ui.notices).toMatchObject([{ kind: 'warning', message: 'a.log', diagnostics }])
  })

  it('settles an import whose job finished before bundles.import answered', async () => {
    const { t, jobs, imported } = setup()
    t.handle('bundles.import', () => {
      t.emit('job.finished', { jobId: 'fast', state: 'done', result: RESULT })
      return { jobId: 'fast' }
    })
    await jobs.importFile(new File(['x'], 'tiny.log'), 'case-9')
    expect(t.callsOf('bundles.import')).toEqual([{ path: '/uploads/tiny.log', displayName: 'tiny.log', caseId: 'case-9' }])
    expect(imported).toEqual(['case-9'])
  })

  it('shows a failed import as an error notice with the server message, and does not navigate', async () => {
    const { t, jobs, ui, imported } = setup()
    await jobs.importFile(new File(['x'], 'x.txt'))
    const message = 'x.txt is not a dump, log, capture or bundle the workbench can read'
    t.emit('job.finished', { jobId: 'job-1', state: 'failed', error: { code: 'NOT_A_BUNDLE', message } })
    expect(imported).toEqual([])
    expect(ui.notices).toMatchObject([{ kind: 'error', code: 'NOT_A_BUNDLE', message }])
  })

  it('ignores the outcome of jobs other windows started', () => {
    const { t, ui, imported } = setup()
    t.emit('job.finished', { jobId: 'other', state: 'done', result: RESULT })
    t.emit('job.finished', { jobId: 'other2', state: 'failed', error: { code: 'IMPORT_FAILED', message: 'x' } })
    expect(imported).toEqual([])
    expect(ui.notices).toEqual([])
  })

  it('imports the native pick into a case, and cancels through jobs.cancel', async () => {
    const { t, jobs } = setup()
    t.picked = null
    await expect(jobs.importPicked()).resolves.toBeNull()
    t.picked = { path: '/home/u/logs' }
    await expect(jobs.importPicked('case-3')).resolves.toBe('job-1')
    expect(t.callsOf('bundles.import')).toEqual([{ path: '/home/u/logs', caseId: 'case-3' }])
    await jobs.cancel('job-1')
    expect(t.callsOf('jobs.cancel')).toEqual([{ jobId: 'job-1' }])
  })

  it('a rejected bundles.import becomes an error notice', async () => {
    const { t, jobs, ui } = setup()
    t.handle('bundles.import', () => {
      throw { code: 'NOT_FOUND', message: 'no case gone' }
    })
    await expect(jobs.importFile(new File(['x'], 'a.log'), 'gone')).resolves.toBeNull()
    expect(ui.notices).toMatchObject([{ kind: 'error', code: 'NOT_FOUND', message: 'no case gone' }])
    expect(jobs.uploads).toEqual([])
  })

  it('picks up running jobs from jobs.list at start', async () => {
    const t = new FakeTransport().handle('jobs.list', () => [job({ jobId: 'r' }), job({ jobId: 'd', state: 'done' })])
    createStoreEnv(t)
    const jobs = useJobsStore()
    await flush()
    expect(jobs.jobs.map((j) => j.jobId)).toEqual(['r'])
  })
})
