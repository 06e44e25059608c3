/**
 * `rtcwb inspect <bundle> [--json]`: what a bundle holds (entries, detected kinds, encodings,
 * warnings; streams with their summary figures; events by type; time range), parsed in a worker
 * with a progress bar on a TTY, and nothing stored.
 */
import { resolve } from 'node:path'
import type { InspectDto } from '../contract/dto'
import { type CliContext, withJobProgress } from './context'
import { formatBytes } from './progress-bar'

export async function inspectCommand(ctx: CliContext, path: string): Promise<InspectDto> {
  return withJobProgress(ctx, () => ctx.call('bundles.inspect', { path: resolve(path) }))
}

const time = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC'))
const num = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '—' : x.toFixed(digits))

export function describeInspect(r: InspectDto): string {
  const out: string[] = [`${r.name}: ${formatBytes(r.sizeBytes)}, ${r.entries.length} entries, ${time(r.timeStart)} → ${time(r.timeEnd)}`, '', 'Entries:']
  for (const e of r.entries) {
    out.push(`  ${e.path}  ${e.format} (${e.kind})  ${e.encoding ?? 'binary'}  ${formatBytes(e.sizeBytes)}  streams ${e.streams}  events ${e.events}${e.logLines ? `  log lines ${e.logLines}` : ''}`)
    for (const d of e.diagnostics) out.push(`    ${d.severity}: ${d.line ? `line ${d.line}: ` : ''}${d.message}`)
  }
  for (const d of r.diagnostics) out.push(`  ${d.severity}: ${d.message}`)
  if (r.streams.length) out.push('', 'Streams:')
  for (const s of r.streams) {
    const m = s.metrics
    const figures = [
      m.bitrate && `bitrate mean ${num(m.bitrate.mean)} kbps`, m.loss_pct && `loss max ${num(m.loss_pct.max)} %`,
      m.rtt_ms && `rtt max ${num(m.rtt_ms.max, 0)} ms`, m.jitter_ms && `jitter max ${num(m.jitter_ms.max)} ms`,
    ].filter(Boolean)
    out.push(`  ${s.entry}  ${s.kind} ${s.direction}  ssrc ${s.ssrc ?? '—'}  ${s.codec ?? ''}  ${figures.join(', ')}`)
    if (s.summary) out.push(`    ${Object.entries(s.summary).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`)
  }
  const types = Object.entries(r.eventsByType).sort((a, b) => b[1] - a[1])
  if (types.length) out.push('', 'Events:', ...types.map(([t, n]) => `  ${t}  ${n}`))
  return out.join('\n')
}
