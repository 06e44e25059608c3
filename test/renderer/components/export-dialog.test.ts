/** The export dialog: redaction on by default, the preview lists what was replaced, downloads go through a Blob link. */
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import ExportDialog from '@renderer/components/export/ExportDialog.vue'
import { FakeTransport } from '../support/fake-transport'
import { mountGlobal } from '../support/mount-env'
import { flush } from '../support/store-env'

const report = (i: { format: string; redact: boolean }) => ({
  filename: `case-x.${i.format}`, mimeType: 'text/plain', encoding: i.format === 'pdf' ? 'base64' : 'utf8', content: i.format === 'pdf' ? 'JVBERi0=' : `# Case report (${i.format})`,
  isRedacted: i.redact, redactions: i.redact ? [{ kind: 'ip', original: '203.0.113.7', replacement: '[ip:1a2b3c4d]', count: 2 }] : [],
})

afterEach(() => vi.restoreAllMocks())

describe('ExportDialog', () => {
  it('previews with redaction on by default, and without when unticked', async () => {
    const t = new FakeTransport().handle('reports.render', (i) => report(i as { format: string; redact: boolean }))
    const w = mount(ExportDialog, { props: { caseId: 'case-1' }, global: mountGlobal({ transport: t }), attachTo: document.body })
    expect((w.get('[data-testid="export-redact"]').element as HTMLInputElement).checked).toBe(true)
    await w.get('[data-testid="export-preview"]').trigger('click')
    await flush()
    expect(t.callsOf('reports.render')).toEqual([{ caseId: 'case-1', format: 'md', redact: true, lang: 'en' }])
    expect(w.get('[data-testid="export-redactions"]').text()).toContain('203.0.113.7')
    expect(w.get('[data-testid="export-redactions"]').text()).toContain('[ip:1a2b3c4d]')
    expect(w.get('[data-testid="export-preview-text"]').text()).toBe('# Case report (md)')
    await w.get('[data-testid="export-redact"]').setValue(false)
    await w.get('[data-testid="export-preview"]').trigger('click')
    await flush()
    expect(t.callsOf('reports.render').at(-1)).toMatchObject({ redact: false })
    expect(w.find('[data-testid="export-redactions"]').exists()).toBe(false)
    w.unmount()
  })

  it('downloads the chosen format as a file', async () => {
    const t = new FakeTransport().handle('reports.render', (i) => report(i as { format: string; redact: boolean }))
    const created: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (created.push(b as Blob), 'blob:x'))
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const clicks: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { clicks.push(this.download) })
    const w = mount(ExportDialog, { props: { caseId: 'case-1' }, global: mountGlobal({ transport: t }), attachTo: document.body })
    await w.get('[data-testid="export-format"]').setValue('pdf')
    await w.get('[data-testid="export-download"]').trigger('click')
    await flush()
    expect(clicks).toEqual(['case-x.pdf'])
    expect(new Uint8Array(await created[0]!.arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0x25, 0x50, 0x44, 0x46]))
    w.unmount()
  })
})
