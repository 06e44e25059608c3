import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { job } from '../support/fixtures'
import JobProgress from '@renderer/components/jobs/JobProgress.vue'
import { mountGlobal } from '../support/mount-env'

describe('JobProgress', () => {
  it('shows label, stage, rounded percent, bytes in human units and a progress bar', () => {
    const w = mount(JobProgress, { props: { job: job() }, global: mountGlobal() })
    const root = w.get('[data-testid="job-progress"]')
    expect(root.attributes('data-state')).toBe('running')
    expect(w.text()).toContain('bundle.zip')
    expect(w.get('[data-testid="job-stage"]').text()).toBe('Parsing')
    expect(w.get('[data-testid="job-percent"]').text()).toBe('42%')
    expect(w.get('[data-testid="job-bytes"]').text()).toBe('5.0 MB of 12 MB')
    expect((w.get('progress').element as HTMLProgressElement).getAttribute('value')).toBe('42')
  })

  it('speaks Chinese in zh-CN and names a queued job as queued', () => {
    const w = mount(JobProgress, { props: { job: job({ state: 'queued', stage: 'read', bytesTotal: 0 }) }, global: mountGlobal({ locale: 'zh-CN' }) })
    expect(w.get('[data-testid="job-stage"]').text()).toBe('排队中')
    expect(w.find('[data-testid="job-bytes"]').exists()).toBe(false)
    expect(w.get('[data-testid="job-cancel"]').text()).toBe('取消')
  })

  it('emits cancel with the job id once', async () => {
    const w = mount(JobProgress, { props: { job: job({ jobId: 'j-7' }) }, global: mountGlobal() })
    await w.get('[data-testid="job-cancel"]').trigger('click')
    expect(w.emitted('cancel')).toEqual([['j-7']])
    expect(w.get('[data-testid="job-cancel"]').attributes('disabled')).toBeDefined()
  })
})
