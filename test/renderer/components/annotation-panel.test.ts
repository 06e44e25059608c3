/** The annotation panel over a fake transport: notes rendered safely, create with category and evidence, edit, undo. */
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import AnnotationPanel from '@renderer/components/annotations/AnnotationPanel.vue'
import SlaClocks from '@renderer/components/cases/SlaClocks.vue'
import { useAnnotationsStore } from '@renderer/stores/annotations'
import { DEFAULT_TAXONOMY } from '../../../src-main/core/cases/taxonomy'
import type { AnnotationDto } from '../../../src-main/contract/cases-dto'
import { FakeTransport } from '../support/fake-transport'
import { caseSummary } from '../support/fixtures'
import { mountGlobal } from '../support/mount-env'
import { flush } from '../support/store-env'

const T = Date.UTC(2025, 8, 16, 14, 4, 11)
const note = (over: Partial<AnnotationDto> = {}): AnnotationDto => ({
  id: 'a1', caseId: 'case-1', start: T, end: T + 60_000, streamId: null, streamLabel: null, participant: 'alice', category: 'network.uplink-congestion',
  confidence: 0.8, note: 'Uplink **congested** <script>alert(1)</script>', evidence: [{ kind: 'log', lineId: 42, label: 'agorasdk.log:7 invalid send bitrate' }],
  createdAt: T, updatedAt: T, ...over,
})

function transport(list: AnnotationDto[]) {
  return new FakeTransport()
    .handle('taxonomy.get', () => DEFAULT_TAXONOMY)
    .handle('annotations.list', () => list)
    .handle('cases.history', () => [{ id: 'h1', seq: 1, target: 'annotation', targetId: 'a1', action: 'create', at: T, summary: 'x', undoneBy: null, isUndoable: true }])
    .handle('findings.list', () => ({ caseId: 'case-1', analyzedAt: T, findings: [{ id: 'f1', signature: 'direction/uplink', detectorId: 'direction', category: 'network', severity: 'error', title: { en: 'Uplink congested', zh: '上行拥塞' }, start: T - 1000, end: T + 5000, participant: 'alice', streamKey: 's' }] }))
    .handle('timeline.get', () => ({ caseId: 'case-1', timeStart: T, timeEnd: T, streams: [], series: [], events: [] }))
    .handle('annotations.create', (i) => ({ ...note(), ...(i as object), id: 'a2' }))
    .handle('cases.undo', () => ({ undone: null }))
}

describe('AnnotationPanel', () => {
  it('lists annotations with their category label and a sanitised Markdown note', async () => {
    const t = transport([note()])
    const w = mount(AnnotationPanel, { global: mountGlobal({ transport: t, locale: 'zh-CN' }) })
    await useAnnotationsStore().open('case-1')
    await flush()
    const item = w.get('[data-testid="annotation"]')
    expect(item.get('[data-testid="annotation-category"]').text()).toBe('上行拥塞')
    const md = item.get('[data-testid="markdown"]').html()
    expect(md).toContain('<strong>congested</strong>')
    expect(md).not.toContain('<script')
    expect(item.text()).toContain('agorasdk.log:7 invalid send bitrate')
  })

  it('creates an annotation from the form: range, category, confidence, finding evidence and log line ids', async () => {
    const t = transport([])
    const w = mount(AnnotationPanel, { global: mountGlobal({ transport: t }) })
    await useAnnotationsStore().open('case-1')
    await flush()
    expect(w.find('[data-testid="annotations-empty"]').exists()).toBe(true)
    await w.get('[data-testid="annotation-add"]').trigger('click')
    await w.get('[data-testid="annotation-start"]').setValue('2025-09-16T14:04:11')
    await w.get('[data-testid="annotation-end"]').setValue('2025-09-16T14:05:11')
    await w.get('[data-testid="category-picker"]').setValue('network.loss-burst')
    await w.get('[data-testid="annotation-confidence"]').setValue('70')
    await w.get('[data-testid="annotation-note"]').setValue('Loss bursts on **Wi-Fi**')
    await w.get('[data-testid="evidence-finding"]').setValue(true)
    await w.get('[data-testid="annotation-log-lines"]').setValue('12, 13')
    await w.get('[data-testid="annotation-form"]').trigger('submit')
    await flush()
    expect(t.callsOf('annotations.create')).toEqual([{
      caseId: 'case-1', start: T, end: T + 60_000, streamId: null, category: 'network.loss-burst', confidence: 0.7, note: 'Loss bursts on **Wi-Fi**',
      evidence: [{ kind: 'finding', findingId: 'f1', signature: 'direction/uplink', label: '' }, { kind: 'log', lineId: 12, label: '' }, { kind: 'log', lineId: 13, label: '' }],
    }])
    expect(w.find('[data-testid="annotation-form"]').exists()).toBe(false)
  })

  it('refuses an end before the start without calling the main side', async () => {
    const t = transport([])
    const w = mount(AnnotationPanel, { props: { range: { start: T + 5000, end: T } }, global: mountGlobal({ transport: t }) })
    await useAnnotationsStore().open('case-1')
    await w.setProps({ range: { start: T + 5000, end: T } })
    await flush()
    await w.get('[data-testid="category-picker"]').setValue('env.wifi')
    await w.get('[data-testid="annotation-form"]').trigger('submit')
    expect(w.find('[data-testid="annotation-range-error"]').exists()).toBe(true)
    expect(t.callsOf('annotations.create')).toEqual([])
  })
})

describe('SlaClocks', () => {
  it('shows time left, overdue and met, in both languages', () => {
    const c = caseSummary()
    const now = c.sla.firstResponse.dueAt - 12 * 60_000
    const w = mount(SlaClocks, { props: { sla: c.sla, now }, global: mountGlobal() })
    expect(w.get('[data-testid="sla-firstResponse"]').attributes('data-state')).toBe('running')
    expect(w.get('[data-testid="sla-firstResponse"]').text()).toContain('12m left')
    const late = mount(SlaClocks, { props: { sla: c.sla, now: c.sla.firstResponse.dueAt + 3_600_000 }, global: mountGlobal({ locale: 'zh-CN' }) })
    expect(late.get('[data-testid="sla-firstResponse"]').text()).toContain('已超时 1h 00m')
    const met = { ...c.sla, firstResponse: { ...c.sla.firstResponse, stoppedAt: c.sla.firstResponse.dueAt - 60_000, state: 'met' as const } }
    expect(mount(SlaClocks, { props: { sla: met, now }, global: mountGlobal() }).get('[data-testid="sla-firstResponse"]').attributes('data-state')).toBe('met')
  })
})
