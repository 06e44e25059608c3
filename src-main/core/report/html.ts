/**
 * The case report as one self-contained HTML document: inline CSS, charts as inline SVG, no scripts
 * and a CSP that forbids any (and any remote content), so it opens anywhere and prints to PDF as is.
 * Annotation notes are Markdown rendered by the injected `markdown` function, which must return
 * sanitised HTML (services/markdown-html.ts). Everything else is escaped here.
 */
import { slaLine } from './markdown'
import { type CaseReport, REPORT_TEXT, utc } from './model'
import { escapeXml as esc, renderChartSvg } from './svg-chart'

const CSS = `body{font:14px/1.5 system-ui,-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;color:#111827;max-width:820px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:22px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}h3{font-size:15px;margin:14px 0 4px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:3px 8px;border-bottom:1px solid #f3f4f6;vertical-align:top}th{color:#6b7280;font-weight:600;width:180px}
.muted{color:#6b7280}.sev-error{color:#b91c1c}.sev-warning{color:#b45309}.chart{margin:8px 0;break-inside:avoid}.note{border-left:3px solid #f59e0b;padding:2px 10px;margin:6px 0}
.finding{margin:8px 0;break-inside:avoid}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}pre{background:#f9fafb;padding:6px;overflow:auto}
.overdue,.breached{color:#b91c1c;font-weight:600}.met{color:#047857}footer{margin-top:24px;font-size:12px;color:#6b7280}`

export function reportToHtml(r: CaseReport, markdown: (src: string) => string): string {
  const t = REPORT_TEXT[r.lang]
  const c = r.case
  const row = (k: string, v: string) => `<tr><th>${esc(k)}</th><td>${esc(v) || '—'}</td></tr>`
  const out: string[] = [
    '<!DOCTYPE html>', `<html lang="${r.lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<meta name="generator" content="${esc(r.generator)}"><title>${esc(`${t.report}: ${c.title}`)}</title><style>${CSS}</style></head><body>`,
    `<h1 data-section="title">${esc(t.report)}: ${esc(c.title)}</h1>`, '<table data-section="case">',
    row(t.case, c.id), row(t.customer, c.customer), row(t.appVersion, c.appVersion), row(t.scenario, c.scenario), row(t.priority, c.priority),
    row(t.tier, `T${c.tier}`), row(t.status, c.status), row(t.owner, c.owner), row(t.tags, c.tags.join(', ')), row(t.created, utc(c.createdAt)),
    row(t.updated, utc(c.updatedAt)), '</table>',
    `<h2>${esc(t.sla)}</h2><table data-section="sla">`,
    `<tr><th>${esc(t.firstResponse)}</th><td class="${r.sla.firstResponse.state}">${esc(slaLine(r.sla.firstResponse, r.lang))}</td></tr>`,
    `<tr><th>${esc(t.resolution)}</th><td class="${r.sla.resolution.state}">${esc(slaLine(r.sla.resolution, r.lang))}</td></tr></table>`,
  ]
  if (c.description.trim()) out.push(`<h2>${esc(t.description)}</h2><div class="description">${markdown(c.description)}</div>`)
  out.push(`<h2>${esc(t.rootCauses)}</h2><section data-section="annotations">`)
  if (!r.annotations.length) out.push(`<p class="muted">${esc(t.none)}</p>`)
  for (const a of r.annotations) {
    const meta = [`${utc(a.start)} – ${utc(a.end)}`, a.confidence === null ? '' : `${t.confidence} ${Math.round(a.confidence * 100)}%`, a.stream, a.participant].filter(Boolean)
    out.push(`<article class="annotation" data-annotation-id="${esc(a.id)}"><h3>${esc(a.categoryLabel)}</h3><p class="muted">${esc(meta.join(' · '))}</p>`)
    if (a.note.trim()) out.push(`<div class="note">${markdown(a.note)}</div>`)
    if (a.evidence.length) out.push(`<p>${esc(t.evidence)}:</p><ul>${a.evidence.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>`)
    out.push('</article>')
  }
  out.push('</section>')
  if (r.charts.length) {
    out.push(`<h2>${esc(t.charts)}</h2><section data-section="charts">`)
    for (const ch of r.charts) out.push(`<figure class="chart">${renderChartSvg(ch)}</figure>`)
    out.push('</section>')
  }
  out.push(`<h2>${esc(t.findings)}</h2><section data-section="findings">`)
  if (!r.findings.length) out.push(`<p class="muted">${esc(t.none)}</p>`)
  for (const f of r.findings) {
    const who = [f.participant, f.streamKey].filter(Boolean).join(' · ')
    out.push(`<div class="finding" data-signature="${esc(f.signature)}"><strong class="sev-${esc(f.severity)}">[${esc(f.severity)}] ${esc(f.title)}</strong>`,
      `<div class="muted">${esc(`${utc(f.start)} – ${utc(f.end)}${who ? ` · ${who}` : ''}`)}</div><div>${esc(f.explanation)}</div>`)
    if (f.nextSteps.length) out.push(`<ul>${f.nextSteps.slice(0, 3).map((s) => `<li>${esc(s)}</li>`).join('')}</ul>`)
    out.push('</div>')
  }
  out.push('</section>', `<h2>${esc(t.events)}</h2>`)
  if (!r.events.length) out.push(`<p class="muted">${esc(t.none)}</p>`)
  else out.push(`<table data-section="events">${r.events.map((e) => `<tr><td class="muted">${esc(utc(e.t))}</td><td class="sev-${esc(e.severity)}">${esc(e.type)}</td><td>${esc(e.message)}</td></tr>`).join('')}</table>`)
  out.push(`<h2>${esc(t.bundles)}</h2><ul data-section="bundles">`)
  for (const b of r.bundles) {
    out.push(`<li>${esc(b.name)} <span class="muted">${(b.sizeBytes / 1024).toFixed(0)} KiB · sha256 ${esc(b.sha256.slice(0, 12))}</span><ul>`,
      ...b.entries.map((e) => `<li>${esc(e.path)} <span class="muted">${esc(e.format)}${e.participant ? ` · ${esc(e.participant)}` : ''}</span></li>`), '</ul></li>')
  }
  out.push('</ul>', `<footer>${esc(`${t.generated} ${utc(r.generatedAt)} · ${r.generator}`)}${r.isRedacted ? `<br>${esc(t.redacted)}` : ''}</footer>`, '</body></html>')
  return out.join('\n')
}
