/** Shaded ranges: overlapping ranges of one kind are drawn once, so translucent fills do not stack. */
import { describe, expect, it } from 'vitest'
import { mergeBands } from '../../../src-renderer/lib/chart-draw'

describe('mergeBands', () => {
  it('merges overlapping and touching ranges per kind, keeps kinds and gaps apart', () => {
    const merged = mergeBands([
      { start: 50, end: 60, kind: 'finding' },
      { start: 0, end: 10, kind: 'finding' },
      { start: 5, end: 20, kind: 'finding' },
      { start: 20, end: 30, kind: 'finding' },
      { start: 8, end: 9, kind: 'annotation' },
      { start: 12, end: 14, kind: 'annotation' },
    ])
    expect(merged).toEqual([
      { start: 0, end: 30, kind: 'finding' },
      { start: 50, end: 60, kind: 'finding' },
      { start: 8, end: 9, kind: 'annotation' },
      { start: 12, end: 14, kind: 'annotation' },
    ])
  })

  it('does not change the bands it was given', () => {
    const bands = [{ start: 0, end: 10, kind: 'finding' }, { start: 5, end: 20, kind: 'finding' }]
    mergeBands(bands)
    expect(bands[0]).toEqual({ start: 0, end: 10, kind: 'finding' })
  })
})
