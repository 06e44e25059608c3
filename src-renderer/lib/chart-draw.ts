/**
 * Canvas drawing on top of uPlot, from its hooks: shaded ranges (findings, annotations) under the
 * lines, vertical marks (times picked in the log viewer) over them, and state bands (one row per
 * line, a colour per state code) for state-shaped metrics such as the quality-limitation reason.
 * Coordinates come from uPlot (`valToPos(..., true)` is in canvas pixels); x values are seconds.
 */
import type uPlot from 'uplot'
import type { DrawPoints } from './minmax'

export interface Band { start: number; end: number; kind: string }

function clip(u: uPlot, fn: (ctx: CanvasRenderingContext2D) => void): void {
  const { ctx, bbox } = u
  ctx.save()
  ctx.beginPath()
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height)
  ctx.clip()
  fn(ctx)
  ctx.restore()
}

/**
 * The bands with overlapping (or touching) ranges of one kind merged: translucent fills stack, so
 * eighteen findings over one congested minute drew a near-opaque block hiding the lines under it.
 */
export function mergeBands(bands: readonly Band[]): Band[] {
  const byKind = new Map<string, Band[]>()
  for (const b of bands) {
    const list = byKind.get(b.kind)
    if (list) list.push(b)
    else byKind.set(b.kind, [b])
  }
  const out: Band[] = []
  for (const [kind, list] of byKind) {
    const sorted = [...list].sort((a, b) => a.start - b.start)
    let cur: Band | null = null
    for (const b of sorted) {
      if (cur && b.start <= cur.end) cur.end = Math.max(cur.end, b.end)
      else out.push((cur = { start: b.start, end: b.end, kind }))
    }
  }
  return out
}

/** Shaded ranges across the plot's height, one layer per kind (see mergeBands). */
export function drawBands(u: uPlot, bands: readonly Band[], color: (kind: string) => string): void {
  if (!bands.length) return
  clip(u, (ctx) => {
    for (const b of mergeBands(bands)) {
      const x0 = u.valToPos(b.start / 1000, 'x', true)
      const x1 = Math.max(x0 + 2, u.valToPos(b.end / 1000, 'x', true))
      ctx.fillStyle = color(b.kind)
      ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height)
    }
  })
}

/** Vertical lines at times (ms). */
export function drawMarks(u: uPlot, marks: readonly number[], color: string): void {
  if (!marks.length) return
  clip(u, (ctx) => {
    ctx.strokeStyle = color
    ctx.lineWidth = Math.max(1, devicePixelRatio || 1)
    ctx.setLineDash([4 * (devicePixelRatio || 1), 3 * (devicePixelRatio || 1)])
    ctx.beginPath()
    for (const t of marks) {
      const x = Math.round(u.valToPos(t / 1000, 'x', true)) + 0.5
      ctx.moveTo(x, u.bbox.top)
      ctx.lineTo(x, u.bbox.top + u.bbox.height)
    }
    ctx.stroke()
  })
}

/** One horizontal band per line: each sample's state colour until the next sample. */
export function drawStates(u: uPlot, parts: readonly DrawPoints[], color: (code: number) => string | null): void {
  const n = parts.length
  if (!n) return
  clip(u, (ctx) => {
    const rowH = u.bbox.height / n
    const right = u.bbox.left + u.bbox.width
    parts.forEach((p, row) => {
      const y = u.bbox.top + row * rowH + 1
      for (let i = 0; i < p.t.length; i++) {
        const code = p.v[i]
        if (code === null || code === undefined) continue
        const c = color(code)
        if (!c) continue
        const x0 = u.valToPos(p.t[i]! / 1000, 'x', true)
        const x1 = i + 1 < p.t.length ? u.valToPos(p.t[i + 1]! / 1000, 'x', true) : Math.min(right, x0 + 2)
        ctx.fillStyle = c
        ctx.fillRect(x0, y, Math.max(1, x1 - x0), rowH - 2)
      }
    })
  })
}
