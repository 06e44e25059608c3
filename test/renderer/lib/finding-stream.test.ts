import { describe, expect, it } from 'vitest'
import { streamOfFinding } from '../../../src-renderer/lib/stream-label'
import { pairedLayout } from '../support/fixtures'

describe('streamOfFinding', () => {
  const { streams } = pairedLayout()
  it("finds the stream a finding names, within the finding's participant", () => {
    // keys repeat across entries (each dump numbers its own streams): the participant decides
    const same = streams.map((s) => ({ ...s, key: s.entryId === 1 ? `k${s.id}` : `k${s.id - 3}` }))
    expect(streamOfFinding(same, { streamKey: 'k2', participant: 'bob' })?.id).toBe(5)
    expect(streamOfFinding(same, { streamKey: 'k2', participant: 'alice' })?.id).toBe(2)
    expect(streamOfFinding(same, { streamKey: 'k3', participant: 'carol' })?.id).toBe(3)
  })
  it('is null for a finding without a stream, or one the case does not have', () => {
    expect(streamOfFinding(streams, { streamKey: '', participant: 'alice' })).toBeNull()
    expect(streamOfFinding(streams, { streamKey: 'nope', participant: 'alice' })).toBeNull()
  })
})
