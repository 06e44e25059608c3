// Tests src-main/cli/whatif-command.ts (kept here: this folder is the what-if test home).
import { describe, expect, it } from 'vitest'
import { UsageError } from '../../../../src-main/cli/args'
import { WHATIF_USAGE, describeWhatIf, runWhatIf, whatifParamsCommand } from '../../../../src-main/cli/whatif-command'

describe('rtcwb whatif', () => {
  it('prints R = 93.2 and MOS 4.41 for G.711 at the defaults', () => {
    const r = whatifParamsCommand(['--codec', 'g711', '--loss', '0', '--delay-ms', '0'])
    expect(r.r).toBeCloseTo(93.2, 1)
    expect(r.mos).toBeCloseTo(4.41, 2)
    expect(r.isJson).toBe(false)
    expect(describeWhatIf(r)).toMatch(/^R = 93\.21 {3}MOS = 4\.41/)
  })
  it('reports the inputs used, the codec values and their source', () => {
    const r = whatifParamsCommand(['--codec', 'PCMU', '--plc', '--loss', '2', '--burst-ratio', '1.5', '--delay-ms', '150'])
    expect(r.codec.id).toBe('g711-plc')
    expect(r.inputs).toMatchObject({ lossPct: 2, burstR: 1.5, Ta: 150, T: 150, Tr: 300, Ie: 0, Bpl: 25.1 })
    expect(r.g107.TELR).toBe(65)
    const text = describeWhatIf(r)
    expect(text).toContain('G.113')
    expect(text).toContain('BurstR 1.50')
  })
  it('emits JSON with --json and rates wideband and fullband codecs', () => {
    const json = JSON.parse(runWhatIf(['--codec', 'amr-wb', '--loss', '1', '--delay-ms', '100', '--json'])) as { band: string; rNative: number; r: number }
    expect(json.band).toBe('wb')
    expect(json.r).toBeCloseTo(json.rNative / 1.29, 9)
    const opus = whatifParamsCommand(['--codec', 'opus', '--loss', '1', '--delay-ms', '100', '--bitrate', '24'])
    expect(opus.band).toBe('fb')
    expect(opus.inputs.bitrateKbps).toBe(24)
    expect(WHATIF_USAGE).toContain('--burst-ratio')
  })
  it('rejects a bad command line with a UsageError', () => {
    expect(() => whatifParamsCommand([])).toThrow(UsageError)
    expect(() => whatifParamsCommand(['--codec', 'nope'])).toThrow(/unknown codec/)
    expect(() => whatifParamsCommand(['--codec', 'g711', '--loss', 'lots'])).toThrow(/--loss needs a number/)
    expect(() => whatifParamsCommand(['--codec', 'g711', '--loss', '120'])).toThrow(UsageError)
    expect(() => whatifParamsCommand(['--codec', 'g711', '--burst-ratio', '0.5'])).toThrow(/burst ratio/)
    expect(() => whatifParamsCommand(['--codec', 'g711', 'extra'])).toThrow(UsageError)
  })
})
