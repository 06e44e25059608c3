/**
 * `rtcwb cases …`: the case store from a terminal, through the same contract as the app.
 *   list [--query Q] [--status S,…] [--priority P,…] [--sort updated|created|priority|status|title|due] [--json]
 *   show <id> [--json]
 *   export <id> --format md|html|pdf|json|archive [--no-redact] [--lang en|zh] [--out FILE|-]
 *   import <archive> [--json]
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { AnnotationDto, ReportDto } from '../contract/cases-dto'
import type { CaseDetailDto, CaseSummaryDto, SlaClockDto } from '../contract/dto'
import { PRIORITIES, STATUSES } from '../contract/dto'
import { CASE_SORTS } from '../contract/case-methods'
import { UsageError, parseArgs } from './args'
import type { CliContext } from './context'

export const CASES_USAGE = `  rtcwb cases list [--query TEXT] [--status S,…] [--priority P0,…] [--sort updated|due|priority|…] [--json]
                                                 list the cases in the store (full-text query over cases and notes)
  rtcwb cases show <id> [--json]                 a case: fields, SLA clocks, bundles, root-cause annotations
  rtcwb cases export <id> --format md|html|pdf|json|archive [--no-redact] [--lang en|zh] [--out FILE|-]
                                                 a case report (redacted unless --no-redact), or a case archive
  rtcwb cases import <archive> [--json]          open a case archive exported on another machine`

type WithCli = (dataDir: unknown, fn: (ctx: CliContext) => Promise<void>) => Promise<number>

export async function casesCommand(argv: string[], out: (s: string) => void, withCli: WithCli): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === 'list') {
    const a = parseArgs(rest, { boolean: ['json'], string: ['query', 'status', 'priority', 'sort', 'data-dir'] })
    const list = (flag: unknown, allowed: readonly string[], name: string) => {
      if (typeof flag !== 'string') return undefined
      const values = flag.split(',').map((x) => x.trim()).filter(Boolean)
      const bad = values.filter((v) => !allowed.includes(v))
      if (bad.length) throw new UsageError(`--${name} takes ${allowed.join(', ')}; not ${bad.join(', ')}`)
      return values
    }
    const statuses = list(a.flags.status, STATUSES, 'status')
    const priorities = list(a.flags.priority, PRIORITIES, 'priority')
    const sort = a.flags.sort
    if (sort !== undefined && !(CASE_SORTS as readonly unknown[]).includes(sort)) throw new UsageError(`--sort takes ${CASE_SORTS.join(', ')}`)
    return withCli(a.flags['data-dir'], async (ctx) => {
      const cases = await ctx.call('cases.list', {
        ...(typeof a.flags.query === 'string' ? { query: a.flags.query } : {}), ...(statuses ? { statuses: statuses as never } : {}),
        ...(priorities ? { priorities: priorities as never } : {}), ...(sort ? { sort: sort as never, order: sort === 'due' || sort === 'title' || sort === 'priority' ? 'asc' : 'desc' } : {}),
      })
      out(a.flags.json ? JSON.stringify(cases, null, 2) : casesTable(cases))
    })
  }
  if (sub === 'show') {
    const a = parseArgs(rest, { boolean: ['json'], string: ['data-dir'] })
    if (a.positionals.length !== 1) throw new UsageError('cases show takes one case id')
    return withCli(a.flags['data-dir'], async (ctx) => {
      const caseId = a.positionals[0]!
      const [detail, annotations] = await Promise.all([ctx.call('cases.get', { caseId }), ctx.call('annotations.list', { caseId })])
      out(a.flags.json ? JSON.stringify({ ...detail, annotations }, null, 2) : describeCase(detail, annotations))
    })
  }
  if (sub === 'export') {
    const a = parseArgs(rest, { boolean: ['no-redact'], string: ['format', 'lang', 'out', 'data-dir'] })
    if (a.positionals.length !== 1) throw new UsageError('cases export takes one case id')
    const format = a.flags.format
    if (!['md', 'html', 'pdf', 'json', 'archive'].includes(String(format))) throw new UsageError('cases export needs --format md|html|pdf|json|archive')
    const lang = a.flags.lang ?? 'en'
    if (lang !== 'en' && lang !== 'zh') throw new UsageError('--lang is en or zh')
    const dest = typeof a.flags.out === 'string' ? a.flags.out : undefined
    if (dest === '-' && (format === 'pdf' || format === 'archive')) throw new UsageError(`--out - (stdout) is for text formats, not ${String(format)}`)
    return withCli(a.flags['data-dir'], async (ctx) => {
      const caseId = a.positionals[0]!
      if (format === 'archive') {
        const r = await ctx.call('archives.export', { caseId, ...(dest ? { path: resolve(dest) } : { path: resolve(`case-${caseId.slice(0, 8)}.rtcwb`) }) })
        out(`wrote ${r.path} (${r.bytes} bytes, sha256 ${r.sha256}): ${Object.entries(r.counts).map(([k, n]) => `${n} ${k}`).join(', ')}`)
        return
      }
      const r = await ctx.call('reports.render', { caseId, format: format as 'md', redact: a.flags['no-redact'] !== true, lang })
      if (dest === '-') return out(r.content)
      const path = resolve(dest ?? r.filename)
      writeFileSync(path, r.encoding === 'base64' ? Buffer.from(r.content, 'base64') : r.content)
      out(`wrote ${path}${describeRedactions(r)}`)
    })
  }
  if (sub === 'import') {
    const a = parseArgs(rest, { boolean: ['json'], string: ['data-dir'] })
    if (a.positionals.length !== 1) throw new UsageError('cases import takes one archive file')
    return withCli(a.flags['data-dir'], async (ctx) => {
      const r = await ctx.call('archives.import', { path: resolve(a.positionals[0]!) })
      const added = Object.entries(r.added).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing new'
      const skipped = Object.entries(r.skipped).map(([k, n]) => `${n} ${k}`).join(', ')
      out(a.flags.json ? JSON.stringify(r, null, 2) : `${r.isNewCase ? 'imported new' : 'merged into'} case ${r.caseId}: added ${added}${skipped ? `; already there: ${skipped}` : ''}`)
    })
  }
  throw new UsageError(`unknown cases command ${sub ?? '(none)'}; try: rtcwb cases list|show|export|import`)
}

function describeRedactions(r: ReportDto): string {
  if (!r.isRedacted) return ' (not redacted)'
  const byKind = new Map<string, number>()
  for (const x of r.redactions) byKind.set(x.kind, (byKind.get(x.kind) ?? 0) + 1)
  return byKind.size ? ` (redacted: ${[...byKind].map(([k, n]) => `${n} ${k}`).join(', ')})` : ' (redacted: nothing found to redact)'
}

const utc = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '))

export function slaText(c: SlaClockDto, now = Date.now()): string {
  const remaining = c.dueAt - (c.stoppedAt ?? now)
  const mins = Math.round(Math.abs(remaining) / 60_000)
  const span = mins >= 120 ? `${Math.round(mins / 60)} h` : `${mins} min`
  return `${c.state}, due ${utc(c.dueAt)} UTC (${remaining >= 0 ? `${span} ${c.stoppedAt === null ? 'left' : 'to spare'}` : `${span} over`})`
}

export function describeCase(d: CaseDetailDto, annotations: AnnotationDto[]): string {
  const lines = [
    `${d.title}${d.isDemo ? ' (demo)' : ''}`, `  id ${d.id}`,
    `  ${d.priority} · T${d.tier} · ${d.status} · ${d.scenario}${d.customer ? ` · ${d.customer}` : ''}${d.owner ? ` · owner ${d.owner}` : ''}`,
    `  first response: ${slaText(d.sla.firstResponse)}`, `  resolution:     ${slaText(d.sla.resolution)}`,
  ]
  if (d.tags.length) lines.push(`  tags: ${d.tags.join(', ')}`)
  lines.push('', `Bundles (${d.bundles.length}):`, ...d.bundles.map((b) => `  ${b.name}  ${b.entries.length} entries`))
  lines.push('', `Root-cause annotations (${annotations.length}):`)
  for (const a of annotations) {
    lines.push(`  ${a.category}  ${utc(a.start)} – ${utc(a.end)}${a.confidence === null ? '' : `  ${Math.round(a.confidence * 100)}%`}${a.streamLabel ? `  ${a.streamLabel}` : ''}`)
    if (a.note) lines.push(`    ${a.note.split('\n')[0]!.slice(0, 120)}`)
  }
  return lines.join('\n')
}

export function casesTable(cases: CaseSummaryDto[]): string {
  if (cases.length === 0) return 'no cases yet: `rtcwb import <bundle>` creates one'
  const rows = cases.map((c) => [
    c.id, c.priority, c.status, String(c.bundleCount), new Date(c.updatedAt).toISOString().slice(0, 16).replace('T', ' '),
    c.isDemo ? `${c.title} (demo)` : c.title,
  ])
  const head = ['ID', 'PRI', 'STATUS', 'BUNDLES', 'UPDATED (UTC)', 'TITLE']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const fmt = (r: string[]) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')
  return [fmt(head), ...rows.map(fmt)].join('\n')
}
