/** The case workflow (allowed transitions, stamps) and SLA clocks (defaults, states, remaining time). */
import { describe, expect, it } from 'vitest'
import { DEFAULT_SLA_TARGETS, slaClocks } from '../../../../src-main/core/cases/sla'
import { DEFAULT_TAXONOMY, categoryLabel, taxonomyIssues } from '../../../../src-main/core/cases/taxonomy'
import { CASE_STATUSES, TRANSITIONS, canTransition, stampsAfter } from '../../../../src-main/core/cases/workflow'

const none = { firstResponseAt: null, resolvedAt: null, closedAt: null }
const MIN = 60_000

describe('status workflow', () => {
  it.each([
    ['new', 'investigating', true], ['new', 'escalated', true], ['new', 'resolved', false], ['investigating', 'new', false],
    ['investigating', 'resolved', true], ['escalated', 'investigating', true], ['resolved', 'closed', true], ['resolved', 'investigating', true],
    ['closed', 'resolved', false], ['closed', 'investigating', true], ['escalated', 'escalated', true],
  ] as const)('%s → %s allowed: %s', (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok)
  })

  it('reaches every status from new, and never returns to new', () => {
    const seen = new Set<string>(['new'])
    const queue = ['new'] as (typeof CASE_STATUSES)[number][]
    while (queue.length) for (const n of TRANSITIONS[queue.shift()!]) if (!seen.has(n)) { seen.add(n); queue.push(n) }
    expect([...seen].sort()).toEqual([...CASE_STATUSES].sort())
    for (const s of CASE_STATUSES) expect(TRANSITIONS[s]).not.toContain('new')
  })

  it('stamps the first response once, resolution and closure, and clears them on reopen', () => {
    const a = stampsAfter('new', 'investigating', none, 100)
    expect(a).toEqual({ firstResponseAt: 100, resolvedAt: null, closedAt: null })
    const b = stampsAfter('investigating', 'resolved', a, 200)
    expect(b).toEqual({ firstResponseAt: 100, resolvedAt: 200, closedAt: null })
    expect(stampsAfter('resolved', 'closed', b, 300)).toEqual({ firstResponseAt: 100, resolvedAt: 200, closedAt: 300 })
    expect(stampsAfter('resolved', 'investigating', b, 400)).toEqual({ firstResponseAt: 100, resolvedAt: null, closedAt: null })
    expect(stampsAfter('new', 'closed', none, 500)).toEqual({ firstResponseAt: 500, resolvedAt: null, closedAt: 500 })
  })
})

describe('SLA clocks', () => {
  const created = 1_000_000_000_000
  const subject = { priority: 'P0' as const, createdAt: created, ...none }

  it('uses the defaults: P0 15 min / 4 h … P3 1 day / 7 days', () => {
    expect(DEFAULT_SLA_TARGETS).toEqual({
      P0: { firstResponseMin: 15, resolutionMin: 240 }, P1: { firstResponseMin: 60, resolutionMin: 1440 },
      P2: { firstResponseMin: 240, resolutionMin: 4320 }, P3: { firstResponseMin: 1440, resolutionMin: 10080 },
    })
  })

  it('runs, goes overdue, and is met or breached when stopped', () => {
    expect(slaClocks(subject, DEFAULT_SLA_TARGETS, created + 5 * MIN).firstResponse).toEqual({ targetMin: 15, dueAt: created + 15 * MIN, stoppedAt: null, state: 'running', remainingMs: 10 * MIN })
    expect(slaClocks(subject, DEFAULT_SLA_TARGETS, created + 20 * MIN).firstResponse).toMatchObject({ state: 'overdue', remainingMs: -5 * MIN })
    const met = slaClocks({ ...subject, firstResponseAt: created + 14 * MIN }, DEFAULT_SLA_TARGETS, created + 99 * MIN)
    expect(met.firstResponse).toMatchObject({ state: 'met', remainingMs: MIN })
    expect(met.resolution).toMatchObject({ state: 'running', dueAt: created + 240 * MIN })
    const closed = slaClocks({ ...subject, closedAt: created + 300 * MIN }, DEFAULT_SLA_TARGETS, created + 999 * MIN)
    expect(closed.resolution).toMatchObject({ state: 'breached', remainingMs: -60 * MIN })
  })
})

describe('root-cause taxonomy', () => {
  it('covers the issue\'s categories, valid and labelled in both languages', () => {
    expect(taxonomyIssues(DEFAULT_TAXONOMY)).toEqual([])
    for (const id of ['network.uplink-congestion', 'network.turn-relay', 'device.thermal', 'codec.configuration', 'app.token', 'service.edge-region', 'env.cellular-handover']) {
      expect(DEFAULT_TAXONOMY.categories.map((c) => c.id)).toContain(id)
    }
    expect(categoryLabel(DEFAULT_TAXONOMY, 'env.wifi', 'zh')).toBe('Wi-Fi')
    expect(categoryLabel(DEFAULT_TAXONOMY, 'retired.thing', 'en')).toBe('retired.thing')
    expect(taxonomyIssues({ groups: [{ id: 'a', label: { en: 'A', zh: 'A' } }], categories: [{ id: 'b.x', group: 'b', label: { en: 'X', zh: 'X' } }] })).toEqual(['category b.x is in unknown group b'])
  })
})
