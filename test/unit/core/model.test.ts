import { describe, expect, it } from 'vitest'
import { emptyEntry, entryTimeRange } from '../../../src-main/core/model/call'

describe('entryTimeRange', () => {
  it('spans series and events, ignoring empty series', () => {
    const e = emptyEntry('rtcstats', 'rtcstats/v3')
    e.series.push({ metric: 'bitrate', unit: 'kbps', t: new Float64Array([10, 20]), v: new Float64Array([1, 2]) })
    e.series.push({ metric: 'bitrate', unit: 'kbps', t: new Float64Array(0), v: new Float64Array(0) })
    e.events.push({ t: 5, type: 'ice.state', severity: 'info', message: 'checking' })
    expect(entryTimeRange(e)).toEqual([5, 20])
  })
  it('is null for an entry without time', () => {
    expect(entryTimeRange(emptyEntry('unknown', 'unknown'))).toBeNull()
  })
})
