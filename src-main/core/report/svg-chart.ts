/**
 * One report chart as a standalone inline SVG (no scripts, no external references): lines per
 * series with gaps where values are null, shaded ranges for annotations and findings, a y axis from
 * 0 (or the minimum, when negative) to a rounded maximum, and UTC time ticks. Pure string building.
 */
import type { ReportChart } from './model'

const W = 760
const PLOT_H = 124
const PAD = { left: 52, right: 12, top: 22, bottom: 34 }
const LEGEND_ROW = 14
const COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4b5563']

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** 1, 2 or 5 × 10^k at or above x. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1
  const p = 10 ** Math.floor(Math.log10(x))
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p
  return 10 * p
}

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400].map((s) => s * 1000)

function timeTicks(start: number, end: number, maxTicks: number): number[] {
  const span = Math.max(1, end - start)
  const step = TIME_STEPS.find((s) => span / s <= maxTicks) ?? TIME_STEPS[TIME_STEPS.length - 1]!
  const out: number[] = []
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) out.push(t)
  return out
}

const hms = (t: number) => new Date(t).toISOString().slice(11, 19)
const fmt = (x: number) => (Math.abs(x) >= 100 || Number.isInteger(x) ? String(Math.round(x)) : x.toFixed(1))

export function renderChartSvg(c: ReportChart): string {
  const plotW = W - PAD.left - PAD.right
  const plotH = PLOT_H
  const legendTop = PAD.top + plotH + PAD.bottom
  const H = legendTop + Math.ceil(c.lines.length / 2) * LEGEND_ROW + 4
  let vMin = 0
  let vMax = 0
  for (const l of c.lines) for (const v of l.v) if (v !== null && Number.isFinite(v)) { vMin = Math.min(vMin, v); vMax = Math.max(vMax, v) }
  const top = niceCeil(vMax)
  const bottom = vMin < 0 ? -niceCeil(-vMin) : 0
  const span = Math.max(1, c.end - c.start)
  const x = (t: number) => PAD.left + ((t - c.start) / span) * plotW
  const y = (v: number) => PAD.top + plotH - ((v - bottom) / (top - bottom)) * plotH
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(c.title)}" font-family="sans-serif" font-size="11">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="14" font-weight="bold" fill="#111827">${escapeXml(c.title)}${c.unit ? ` (${escapeXml(c.unit)})` : ''}</text>`,
  ]
  for (const b of c.bands) {
    const x0 = Math.max(PAD.left, x(b.start))
    const x1 = Math.min(W - PAD.right, x(Math.max(b.end, b.start + span / plotW)))
    if (x1 <= x0) continue
    const fill = b.kind === 'annotation' ? '#f59e0b' : '#ef4444'
    parts.push(`<rect x="${x0.toFixed(1)}" y="${PAD.top}" width="${(x1 - x0).toFixed(1)}" height="${plotH}" fill="${fill}" fill-opacity="0.15"><title>${escapeXml(b.label)}</title></rect>`)
  }
  for (const v of [bottom, (bottom + top) / 2, top]) {
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e7eb"/>`)
    parts.push(`<text x="${PAD.left - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" fill="#6b7280">${fmt(v)}</text>`)
  }
  for (const t of timeTicks(c.start, c.end, 8)) {
    parts.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH + 4}" stroke="#9ca3af"/>`)
    parts.push(`<text x="${x(t).toFixed(1)}" y="${PAD.top + plotH + 16}" text-anchor="middle" fill="#6b7280">${hms(t)}</text>`)
  }
  parts.push(`<text x="${W - PAD.right}" y="${PAD.top + plotH + 28}" text-anchor="end" fill="#9ca3af">UTC</text>`)
  c.lines.forEach((l, i) => {
    const color = COLORS[i % COLORS.length]!
    let d = ''
    let isDrawing = false
    for (let k = 0; k < l.t.length; k++) {
      const v = l.v[k]
      if (v === null || v === undefined || !Number.isFinite(v)) {
        isDrawing = false
        continue
      }
      d += `${isDrawing ? 'L' : 'M'}${x(l.t[k]!).toFixed(1)} ${y(v).toFixed(1)}`
      isDrawing = true
    }
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.3"><title>${escapeXml(l.label)}</title></path>`)
    const lx = PAD.left + (i % 2) * 350
    const ly = legendTop + Math.floor(i / 2) * LEGEND_ROW
    parts.push(`<rect x="${lx}" y="${ly - 5}" width="12" height="3" fill="${color}"/><text x="${lx + 16}" y="${ly}" fill="#374151">${escapeXml(l.label.slice(0, 56))}</text>`)
  })
  parts.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#d1d5db"/>`, '</svg>')
  return parts.join('')
}
