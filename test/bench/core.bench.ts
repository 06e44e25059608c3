/**
 * Core benchmarks, each next to a baseline measured in the same run
 * on the same input (so a noisy shared machine hits both).
 *  - dump parse: parseWebrtcInternals vs JSON.parse of the same dump with every `values` string parsed;
 *  - import job: runParseJob (read + sniff + parse) on a file, MB/s;
 *  - store write: points/s of writeBundle in one transaction vs one multi-row INSERT of the same
 *    number of plain rows (perf-anchors: npm sqlite3 ≈ 483k rows/s at 500 rows/statement);
 *  - downsample: 1M points to 2,000 min/max buckets vs one linear pass over the same array.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseWebrtcInternals } from '../../src-main/core/parsers/webrtc-internals/parse'
import { downsampleMinMax } from '../../src-main/core/timeline/downsample'
import { runParseJob } from '../../src-main/jobs/parse-job'
import { insertMany } from '../../src-main/store/bulk'
import { openStore } from '../../src-main/store/store'
import { writeBundle } from '../../src-main/store/repos/bundles-repo'
import { bigDump } from './big-dump'
import { type BenchRow, time, timeAsync } from './harness'

/** Parsing, storing and downsampling, in process. */
export async function coreBenches(rows: BenchRow[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rtcwb-bench-'))
  try {
    const text = bigDump({ streams: 40, seconds: 3000 })
    const mb = Buffer.byteLength(text) / 1e6
    // The floor any dump parser meets: the document and every `values` string inside it parsed.
    const tJson = time(() => {
      const doc = JSON.parse(text) as { PeerConnections: Record<string, { stats: Record<string, { values: string }> }> }
      for (const pc of Object.values(doc.PeerConnections)) for (const st of Object.values(pc.stats)) JSON.parse(st.values)
    })
    const tParse = time(() => void parseWebrtcInternals(text, { assumedUtcOffsetMin: 0 }))
    rows.push({ name: `dump parse (${mb.toFixed(1)} MB, 40 streams × 3000 s)`, value: `${tParse.toFixed(0)} ms = ${(mb / (tParse / 1000)).toFixed(0)} MB/s`, baseline: `JSON.parse, values too: ${tJson.toFixed(0)} ms`, ratio: `${(tParse / tJson).toFixed(2)}× JSON.parse` })

    const file = join(dir, 'dump.json')
    writeFileSync(file, text)
    const tJob = await timeAsync(async () => void (await runParseJob({ path: file }, () => undefined, new AbortController().signal)))
    rows.push({ name: 'import job (read + sniff + parse)', value: `${tJob.toFixed(0)} ms = ${(mb / (tJob / 1000)).toFixed(0)} MB/s`, baseline: `JSON.parse, values too: ${tJson.toFixed(0)} ms`, ratio: `${(tJob / tJson).toFixed(2)}× JSON.parse` })

    const parsed = parseWebrtcInternals(text, { assumedUtcOffsetMin: 0 })
    const points = parsed.series.reduce((a, s) => a + s.t.length, 0)
    const store = await openStore(join(dir, 'store'))
    await store.db.exec('CREATE TABLE plain (a INTEGER, b REAL, c REAL)')
    const caseId = 'bench'
    await store.db.run("INSERT INTO cases (id, title, created_at, updated_at) VALUES ('bench', 'bench', 0, 0)")
    let n = 0
    const tWrite = await timeAsync(() => store.bulk.tx(async (db) => {
      await writeBundle(db, { id: `b${n++}`, caseId, name: 'x', sourcePath: file, sha256: '', sizeBytes: 0, importedAt: 0, timeStart: null, timeEnd: null },
        [{ path: 'dump.json', sizeBytes: 0, encoding: 'utf-8', participant: 'p', parsed }])
    }))
    const plainRows = Array.from({ length: 100_000 }, (_, i) => [i, i * 0.5, i * 0.25])
    const tPlain = await timeAsync(() => store.bulk.tx(async (db) => void (await insertMany(db, 'plain', ['a', 'b', 'c'], plainRows))))
    const plainRate = 100_000 / (tPlain / 1000)
    const writeRate = points / (tWrite / 1000)
    rows.push({ name: `store write (${(points / 1e6).toFixed(2)}M points, ${parsed.series.length} series)`, value: `${tWrite.toFixed(0)} ms = ${(writeRate / 1e6).toFixed(1)}M points/s`, baseline: `row INSERT ${(plainRate / 1e3).toFixed(0)}k rows/s`, ratio: `${(writeRate / plainRate).toFixed(1)}× rows/s` })
    await store.close()

    const N = 1_000_000
    const t = new Float64Array(N)
    const v = new Float64Array(N)
    for (let i = 0; i < N; i++) {
      t[i] = i * 10
      v[i] = Math.sin(i / 1000) * 100 + (i % 9973 === 0 ? 500 : 0)
    }
    const tDown = time(() => void downsampleMinMax(t, v, 0, N * 10, 1000), 9)
    const tPass = time(() => {
      let m = -Infinity
      for (let i = 0; i < N; i++) if (v[i]! > m) m = v[i]!
      if (m === 42) console.log(m)
    }, 9)
    rows.push({ name: 'downsample 1M points → 2,000', value: `${tDown.toFixed(1)} ms`, baseline: `max() pass ${tPass.toFixed(1)} ms`, ratio: `${(tDown / tPass).toFixed(1)}× one pass` })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
