/**
 * Text-log parsing against lnav 0.11 on the same 200 MB Agora-4.x-like log (the must-hold: ≥ 1.2×
 * lnav's indexing speed). lnav indexes the file with an equivalent custom format
 * (`lnav -n -c ';SELECT COUNT(*) FROM agora_bench_log'`, its whole process timed, startup included);
 * ours is the job as the app runs it: the built parse worker started by a JobRunner in worker mode
 * (a second thread parses the second half), its log lines dropped by the worker's sink (no consumer,
 * as `rtcwb inspect`; the store is left out), and, in a second row, every line packed and delivered
 * to the main thread where the hook drops it. Runs alternate lnav / ours three times after a warm-up
 * of each (page cache; the runner's first job also starts its workers, which it keeps for the next
 * jobs as the app does: that cold first job gets its own row), medians reported. Also for
 * information: one thread only (split off), the CPU time of both sides (unlike wall times, it does
 * not depend on how busy the shared machine is) and the full import into the store with FTS. Needs
 * `npm run build`; without lnav the baseline is skipped with a note.
 */
import { spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { once } from 'node:events'
import { createApp } from '../../src-main/app'
import { JobRunner } from '../../src-main/jobs/job-runner'
import type { ParseJobInput } from '../../src-main/jobs/parse-job'
import { EventBus } from '../../src-main/transport/event-bus'
import { agoraLikeChunks } from '../fixtures/generate/text-log'
import { importAndWait } from '../support/case-bundle'
import { type BenchRow, median } from './harness'

const WORKER = resolve(import.meta.dirname, '../../out/main/parse.worker.js')
const MB = 200

/** The lnav format: the agora-4x record pattern and time format of resources/log-formats/agora-4x.json. */
const LNAV_FORMAT = {
  $schema: 'https://lnav.org/schemas/format-v1.schema.json',
  agora_bench_log: {
    title: 'Agora SDK 4.x (bench)',
    description: "Agora 4.x agorasdk.log lines, for the workbench's benchmark baseline",
    regex: {
      std: { pattern: '^\\[(?<timestamp>\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d:\\d{3})\\]\\[(?<thread>\\d+)\\]\\[(?<level>[A-Z])\\]:(?<body>.*)$' },
    },
    'timestamp-format': ['%m/%d/%y %H:%M:%S:%L'],
    level: { error: 'E', warning: 'W', info: 'I', debug: 'D', trace: 'A' },
    value: { thread: { kind: 'integer', identifier: true } },
    sample: [{ line: '[03/05/24 09:30:00:000][259][I]:[ap-base] append predefined ip: 218.1.1.178' }],
  },
}

export async function textLogBenches(rows: BenchRow[]): Promise<void> {
  if (!existsSync(WORKER)) throw new Error('out/main/parse.worker.js is missing: run `npm run build` first')
  const dir = mkdtempSync(join(tmpdir(), 'rtcwb-bench-textlog-'))
  try {
    const file = join(dir, 'agorasdk.log')
    const out = createWriteStream(file)
    for (const chunk of agoraLikeChunks(MB * 1e6)) if (!out.write(chunk)) await once(out, 'drain')
    out.end()
    await once(out, 'finish')
    const mb = statSync(file).size / 1e6

    const home = join(dir, 'home')
    mkdirSync(join(home, '.lnav', 'formats', 'installed'), { recursive: true })
    writeFileSync(join(home, '.lnav', 'formats', 'installed', 'agora_bench.json'), JSON.stringify(LNAV_FORMAT, null, 2))
    const lnav = lnavRunner(file, home)

    const runner = new JobRunner({ mode: 'worker', workerPath: WORKER, bus: new EventBus(), maxParallel: 1 })
    let lines = 0
    // CPU time of this process (its worker threads included) per run of the first row.
    const cpu: number[] = []
    const ours = (input: Partial<ParseJobInput>, deliver: boolean, cpuTimes?: number[]) => async (): Promise<number> => {
      const t0 = performance.now()
      const c0 = process.cpuUsage()
      lines = 0
      await runner.start({ path: file, ...input }, 'bench', {
        ...(deliver ? { onLogs: async (_i: number, batch: unknown[]) => { lines += batch.length } } : {}),
        onOutput: async () => undefined,
      }).done
      const c = process.cpuUsage(c0)
      cpuTimes?.push((c.user + c.system) / 1000)
      return performance.now() - t0
    }
    const split = ours({}, true)
    const inWorker = ours({}, false, cpu)
    const oneThread = ours({ splitThresholdBytes: Infinity }, false)

    // Warm-up: the page cache (and lnav's own first-run work); the first job also starts the workers
    // (kept for the next jobs, as in the app), then alternate.
    if (lnav.available) lnav.run()
    const tCold = await inWorker()
    cpu.length = 0
    const times = { lnav: [] as number[], split: [] as number[], inWorker: [] as number[], oneThread: [] as number[] }
    let delivered = 0
    const load = loadavg()[0]!
    for (let i = 0; i < 3; i++) {
      if (lnav.available) times.lnav.push(lnav.run())
      times.inWorker.push(await inWorker())
      if (lnav.available) times.lnav.push(lnav.run())
      times.oneThread.push(await oneThread())
      times.split.push(await split())
      delivered = lines
    }
    runner.dispose()

    const rate = (ms: number) => `${(ms / 1000).toFixed(2)} s = ${(mb / (ms / 1000)).toFixed(0)} MB/s`
    const tLnav = lnav.available ? median(times.lnav) : NaN
    // The machine's load when the runs started: two threads only pay when two cores are free.
    const where = `${availableParallelism()} cores, load ${load.toFixed(1)}`
    const baseline = lnav.available ? `lnav 0.11 index: ${rate(tLnav)} (${where})` : `lnav not installed (${lnav.note}): no baseline (${where})`
    const vsLnav = (ms: number, goal = '') => (lnav.available ? `${(tLnav / ms).toFixed(2)}× lnav${goal}` : 'n/a')
    rows.push({
      name: `text log ${mb.toFixed(0)} MB Agora 4.x → built parse worker, 2 threads, lines dropped by its sink`,
      value: rate(median(times.inWorker)), baseline, ratio: vsLnav(median(times.inWorker), '; goal ≥ 1.20×'),
    })
    rows.push({ name: `…same, all ${delivered} lines delivered to the main thread (dropped there)`, value: rate(median(times.split)), baseline, ratio: vsLnav(median(times.split)) })
    rows.push({ name: '…same as the first row, one thread (split off)', value: rate(median(times.oneThread)), baseline, ratio: vsLnav(median(times.oneThread)) })
    rows.push({ name: '…same as the first row, the runner\'s first job (workers started, code not yet optimised; 1 run)', value: rate(tCold), baseline, ratio: vsLnav(tCold) })
    // CPU time does not depend on how busy the machine is (wall times do): the work each side does.
    if (lnav.available) {
      const lnavCpu = lnav.cpu()
      const ourCpu = median(cpu)
      rows.push({
        name: '…CPU time of the first row (all threads, median), for information', value: `${(ourCpu / 1000).toFixed(2)} s CPU`,
        baseline: `lnav 0.11 index: ${(lnavCpu / 1000).toFixed(2)} s CPU (user + sys, 1 run)`, ratio: `${(lnavCpu / ourCpu).toFixed(2)}× lnav's CPU`,
      })
    }

    // For information: the whole import, log lines into the store and its full-text index.
    const app = await createApp({ dataDir: join(dir, 'data'), jobsMode: 'worker', workerPath: WORKER, log: () => undefined })
    try {
      const t0 = performance.now()
      await importAndWait(app, file)
      const t = performance.now() - t0
      rows.push({ name: `…full import into the store (log lines + FTS), for information`, value: rate(t), baseline, ratio: vsLnav(t) })
    } finally {
      await app.dispose()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** lnav indexing the file with the bench format (its process wall time), or why it cannot run. */
function lnavRunner(file: string, home: string): { available: boolean; note: string; run: () => number; cpu: () => number } {
  const probe = spawnSync('lnav', ['-V'], { encoding: 'utf8' })
  const available = !probe.error && probe.status === 0
  // lnav reads its formats from $HOME/.lnav (or $XDG_CONFIG_HOME/lnav when that is set).
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home }
  delete env.XDG_CONFIG_HOME
  return {
    available,
    note: probe.error ? (probe.error as NodeJS.ErrnoException).code ?? probe.error.message : `lnav -V exited ${probe.status}`,
    run: () => {
      const t0 = performance.now()
      const r = spawnSync('lnav', ['-n', '-c', ';SELECT COUNT(*) FROM agora_bench_log', file], { encoding: 'utf8', env })
      const ms = performance.now() - t0
      const count = Number(/\d+/.exec(r.stdout.split('\n').slice(1).join(' '))?.[0] ?? NaN)
      if (r.status !== 0 || !(count > 0)) throw new Error(`lnav failed (${r.status}): ${r.stderr || r.stdout}`)
      return ms
    },
    // lnav's user + system CPU time: bash's `times` prints its children's on its second line.
    cpu: () => {
      const script = 'lnav -n -c ";SELECT COUNT(*) FROM agora_bench_log" "$1" >/dev/null && times'
      const r = spawnSync('bash', ['-c', script, 'bash', file], { encoding: 'utf8', env })
      const children = r.stdout.trim().split('\n').at(-1) ?? ''
      const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]))
      if (r.status !== 0 || secs.length !== 2) throw new Error(`lnav (timed) failed (${r.status}): ${r.stderr || r.stdout}`)
      return (secs[0]! + secs[1]!) * 1000
    },
  }
}
