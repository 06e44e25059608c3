/**
 * `rtcwb whatif --codec <name> [--plc] --loss <pct> [--burst-ratio r] --delay-ms <ms> [--bitrate kbps] [--json]`:
 * one E-model rating (R, MOS) with the inputs it used and where each codec value comes from. Pure
 * computation: no store, no bundle. The lead wires it into cli.ts (see WHATIF_USAGE and runWhatIf).
 */
import { CODEC_TABLE } from '../core/whatif/codec-table'
import { type PointRating, ratePoint } from '../core/whatif/point'
import { UsageError, parseArgs } from './args'

/** The help line(s) for cli.ts HELP. */
export const WHATIF_USAGE = `  rtcwb whatif --codec <name> [--plc] --loss <pct> [--burst-ratio r] --delay-ms <ms> [--bitrate kbps] [--json]
                                                 E-model R and MOS for one codec / loss / delay point (ITU-T G.107)`

/** The rating plus whether the caller asked for JSON. */
export interface WhatIfParamsResult extends PointRating {
  isJson: boolean
}

function num(flags: Record<string, string | boolean | undefined>, name: string, fallback?: number): number | undefined {
  const raw = flags[name]
  if (raw === undefined) return fallback
  const v = Number(raw)
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${name} needs a number, got ${String(raw)}`)
  return v
}

/** Parses the command line (everything after `whatif`) and rates the point; a bad command line throws UsageError. */
export function whatifParamsCommand(args: string[]): WhatIfParamsResult {
  const a = parseArgs(args, { boolean: ['plc', 'json'], string: ['codec', 'loss', 'burst-ratio', 'delay-ms', 'bitrate', 'data-dir'] })
  if (a.positionals.length > 0) throw new UsageError(`whatif takes no positional arguments (got ${a.positionals.join(' ')})`)
  const codec = a.flags.codec
  if (typeof codec !== 'string' || codec === '') throw new UsageError(`whatif needs --codec <name>; known: ${CODEC_TABLE.map((r) => r.id).join(', ')}`)
  const bitrate = num(a.flags, 'bitrate')
  const r = ratePoint({
    codec,
    ...(a.flags.plc === true ? { hasPlc: true } : {}),
    lossPct: num(a.flags, 'loss', 0)!,
    burstR: num(a.flags, 'burst-ratio', 1)!,
    delayMs: num(a.flags, 'delay-ms', 0)!,
    ...(bitrate !== undefined ? { bitrateKbps: bitrate } : {}),
  })
  if (!r.ok) throw new UsageError(r.error.message)
  return { ...r.value, isJson: a.flags.json === true }
}

const f = (x: number, d = 2) => x.toFixed(d)

/** Human-readable description: R and MOS first, then the inputs and terms. */
export function describeWhatIf(r: PointRating): string {
  const c = r.codec
  const scaleNote = r.band === 'nb' ? 'G.107 narrowband' : r.band === 'wb' ? `G.107.1 wideband, R_WB ${f(r.rNative)} / ${r.scale.expansion}` : `fullband (assumption), R_FB ${f(r.rNative)} / ${r.scale.expansion}`
  const i = r.inputs
  return [
    `R = ${f(r.r)}   MOS = ${f(r.mos)}   (${scaleNote})`,
    '',
    `Codec: ${c.label} [${c.id}]  Ie ${f(i.Ie, 1)} (${c.ieBasis})  Bpl ${f(c.Bpl, 1)} (${c.bplBasis})${i.bitrateKbps !== null ? `  at ${i.bitrateKbps} kbit/s` : ''}`,
    `  source: ${c.source}`,
    `Inputs: Ppl ${f(i.lossPct)} %  BurstR ${f(i.burstR)}  Ta ${f(i.Ta, 0)} ms  T ${f(i.T, 0)} ms  Tr ${f(i.Tr, 0)} ms`,
    `  other G.107 Table 3 defaults: SLR ${r.g107.SLR}  RLR ${r.g107.RLR}  STMR ${r.g107.STMR}  LSTR ${r.g107.LSTR}  Ds ${r.g107.Ds}  Dr ${r.g107.Dr}  TELR ${r.g107.TELR}  WEPL ${r.g107.WEPL}  qdu ${r.g107.qdu}  Nc ${r.g107.Nc}  Nfor ${r.g107.Nfor}  Ps ${r.g107.Ps}  Pr ${r.g107.Pr}  A ${r.g107.A}`,
    `Terms: Ro ${f(r.terms.Ro)}  Is ${f(r.terms.Is)}  Id ${f(r.terms.Id)} (Idte ${f(r.terms.Idte)}, Idle ${f(r.terms.Idle)}, Idd ${f(r.terms.Idd)})  Ie,eff ${f(r.terms.IeEff)}`,
  ].join('\n')
}

/** What cli.ts prints for `whatif`: JSON (without the isJson flag) or the description. */
export function runWhatIf(args: string[]): string {
  const { isJson, ...rating } = whatifParamsCommand(args)
  return isJson ? JSON.stringify(rating, null, 2) : describeWhatIf(rating)
}
