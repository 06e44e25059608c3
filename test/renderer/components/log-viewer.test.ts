import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import LogViewer from '@renderer/components/logs/LogViewer.vue'
import type { LogWindow } from '@renderer/lib/log-window'
import { T0, logRow } from '../support/fixtures'
import { mountGlobal } from '../support/mount-env'

const win: LogWindow = { start: 0, rows: Array.from({ length: 40 }, (_, i) => logRow(i + 1, T0 + i * 1000, i === 2 ? { kind: 'event', id: -3, level: 'warning', module: 'ice.state' } : {})), after: { t: 0, id: 40 }, before: null }

function mountViewer(over: Partial<{ window: LogWindow; total: number; focusId: number | null; selected: Map<number, ReturnType<typeof logRow>> }> = {}) {
  return mount(LogViewer, {
    props: { window: win, total: 1_000_000, focusId: null, selected: new Map(), scrollTo: null, shift: null, ...over },
    global: mountGlobal(),
  })
}

describe('LogViewer', () => {
  it('renders only the rows on screen, as a list as tall as every row', () => {
    const w = mountViewer()
    const rows = w.findAll('[data-testid="log-row"]')
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.length).toBeLessThan(40)
    expect(rows[0]!.attributes('data-id')).toBe('1')
    expect(rows[2]!.classes()).toContain('kind-event')
    expect(w.find('.spacer').attributes('style')).toContain('height: 15000000px')
    expect(w.emitted('need')?.[0]).toEqual([0, rows.length + 20, 0])
  })

  it('shows placeholders for rows not loaded yet, and the focused and selected rows', () => {
    const sel = new Map([[2, win.rows[1]!]])
    const w = mountViewer({ window: { ...win, rows: win.rows.slice(0, 3) }, focusId: 1, selected: sel })
    const rows = w.findAll('[data-testid="log-row"]')
    expect(rows[0]!.attributes('data-focused')).toBe('true')
    expect(rows[1]!.attributes('data-selected')).toBe('true')
    expect(rows[3]!.classes()).toContain('pending')
    expect(w.find('[data-testid="log-detail"]').text()).toContain('alice/sdk.log:2')
  })

  it('selects on click: alone, toggled with ctrl, extended with shift', async () => {
    const w = mountViewer()
    const rows = w.findAll('[data-testid="log-row"]')
    await rows[1]!.trigger('click')
    await rows[4]!.trigger('click', { shiftKey: true })
    await rows[5]!.trigger('click', { ctrlKey: true })
    expect(w.emitted('select')!.map(([r, mode]) => [(r as { id: number }).id, mode])).toEqual([[2, 'single'], [5, 'range'], [6, 'toggle']])
  })
})
