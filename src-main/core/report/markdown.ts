/**
 * The case report as Markdown (ticket comments, chat): fields, SLA clocks, root-cause annotations
 * (their notes kept as Markdown), findings with next steps, notable events and bundles. Charts are
 * in the HTML/PDF report only. Pure string building.
 */
import type { SlaClock } from '../cases/sla'
import { type CaseReport, REPORT_TEXT, type ReportLang, duration, utc } from './model'

/** Escapes text for a table cell or an inline run (pipes, newlines, emphasis and link syntax). */
export function mdInline(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/([\\|*_`[\]<>#])/g, '\\$1')
}

export function slaLine(c: SlaClock, lang: ReportLang): string {
  const t = REPORT_TEXT[lang]
  const state = { running: lang === 'zh' ? '进行中' : 'running', overdue: lang === 'zh' ? '已超时' : 'overdue', met: lang === 'zh' ? '已达成' : 'met', breached: lang === 'zh' ? '未达成' : 'breached' }[c.state]
  const left = c.remainingMs >= 0 ? (lang === 'zh' ? `剩余 ${duration(c.remainingMs)}` : `${duration(c.remainingMs)} left`) : lang === 'zh' ? `超时 ${duration(-c.remainingMs)}` : `${duration(-c.remainingMs)} over`
  return `${state} · ${t.due} ${utc(c.dueAt)} · ${left}`
}

export function reportToMarkdown(r: CaseReport): string {
  const t = REPORT_TEXT[r.lang]
  const c = r.case
  const out: string[] = [`# ${t.report}: ${mdInline(c.title)}`, '']
  const rows: [string, string][] = [
    [t.case, c.id], [t.customer, c.customer], [t.appVersion, c.appVersion], [t.scenario, c.scenario], [t.priority, c.priority],
    [t.tier, `T${c.tier}`], [t.status, c.status], [t.owner, c.owner], [t.tags, c.tags.join(', ')], [t.created, utc(c.createdAt)], [t.updated, utc(c.updatedAt)],
  ]
  out.push('| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${mdInline(v) || '—'} |`), '')
  out.push(`## ${t.sla}`, '', `- ${t.firstResponse}: ${slaLine(r.sla.firstResponse, r.lang)}`, `- ${t.resolution}: ${slaLine(r.sla.resolution, r.lang)}`, '')
  if (c.description.trim()) out.push(`## ${t.description}`, '', c.description.trim(), '')
  out.push(`## ${t.rootCauses}`, '')
  if (!r.annotations.length) out.push(t.none, '')
  for (const a of r.annotations) {
    const conf = a.confidence === null ? '' : ` · ${t.confidence} ${Math.round(a.confidence * 100)}%`
    out.push(`### ${mdInline(a.categoryLabel)}`, '', `${t.range}: ${utc(a.start)} – ${utc(a.end)}${conf}${a.stream ? ` · ${mdInline(a.stream)}` : ''}${a.participant ? ` · ${mdInline(a.participant)}` : ''}`, '')
    if (a.note.trim()) out.push(a.note.trim(), '')
    if (a.evidence.length) out.push(`${t.evidence}:`, ...a.evidence.map((e) => `- ${mdInline(e)}`), '')
  }
  out.push(`## ${t.findings}`, '')
  if (!r.findings.length) out.push(t.none, '')
  for (const f of r.findings) {
    const who = [f.participant, f.streamKey].filter(Boolean).map(mdInline).join(' · ')
    out.push(`- **[${f.severity}] ${mdInline(f.title)}** ${utc(f.start)} – ${utc(f.end)}${who ? ` (${who})` : ''}  `, `  ${mdInline(f.explanation)}`)
    for (const s of f.nextSteps.slice(0, 3)) out.push(`  - ${mdInline(s)}`)
  }
  if (r.findings.length) out.push('')
  out.push(`## ${t.events}`, '')
  if (!r.events.length) out.push(t.none, '')
  for (const e of r.events) out.push(`- ${utc(e.t)} [${e.severity}] ${mdInline(e.type)}: ${mdInline(e.message)}${e.participant ? ` (${mdInline(e.participant)})` : ''}`)
  out.push('', `## ${t.bundles}`, '')
  for (const b of r.bundles) {
    out.push(`- ${mdInline(b.name)} · ${(b.sizeBytes / 1024).toFixed(0)} KiB · sha256 ${b.sha256.slice(0, 12)} · ${utc(b.importedAt)}`)
    for (const e of b.entries) out.push(`  - ${mdInline(e.path)} · ${e.format}${e.participant ? ` · ${mdInline(e.participant)}` : ''}`)
  }
  out.push('', '---', `_${t.generated} ${utc(r.generatedAt)} · ${r.generator}${r.isRedacted ? ` · ${t.redacted}` : ''}_`, '')
  return out.join('\n')
}
