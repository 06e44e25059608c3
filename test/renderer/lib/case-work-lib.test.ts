/** Renderer helpers of case work: safe Markdown, SLA countdowns, the workflow mirror, UTC inputs. */
import { describe, expect, it } from 'vitest'
import { TRANSITIONS } from '../../../src-main/core/cases/workflow'
import { parseUtcInput, utcInputValue } from '../../../src-renderer/lib/download'
import { renderMarkdown } from '../../../src-renderer/lib/markdown'
import { shortDuration, slaView } from '../../../src-renderer/lib/sla'
import { NEXT_STATUSES, statusChoices } from '../../../src-renderer/lib/workflow'

describe('renderMarkdown', () => {
  it('renders Markdown and strips scripts, handlers, iframes and remote images', () => {
    const html = renderMarkdown('**bold** [doc](https://example.test) <script>alert(1)</script> <img src="https://evil.test/x.png" onerror="alert(2)"> <iframe src="x"></iframe> [js](javascript:alert(3))')
    expect(html).toContain('<strong>bold</strong>')
    expect(html).toContain('href="https://example.test"')
    expect(html).toContain('target="_blank"')
    const el = document.createElement('div')
    el.innerHTML = html
    expect(el.querySelectorAll('script, img, iframe').length).toBe(0)
    expect([...el.querySelectorAll('*')].flatMap((e) => e.getAttributeNames()).filter((n) => n.startsWith('on'))).toEqual([])
    expect([...el.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://example.test'])
    expect(el.textContent).toContain('<script>alert(1)</script>') // shown as text
  })
})

describe('SLA countdown', () => {
  const clock = { targetMin: 15, dueAt: 1_000_000, stoppedAt: null, state: 'running' as const }
  it('counts down against the viewer clock and flips to overdue', () => {
    expect(slaView(clock, 1_000_000 - 5 * 60_000)).toEqual({ state: 'running', remainingMs: 300_000, text: '5m' })
    expect(slaView(clock, 1_000_000 + 3_700_000)).toMatchObject({ state: 'overdue', text: '1h 01m' })
    expect(slaView({ ...clock, stoppedAt: 999_000 }, 5e9)).toMatchObject({ state: 'met', remainingMs: 1000 })
    expect(shortDuration(-2 * 86_400_000 - 3_600_000)).toBe('2d 01h')
  })
})

describe('workflow mirror', () => {
  it('offers exactly the transitions the main side allows', () => {
    expect(NEXT_STATUSES).toEqual(TRANSITIONS)
    expect(statusChoices('resolved')).toEqual(['resolved', 'closed', 'investigating'])
  })
})

describe('UTC datetime inputs', () => {
  it('round-trips epoch ms to the input value, read as UTC', () => {
    const ms = Date.UTC(2025, 8, 16, 14, 4, 11)
    expect(utcInputValue(ms)).toBe('2025-09-16T14:04:11')
    expect(parseUtcInput('2025-09-16T14:04:11')).toBe(ms)
    expect(parseUtcInput('2025-09-16T14:04')).toBe(ms - 11_000)
    expect(parseUtcInput('')).toBeNull()
  })
})
