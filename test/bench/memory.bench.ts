/**
 * "A 1 GiB text log imports with peak RSS under 600 MiB": the real CLI (`rtcwb import`, parsing in
 * its worker thread, log lines streamed into SQLite/FTS5 in one transaction) on a generated
 * 1 GiB Agora-like log, its peak RSS read by GNU time (`/usr/bin/time -f %M`, the whole process
 * including worker threads). Baseline in the same run: the peak RSS of `rtcwb --version`, i.e.
 * what Node and the app cost before any data.
 */
import { spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { once } from 'node:events'
import { agoraLikeChunks } from '../fixtures/generate/text-log'
import type { BenchRow } from './harness'

const BIN = resolve(import.meta.dirname, '../../bin/rtcwb.cjs')
const GNU_TIME = '/usr/bin/time'

function peakRssMiB(args: string[]): { mib: number; seconds: number; ok: boolean; stderr: string } {
  const t0 = performance.now()
  const r = spawnSync(GNU_TIME, ['-f', 'PEAK_RSS_KB=%M', process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 ** 2 })
  const kb = Number(/PEAK_RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN)
  return { mib: kb / 1024, seconds: (performance.now() - t0) / 1000, ok: r.status === 0, stderr: r.stderr }
}

export async function memoryBenches(rows: BenchRow[], bytes = 1024 ** 3): Promise<void> {
  if (!existsSync(GNU_TIME)) {
    rows.push({ name: '1 GiB text log import, peak RSS', value: 'skipped', baseline: `${GNU_TIME} is missing (apt-get install time)`, ratio: '—' })
    return
  }
  const dir = mkdtempSync(join(tmpdir(), 'rtcwb-bench-mem-'))
  try {
    const file = join(dir, 'agorasdk.log')
    const out = createWriteStream(file)
    for (const chunk of agoraLikeChunks(bytes)) if (!out.write(chunk)) await once(out, 'drain')
    out.end()
    await once(out, 'finish')
    const size = statSync(file).size
    const idle = peakRssMiB(['--version'])
    const run = peakRssMiB(['import', file, '--data-dir', join(dir, 'data')])
    if (!run.ok) throw new Error(`import failed: ${run.stderr.slice(-500)}`)
    rows.push({
      name: `${(size / 1024 ** 3).toFixed(2)} GiB Agora log → store (rtcwb import, FTS5), peak RSS`,
      value: `${run.mib.toFixed(0)} MiB in ${run.seconds.toFixed(0)} s (${(size / 1e6 / run.seconds).toFixed(0)} MB/s)`,
      baseline: `rtcwb --version ${idle.mib.toFixed(0)} MiB`,
      ratio: `goal < 600 MiB: ${run.mib < 600 ? 'met' : 'NOT met'}`,
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
