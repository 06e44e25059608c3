/** Evidence references: log viewer rows as references, no duplicates, where a link goes, findings in range first. */
import { describe, expect, it } from 'vitest'
import type { CaseFindingDto } from '../../../src-main/contract/cases-dto'
import type { LogRowDto } from '../../../src-main/contract/dto'
import { addEvidence, evidenceKey, evidenceRowId, evidenceTarget, findingsByOverlap, rowEvidence } from '../../../src-renderer/lib/evidence'

const row = (over: Partial<LogRowDto>): LogRowDto => ({
  id: 12, kind: 'log', entryId: 1, path: 'sdk.log', line: 7, t: 5000, isTimed: true, level: 'info', module: 'net', message: 'bitrate low', ...over,
})
const finding = (id: string, start: number, end: number, signature = `sig/${id}`) => ({
  id, signature, detectorId: 'd', category: 'network', severity: 'warning', title: { en: id, zh: id }, start, end, participant: 'alice', streamKey: null,
}) as unknown as CaseFindingDto

describe('rowEvidence', () => {
  it('references a line by its id and an event by minus its row id, with label and time', () => {
    expect(rowEvidence(row({}))).toEqual({ kind: 'log', lineId: 12, label: 'sdk.log:7 bitrate low', t: 5000 })
    expect(rowEvidence(row({ id: -3, kind: 'event', line: null, module: 'ice.state', message: 'failed' }))).toEqual({ kind: 'event', eventId: 3, label: 'ice.state: failed', t: 5000 })
    expect(rowEvidence(row({ line: null })).label).toBe('sdk.log bitrate low')
    expect(rowEvidence(row({ message: 'x'.repeat(900) })).label).toHaveLength(500)
  })

  it('maps references back to log viewer row ids', () => {
    expect(evidenceRowId(rowEvidence(row({ id: -3, kind: 'event' })))).toBe(-3)
    expect(evidenceRowId(rowEvidence(row({})))).toBe(12)
    expect(evidenceRowId({ kind: 'finding', findingId: 'f', signature: '', label: '' })).toBeNull()
  })
})

describe('addEvidence', () => {
  it('appends what is not referenced yet, once', () => {
    const a = rowEvidence(row({}))
    const b = rowEvidence(row({ id: -3, kind: 'event' }))
    const list = addEvidence([a], [a, b, { ...b, label: 'other label' }])
    expect(list.map(evidenceKey)).toEqual(['log:12', 'event:3'])
  })
})

describe('evidenceTarget', () => {
  const annotation = { start: 1000, end: 9000 }
  const findings = [finding('f1', 2000, 2500), finding('f2', 3000, 8000, 'sig/shared')]
  it("goes to a finding's range (by id, else by signature), at least a second wide", () => {
    expect(evidenceTarget({ kind: 'finding', findingId: 'f1', signature: '', label: '' }, findings, annotation)).toEqual({ t: 2000, range: { start: 2000, end: 3000 }, rowId: null })
    expect(evidenceTarget({ kind: 'finding', findingId: 'gone', signature: 'sig/shared', label: '' }, findings, annotation).range).toEqual({ start: 3000, end: 8000 })
    expect(evidenceTarget({ kind: 'finding', findingId: 'gone', signature: '', label: '' }, findings, annotation)).toEqual({ t: 1000, range: annotation, rowId: null })
  })

  it("goes to a line's or event's time and row, else the annotation's start", () => {
    expect(evidenceTarget({ kind: 'log', lineId: 12, label: '', t: 4321 }, findings, annotation)).toEqual({ t: 4321, rowId: 12 })
    expect(evidenceTarget({ kind: 'event', eventId: 3, label: '' }, findings, annotation)).toEqual({ t: 1000, rowId: -3 })
  })
})

describe('findingsByOverlap', () => {
  it('lists findings overlapping the range first, keeping the order within each group', () => {
    const list = [finding('a', 0, 10), finding('b', 50, 60), finding('c', 5, 55), finding('d', 100, 200)]
    expect(findingsByOverlap(list, { start: 40, end: 100 }).map((x) => `${x.f.id}${x.isInRange ? '+' : ''}`)).toEqual(['b+', 'c+', 'd+', 'a'])
    expect(findingsByOverlap(list, null).every((x) => !x.isInRange)).toBe(true)
  })
})
