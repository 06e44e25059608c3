/**
 * Timeline render benchmark, in headless Debian Chromium (playwright-core, no download), measured
 * in one run against a baseline on the same input:
 *  - paint8x1M: the workbench's 8 synchronized panels (TimelineCharts) of 1M points each painted,
 *    after the data is loaded (min/max per pixel, then uPlot), vs
 *  - uplotBaseline8x1M: plain uPlot given the same 8 × 1M points raw;
 *  - zoomRedraw: the 8 panels redrawn for a range a tenth as wide (still from 1M points each);
 *  - openHourCase: a stored 1-hour 1v1 case (two webrtc-internals dumps) opened through the real
 *    server (`out/main/server.js`, run `npm run build` first): from navigation to charts drawn.
 * Medians in ms. The harness page (./timeline-harness) is built with Vite into a temp dir.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import vue from '@vitejs/plugin-vue'
import { type Browser, chromium } from 'playwright-core'
import { build } from 'vite'
import { createApp } from '../../src-main/app'
import { simulateCall } from '../fixtures/generate/call-sim'
import { buildFlows } from '../fixtures/generate/flows'
import { DEMO } from '../fixtures/generate/scenarios'
import { type CallSpec, buildParticipantDump } from '../fixtures/generate/webrtc-internals'

const ROOT = resolve(import.meta.dirname, '../..')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const RUNS = 5

export interface TimelineRenderBench { paint8x1M: number; uplotBaseline8x1M: number; zoomRedraw: number; openHourCase: number }

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Builds the harness page with the renderer's aliases and vue-i18n flags. */
async function buildHarness(outDir: string): Promise<void> {
  await build({
    configFile: false, logLevel: 'warn', root: join(ROOT, 'test/bench/timeline-harness'), base: './', plugins: [vue()],
    resolve: { alias: { '@contract': join(ROOT, 'src-main/contract'), '@core': join(ROOT, 'src-main/core'), '@renderer': join(ROOT, 'src-renderer') } },
    define: { __VUE_I18N_FULL_INSTALL__: 'true', __VUE_I18N_LEGACY_API__: 'false', __INTLIFY_PROD_DEVTOOLS__: 'false' },
    build: { outDir, emptyOutDir: true },
  })
}

/** A static file server on loopback for the built harness. */
async function serveDir(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }
  const server = createServer((req, res) => {
    const file = join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html')
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((ok) => server.close(() => ok())) }
}

/** The demo call's two dumps, one hour long (same participants and fault shape, stretched). */
function writeHourBundle(dir: string): void {
  const seconds = 3600
  const sim = simulateCall({ seconds, seed: DEMO.seed, fault: { uplinkOf: 0, start: 1440, end: 2280, disconnect: { at: 1920, seconds: 3 } } })
  const spec: CallSpec = {
    seed: DEMO.seed, statsStartMs: DEMO.statsStartMs, url: DEMO.url, flavour: 'standard', participants: DEMO.participants,
    closed: [true, true], certificates: false, sim,
  }
  const flows = [buildFlows(sim, 0, DEMO.seed), buildFlows(sim, 1, DEMO.seed)] as const
  mkdirSync(dir, { recursive: true })
  for (const who of [0, 1] as const) writeFileSync(join(dir, `${DEMO.participants[who].name}-webrtc-internals.txt`), buildParticipantDump(spec, [flows[0], flows[1]], who).text)
}

/** Imports the 1-hour bundle into a fresh store (in process, parsing inline); returns its case id. */
async function storeHourCase(dataDir: string, bundleDir: string): Promise<string> {
  const app = await createApp({ dataDir, jobsMode: 'inline', log: () => undefined })
  try {
    const { done } = await app.services.imports.start({ path: bundleDir, caseTitle: '1-hour 1v1 call' })
    return (await done).caseId
  } finally {
    await app.dispose()
  }
}

async function startServer(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'out/main/server.js'), '--port', '0', '--data-dir', dataDir, '--json', '--no-demo'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).once('line', ok)
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)))
  })
  const { url } = JSON.parse(line) as { url: string }
  return { url, stop: () => new Promise((ok) => (child.once('exit', () => ok()), child.kill('SIGTERM'))) }
}

/** Opens the case in a fresh page per run: ms from navigation start to the charts' first drawn data. */
async function timeOpen(browser: Browser, url: string, caseId: string, runs: number): Promise<number> {
  const ms: number[] = []
  for (let i = 0; i <= runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(`${url}#/cases/${caseId}`)
    await page.waitForFunction(() => document.querySelector('[data-testid="timeline-chart"][data-drawn="true"]') !== null, null, { polling: 'raf', timeout: 30_000 })
    const at = await page.evaluate(() => performance.now())
    if (i > 0) ms.push(at) // the first run warms the server and the browser's caches
    await page.close()
  }
  return median(ms)
}

export async function benchTimelineRender(): Promise<TimelineRenderBench> {
  if (!existsSync(join(ROOT, 'out/main/server.js'))) throw new Error('out/main/server.js is missing: run `npm run build` first')
  const dir = mkdtempSync(join(tmpdir(), 'rtcwb-bench-timeline-'))
  let browser: Browser | null = null
  const stops: (() => Promise<void>)[] = []
  try {
    await buildHarness(join(dir, 'harness'))
    const harness = await serveDir(join(dir, 'harness'))
    stops.push(harness.close)
    writeHourBundle(join(dir, 'hour-bundle'))
    const caseId = await storeHourCase(join(dir, 'data'), join(dir, 'hour-bundle'))
    const server = await startServer(join(dir, 'data'))
    stops.push(server.stop)
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS })
    const page = await browser.newPage({ viewport: { width: 1366, height: 1400 } })
    await page.goto(harness.url)
    await page.waitForFunction(() => (window as unknown as { bench?: { ready: boolean } }).bench?.ready === true)
    const r = await page.evaluate(async (runs) => {
      const b = (window as unknown as { bench: { run(n: number): Promise<{ paint: number; baseline: number; zoom: number }> } }).bench
      return b.run(runs)
    }, RUNS)
    await page.close()
    const openHourCase = await timeOpen(browser, server.url, caseId, RUNS)
    return { paint8x1M: r.paint, uplotBaseline8x1M: r.baseline, zoomRedraw: r.zoom, openHourCase }
  } finally {
    await browser?.close()
    for (const stop of stops.reverse()) await stop().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}

// `npx tsx test/bench/timeline-render.bench.ts` prints the figures on its own.
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'timeline-render.bench.ts')) {
  benchTimelineRender().then((r) => {
    const f = (x: number) => `${x.toFixed(1)} ms`
    console.log(`8 panels × 1M points painted: ${f(r.paint8x1M)} (uPlot alone, same points: ${f(r.uplotBaseline8x1M)}, ${(r.uplotBaseline8x1M / r.paint8x1M).toFixed(1)}× faster)`)
    console.log(`zoom redraw (8 × 1M points): ${f(r.zoomRedraw)}`)
    console.log(`open a stored 1-hour case: ${f(r.openHourCase)}`)
  }, (e: unknown) => {
    console.error(e)
    process.exit(1)
  })
}
