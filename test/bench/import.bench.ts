/**
 * End-to-end import of a large webrtc-internals dump through the app as the user runs it (built
 * parse worker, one store transaction on a real SQLite file): "a 100 MB dump ready in under 2 s".
 * Baseline in the same run: JSON.parse of the same text with every `values` string parsed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createApp } from '../../src-main/app'
import type { EventPayload } from '../../src-main/contract/events'
import { bigDump } from './big-dump'
import { type BenchRow, median, time } from './harness'

const WORKER = resolve(import.meta.dirname, '../../out/main/parse.worker.js')

export async function importBenches(rows: BenchRow[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rtcwb-bench-import-'))
  try {
    const text = bigDump({ streams: 100, seconds: 9000 })
    const mb = Buffer.byteLength(text) / 1e6
    const file = join(dir, 'big-dump.json')
    writeFileSync(file, text)
    const tJson = time(() => {
      const doc = JSON.parse(text) as { PeerConnections: Record<string, { stats: Record<string, { values: string }> }> }
      for (const pc of Object.values(doc.PeerConnections)) for (const st of Object.values(pc.stats)) JSON.parse(st.values)
    }, 3)
    const app = await createApp({ dataDir: join(dir, 'data'), jobsMode: 'worker', workerPath: WORKER, log: () => undefined })
    const runs: number[] = []
    try {
      for (let i = 0; i < 4; i++) {
        const t0 = performance.now()
        const finished = new Promise<EventPayload<'job.finished'>>((ok) => {
          const off = app.bus.subscribe((name, p) => {
            if (name === 'job.finished') {
              off()
              ok(p as EventPayload<'job.finished'>)
            }
          })
        })
        const reply = await app.dispatch('bundles.import', { path: file }, { origin: 'cli' })
        if (!reply.ok) throw new Error(reply.error.message)
        const end = await finished
        if (end.state !== 'done') throw new Error(`import ${end.state}: ${end.error?.message}`)
        if (i > 0) runs.push(performance.now() - t0) // the first run warms the worker code and the page cache
      }
    } finally {
      await app.dispose()
    }
    const t = median(runs)
    rows.push({
      name: `import ${mb.toFixed(0)} MB webrtc-internals dump → store (worker, 1 transaction)`,
      value: `${(t / 1000).toFixed(2)} s = ${(mb / (t / 1000)).toFixed(0)} MB/s`,
      baseline: `JSON.parse, values too: ${(tJson / 1000).toFixed(2)} s`,
      ratio: `${(t / tJson).toFixed(2)}× JSON.parse; goal < 2 s`,
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
