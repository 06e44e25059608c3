/**
 * `rtcwb analyze <bundle> [--json]` or `rtcwb analyze --case ID [--json]`: the findings of the
 * detector engine, ranked by impact (duration × severity), with evidence, explanations and next
 * steps; scores per participant and stream. A bundle is parsed in a worker and nothing is stored.
 */
import { resolve } from 'node:path'
import type { Analysis } from '../services/analysis-service'
import { UsageError, parseArgs } from './args'
import { type CliContext, withJobProgress } from './context'

export interface AnalyzeArgs { bundle?: string; caseId?: string; json: boolean; lang: 'en' | 'zh'; dataDir?: string }

export function analyzeArgs(args: string[]): AnalyzeArgs {
  const a = parseArgs(args, { boolean: ['json'], string: ['case', 'lang', 'data-dir'] })
  const caseId = typeof a.flags.case === 'string' ? a.flags.case : undefined
  if ((a.positionals.length === 1) === (caseId !== undefined)) throw new UsageError('analyze takes one bundle, or --case ID')
  const lang = a.flags.lang === undefined ? 'en' : a.flags.lang
  if (lang !== 'en' && lang !== 'zh') throw new UsageError('--lang is en or zh')
  return {
    json: a.flags.json === true, lang, ...(caseId ? { caseId } : { bundle: a.positionals[0]! }),
    ...(typeof a.flags['data-dir'] === 'string' ? { dataDir: a.flags['data-dir'] } : {}),
  }
}

export async function analyzeCommand(ctx: CliContext, args: AnalyzeArgs): Promise<Analysis> {
  if (args.caseId) return ctx.app.services.analysis.analyzeCase(args.caseId)
  return withJobProgress(ctx, () => ctx.app.services.analysis.analyzeBundle(resolve(args.bundle!)))
}

const utc = (ms: number) => new Date(ms).toISOString().slice(11, 19)

export function describeAnalysis(a: Analysis, lang: 'en' | 'zh'): string {
  const out: string[] = [a.summary.headline[lang], '']
  const byId = new Map(a.findings.map((f) => [f.id, f]))
  a.summary.ranked.forEach((r, i) => {
    const f = byId.get(r.findingId)!
    const who = [f.participant, f.streamKey].filter(Boolean).join(' · ')
    out.push(`${String(i + 1).padStart(2)}. [${f.severity}] ${f.title[lang]}  ${utc(f.start)}–${utc(f.end)} UTC  impact ${r.impact}${who ? `  (${who})` : ''}`)
    out.push(`    ${f.explanation[lang]}`)
    for (const step of f.nextSteps[lang].slice(0, 3)) out.push(`    → ${step}`)
  })
  if (a.findings.length === 0) out.push(lang === 'zh' ? '未发现问题。' : 'No findings.')
  const clocks = a.clocks.filter((c) => c.offsetMs !== 0)
  if (clocks.length) out.push('', ...clocks.map((c) => `clock: ${c.entry} shifted ${c.offsetMs} ms (${c.basis})`))
  return out.join('\n')
}
