/** `rtcwb cases list [--query q] [--json]`: the case store as a table or as JSON. */
import type { CaseSummaryDto } from '../contract/dto'
import type { CliContext } from './context'

export async function listCasesCommand(ctx: CliContext, opts: { query?: string; json: boolean }): Promise<string> {
  const cases = await ctx.call('cases.list', opts.query ? { query: opts.query } : {})
  return opts.json ? JSON.stringify(cases, null, 2) : casesTable(cases)
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
