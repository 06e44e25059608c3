import { describe, expect, it } from 'vitest'
import { CODEC_TABLE, codecDelayMs, findCodec, ieAt } from '../../../../src-main/core/whatif/codec-table'

describe('codec table', () => {
  it('holds the ITU-T G.113 Appendix I values it claims', () => {
    const row = (id: string) => CODEC_TABLE.find((r) => r.id === id)!
    const itu: [string, number, number][] = [
      ['g711', 0, 4.3], ['g711-plc', 0, 25.1], ['g729a', 11, 19.0], ['g723-63', 15, 16.1], ['gsm-efr', 5, 10.0],
    ]
    for (const [id, ie, bpl] of itu) {
      expect(row(id).Ie).toBe(ie)
      expect(row(id).Bpl).toBe(bpl)
      expect(row(id).ieBasis).toBe('itu')
      expect(row(id).bplBasis).toBe('itu')
    }
    expect([row('g726-40').Ie, row('g726-32').Ie, row('g726-24').Ie, row('g726-16').Ie]).toEqual([2, 7, 25, 50])
    expect([row('g729').Ie, row('g723-53').Ie, row('gsm-fr').Ie, row('gsm-hr').Ie]).toEqual([10, 19, 20, 23])
  })
  it('labels every non-ITU number and cites a source for every row', () => {
    for (const r of CODEC_TABLE) {
      expect(r.source.length).toBeGreaterThan(20)
      if (['opus', 'aac', 'ilbc'].includes(r.family)) {
        expect(r.ieBasis).toBe('assumed')
        expect(r.bplBasis).toBe('assumed')
      }
    }
    expect(findCodec('amr-wb')!.band).toBe('wb')
    expect(findCodec('opus')!.band).toBe('fb')
  })
  it('finds codecs by SDP / getStats names', () => {
    expect(findCodec('PCMU')!.id).toBe('g711')
    expect(findCodec('audio/PCMA', { hasPlc: true })!.id).toBe('g711-plc')
    expect(findCodec('G729')!.id).toBe('g729')
    expect(findCodec('g726', { bitrateKbps: 24 })!.id).toBe('g726-24')
    expect(findCodec('g726')!.id).toBe('g726-32')
    expect(findCodec('AMR-WB')!.id).toBe('amr-wb-1265')
    expect(findCodec('opus', { bitrateKbps: 64 })!.id).toBe('opus')
    expect(findCodec('iLBC')!.id).toBe('ilbc-20')
    expect(findCodec('G722')).toBeUndefined()
  })
  it('gives Opus an Ie that never rises with the bit rate and equals the anchor at 32 kbit/s', () => {
    const opus = findCodec('opus')!
    expect(ieAt(opus, 32)).toBeCloseTo(10.2, 9)
    let prev = Infinity
    for (const kbps of [6, 8, 12, 16, 24, 32, 48, 64, 128, 256]) {
      const ie = ieAt(opus, kbps)
      expect(ie).toBeLessThanOrEqual(prev)
      expect(ie).toBeGreaterThanOrEqual(0)
      prev = ie
    }
    expect(ieAt(findCodec('g729a')!, 64)).toBe(11)
  })
  it('derives algorithmic and packetization delay from frame, look-ahead and packet size', () => {
    expect(codecDelayMs(findCodec('opus')!)).toEqual({ codecMs: 26.5, packetizationMs: 0 })
    expect(codecDelayMs(findCodec('g729a')!, 20)).toEqual({ codecMs: 15, packetizationMs: 10 })
    expect(codecDelayMs(findCodec('g711')!, 20)).toEqual({ codecMs: 0, packetizationMs: 20 })
  })
})
