/**
 * In-browser side of the timeline render benchmark. Holds 8 series of 1M points (1 hour, epoch ms)
 * and measures, after the data is loaded: the workbench's 8 synchronized panels (TimelineCharts:
 * min/max per pixel, then uPlot) painted; the same 8 × 1M points given raw to plain uPlot (the
 * baseline); and a zoom redraw of the 8 panels. "Painted" = every chart's draw hook has run.
 */
import 'uplot/dist/uPlot.min.css'
import uPlot from 'uplot'
import { type App, createApp, h, markRaw, shallowRef } from 'vue'
import type { SeriesPointsDto, StreamDto } from '@contract/dto'
import TimelineCharts from '@renderer/components/timeline/TimelineCharts.vue'
import { createWorkbenchI18n } from '@renderer/i18n/index'
import type { PanelKind, PanelPlan } from '@renderer/lib/metric-panels'
import type { MsRange } from '@renderer/lib/time-range'

const N = 1_000_000
const PANELS: PanelKind[] = ['bitrate', 'loss', 'rtt', 'jitter', 'jitter-buffer', 'fps', 'resolution', 'freeze']
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)
const HOUR = 3_600_000
const HEIGHT = 140

const stream: StreamDto = {
  id: 1, entryId: 1, key: 's1', kind: 'video', direction: 'send', ssrc: 1, codec: 'VP8', layer: null, label: 'bench', participant: 'bench', connectionKey: null,
}

/** 8 × 1M points: a random walk with spikes and a few gaps, deterministic. */
function makeData(): { t: Float64Array; v: Float64Array; xs: Float64Array }[] {
  const t = new Float64Array(N)
  const xs = new Float64Array(N)
  for (let i = 0; i < N; i++) {
    t[i] = T0 + (i * HOUR) / N
    xs[i] = t[i]! / 1000
  }
  let seed = 12345
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  return PANELS.map(() => {
    const v = new Float64Array(N)
    let x = 500
    for (let i = 0; i < N; i++) {
      x = Math.max(0, x + (rnd() - 0.5) * 10)
      v[i] = i % 250_007 < 40 ? NaN : x + (rnd() < 0.0005 ? 400 : 0)
    }
    return { t, v, xs }
  })
}

const data = makeData().map((d) => markRaw(d))

/** Resolves once `n` chartdraw events (or uPlot draw hooks) have fired under `el`. */
function draws(el: HTMLElement, n: number): Promise<void> {
  return new Promise((ok) => {
    let seen = 0
    const on = () => {
      if (++seen >= n) {
        el.removeEventListener('chartdraw', on)
        ok()
      }
    }
    el.addEventListener('chartdraw', on)
  })
}

let app: App | null = null
const range = shallowRef<MsRange>({ start: T0, end: T0 + HOUR })

async function paint(): Promise<number> {
  app?.unmount()
  const el = document.getElementById('ours')!
  range.value = { start: T0, end: T0 + HOUR }
  const panels: PanelPlan[] = PANELS.map((kind, i) => ({
    key: kind, kind, shape: 'line', stream: null, lines: [{ seriesId: i, metric: 'bitrate', stream, isConnectionLevel: false, isSecondary: false }],
  }))
  const pointsFor = (id: number) => data[id] as unknown as SeriesPointsDto
  const t0 = performance.now()
  const done = draws(el, PANELS.length)
  app = createApp({
    render: () => h(TimelineCharts, { panels, streams: [stream], pointsFor, range: range.value, theme: 'light', events: [], ranges: [], marks: [] }),
  })
  app.use(createWorkbenchI18n('en'))
  app.mount(el)
  await done
  return performance.now() - t0
}

async function zoom(k: number): Promise<number> {
  const el = document.getElementById('ours')!
  const start = T0 + HOUR * (0.1 + 0.05 * (k % 5))
  const t0 = performance.now()
  const done = draws(el, PANELS.length)
  range.value = { start, end: start + HOUR / 10 }
  await done
  return performance.now() - t0
}

let plots: uPlot[] = []

async function baseline(): Promise<number> {
  for (const p of plots) p.destroy()
  plots = []
  const el = document.getElementById('baseline')!
  const width = document.getElementById('ours')!.clientWidth || 1280
  const t0 = performance.now()
  let seen = 0
  let ok: () => void = () => undefined
  const done = new Promise<void>((r) => (ok = r))
  const sync = uPlot.sync('baseline')
  for (const d of data) {
    const opts: uPlot.Options = {
      width, height: HEIGHT, scales: { x: { time: true } },
      series: [{}, { stroke: '#3b82f6', width: 1.5, points: { show: false } }],
      cursor: { sync: { key: sync.key } },
      hooks: { draw: [() => (++seen === PANELS.length ? ok() : undefined)] },
    }
    plots.push(new uPlot(opts, [d.xs as unknown as number[], d.v as unknown as number[]], el))
  }
  await done
  return performance.now() - t0
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Runs each measure once to warm up, then `runs` times; medians in ms. */
async function run(runs: number): Promise<{ paint: number; baseline: number; zoom: number }> {
  const p: number[] = []
  const b: number[] = []
  const z: number[] = []
  await paint()
  await baseline()
  await zoom(0)
  for (let i = 0; i < runs; i++) {
    p.push(await paint())
    b.push(await baseline())
    for (let k = 0; k < 3; k++) z.push(await zoom(k + 1))
  }
  return { paint: median(p), baseline: median(b), zoom: median(z) }
}

;(window as unknown as { bench: unknown }).bench = { ready: true, run }
