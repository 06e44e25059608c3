/**
 * `rtcwb whatif <bundle> --scenario <file.json> [--stream KEY|SSRC] [--per-second] [--json]`: replays
 * every stream of a bundle under the scenarios of the file (and any presets it names) against the
 * baseline read from the bundle, and prints the comparison table (or everything as JSON).
 */
import { resolve } from 'node:path'
import { type StreamReplay, WhatIfService } from '../services/whatif-service'
import { UsageError, parseArgs } from './args'
import { type CliContext, withJobProgress } from './context'

export interface WhatIfBundleArgs { bundle: string; scenario: string; stream?: string; perSecond: boolean; json: boolean; dataDir?: string }

export function whatifBundleArgs(args: string[]): WhatIfBundleArgs {
  const a = parseArgs(args, { boolean: ['per-second', 'json'], string: ['scenario', 'stream', 'data-dir'] })
  if (a.positionals.length !== 1) throw new UsageError('whatif <bundle> takes exactly one file or folder')
  if (typeof a.flags.scenario !== 'string') throw new UsageError('whatif <bundle> needs --scenario <file.json>')
  return {
    bundle: a.positionals[0]!, scenario: a.flags.scenario, perSecond: a.flags['per-second'] === true, json: a.flags.json === true,
    ...(typeof a.flags.stream === 'string' ? { stream: a.flags.stream } : {}), ...(typeof a.flags['data-dir'] === 'string' ? { dataDir: a.flags['data-dir'] } : {}),
  }
}

export async function whatifBundleCommand(ctx: CliContext, args: WhatIfBundleArgs): Promise<StreamReplay[]> {
  const file = WhatIfService.readScenarioFile(resolve(args.scenario))
  return withJobProgress(ctx, () => ctx.app.services.whatif.replayBundle(resolve(args.bundle), file, { perSecond: args.perSecond, ...(args.stream ? { stream: args.stream } : {}) }))
}

const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—')

export function describeReplays(streams: StreamReplay[]): string {
  const out: string[] = []
  for (const s of streams) {
    out.push(`${s.entry} · ${s.kind} ${s.direction} · ${s.codec ?? 'codec ?'} · ${s.streamKey}`)
    if (s.skipped) {
      out.push(`  not replayed: ${s.skipped}`, '')
      continue
    }
    const base = s.table.find((r) => r.isBaseline)
    out.push(`  ${'configuration'.padEnd(34)} ${'MOS mean'.padStart(8)} ${'Δ'.padStart(6)} ${'MOS p5'.padStart(7)} ${'<3.1 %'.padStart(7)} ${'m2e ms'.padStart(7)} ${'freeze s'.padStart(8)}`)
    for (const r of s.table) {
      const delta = base && !r.isBaseline ? r.mosMean - base.mosMean : NaN
      out.push(`  ${r.label.slice(0, 34).padEnd(34)} ${f(r.mosMean).padStart(8)} ${(Number.isFinite(delta) ? (delta >= 0 ? '+' : '') + delta.toFixed(2) : '').padStart(6)} ${f(r.mosP5).padStart(7)} ${f(r.pctSecondsBelow31, 1).padStart(7)} ${f(r.mouthToEarMeanMs, 0).padStart(7)} ${f(r.freezeSeconds, 0).padStart(8)}`)
    }
    out.push('')
  }
  return out.join('\n').trimEnd()
}
