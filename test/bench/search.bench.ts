/**
 * Knowledge-base search at scale: "search over 100k cases and 10M log lines answers in ≤ 100 ms".
 * Builds a real store file (100k cases with notes and findings, 10M log lines in 1,000 entries;
 * RTCWB_BENCH_CASES / RTCWB_BENCH_LOG_LINES scale it down), then times `knowledge.search` and
 * `cases.list` through the app's dispatcher (validation included). Baselines, same store and run:
 * the LIKE scan a store without the index needs to find every match.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../../src-main/app'
import { insertMany } from '../../src-main/store/bulk'
import type { Db, SqlValue } from '../../src-main/store/db'
import { openStore } from '../../src-main/store/store'
import { Rng } from '../fixtures/generate/prng'
import { type BenchRow, timeAsync } from './harness'

const CASES = Number(process.env.RTCWB_BENCH_CASES ?? 100_000)
const LOG_LINES = Number(process.env.RTCWB_BENCH_LOG_LINES ?? 10_000_000)
const ENTRIES = 1000
const T0 = Date.UTC(2025, 0, 1)

const WORDS = ['uplink', 'downlink', 'congestion', 'jitter', 'freeze', 'echo', 'relay', 'handover', 'thermal', 'token', 'expired', 'keyframe', 'bitrate', 'codec', 'firewall', 'wifi']
const CITIES = ['Jakarta', 'Manila', 'São Paulo', 'Riyadh', 'Lagos', 'Mumbai', 'Shenzhen', 'Berlin', 'Austin', 'Seoul']
const ZH = ['上行拥塞', '画面卡顿', '回声', '首帧慢', '弱网', '发热降频', '跨境链路', '蜂窝切换']
const SIGS = ['direction/uplink-congestion', 'packet-loss/bursty-loss/video', 'high-rtt/sustained', 'video-freeze/recv', 'cpu/limited', 'ice-disconnect/reconnected', 'relay/turn-tcp', 'sdk-codes/token-expired']
const CATEGORIES = ['network.uplink-congestion', 'network.loss-burst', 'network.high-rtt', 'device.cpu-overload', 'env.wifi', 'app.token', 'network.turn-relay']
const LOG_TEMPLATES = [
  (r: Rng) => `[VQC DEBUG] qp avg is${r.int(18, 35)}, cur bit is:${r.int(300, 1500)}, cur fps is ${r.int(5, 30)}`,
  (r: Rng) => `senderFpsStats [in|out]: cap[15|15] enc[15|${r.int(10, 15)}] sender[${r.int(10, 15)}|${r.int(10, 15)}]`,
  (r: Rng) => `[tactics] rtt:${r.int(20, 900)} lost frame rate:${r.int(0, 30)} jitter:${r.int(1, 90)}`,
  (r: Rng) => `[CONN-0][CM]: connection state changed from ${r.int(1, 4)} to ${r.int(1, 5)} caused by reason[${r.int(0, 14)}]`,
  (r: Rng) => `onPlaybackAudioFrame cost too long time ${r.int(3, 9)}`,
  (r: Rng) => `[ADGM-UP](0x${r.int(1, 1e6).toString(16)}): state 50, category 53 due to invalid send bitrate 0`,
  (r: Rng) => `audio_processing_impl.cc:1472 - [Default_APM] reset_apm_capture_state(${r.int(1, 1e6)})`,
]

/** Fills a fresh store: cases (+ notes, findings) through the same triggers as the app; log lines then their FTS index. */
export async function populate(db: Db): Promise<void> {
  const r = new Rng(42)
  await db.tx(async (t) => {
    const cases: SqlValue[][] = []
    for (let i = 0; i < CASES; i++) {
      const words = [r.pick(WORDS), r.pick(WORDS)]
      cases.push([`case-${i}`, `${words[0]} ${words[1]} in ${r.pick(CITIES)} #${i}`, `Customer ${i % 3000}`, r.pick(['P0', 'P1', 'P2', 'P3']), r.pick(['new', 'investigating', 'resolved', 'closed']),
        JSON.stringify([r.pick(WORDS)]), `${r.pick(ZH)}，用户反馈 ${r.pick(WORDS)} ${r.int(1, 1e6)}`, T0 + i * 60_000, T0 + i * 60_000])
    }
    await insertMany(t, 'cases', ['id', 'title', 'customer', 'priority', 'status', 'tags', 'description', 'created_at', 'updated_at'], cases)
    const notes: SqlValue[][] = []
    const findings: SqlValue[][] = []
    for (let i = 0; i < CASES; i++) {
      if (i % 3 === 0) notes.push([`note-${i}`, `case-${i}`, 0, 1, r.pick(CATEGORIES), r.uniform(0.3, 1), `Root cause: ${r.pick(WORDS)} after ${r.pick(WORDS)}; ${r.pick(ZH)}`, T0, T0])
      for (let k = 0; k < 3; k++) {
        const sig = r.pick(SIGS)
        findings.push([`case-${i}`, `f-${i}-${k}`, sig, sig.split('/')[0]!, 'network', 'warning', `${sig} finding`, `${sig} 发现`, `explained ${r.pick(WORDS)}`, 0, 1])
      }
    }
    await insertMany(t, 'annotations', ['id', 'case_id', 't_start', 't_end', 'category', 'confidence', 'note', 'created_at', 'updated_at'], notes)
    await insertMany(t, 'case_findings', ['case_id', 'finding_id', 'signature', 'detector_id', 'category', 'severity', 'title_en', 'title_zh', 'explanation', 't_start', 't_end'], findings)
    await insertMany(t, 'case_analysis', ['case_id', 'analyzed_at', 'findings'], Array.from({ length: CASES }, (_, i) => [`case-${i}`, T0, 3]))
    const bundles = Array.from({ length: ENTRIES }, (_, i) => [`b-${i}`, `case-${i * Math.floor(CASES / ENTRIES)}`, `bundle-${i}.zip`, '/x', `sha-${i}`, 1, T0] as SqlValue[])
    await insertMany(t, 'bundles', ['id', 'case_id', 'name', 'source_path', 'sha256', 'size_bytes', 'imported_at'], bundles)
    await insertMany(t, 'entries', ['id', 'bundle_id', 'path', 'kind', 'format', 'size_bytes'], Array.from({ length: ENTRIES }, (_, i) => [i + 1, `b-${i}`, 'agorasdk.log', 'log', 'log/agora-4x', 1]))
  })
  // Log lines in transactions of 1M rows, then the FTS index built in one pass (as `rebuild` would).
  const perEntry = Math.ceil(LOG_LINES / ENTRIES)
  for (let start = 0; start < LOG_LINES; start += 1_000_000) {
    await db.tx(async (t) => {
      const batch: SqlValue[][] = []
      for (let i = start; i < Math.min(LOG_LINES, start + 1_000_000); i++) {
        const rare = i % 250_000 === 7 ? ' zebrafish-marker' : ''
        batch.push([Math.floor(i / perEntry) + 1, (i % perEntry) + 1, T0 + i, 'info', `${r.pick(LOG_TEMPLATES)(r)}${rare}`])
        if (batch.length === 20_000) await insertMany(t, 'log_lines', ['entry_id', 'line', 't', 'level', 'message'], batch.splice(0))
      }
      await insertMany(t, 'log_lines', ['entry_id', 'line', 't', 'level', 'message'], batch)
    })
  }
  await db.tx((t) => t.exec("INSERT INTO log_fts(log_fts) VALUES('rebuild')"))
}

export async function searchBenches(rows: BenchRow[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rtcwb-bench-search-'))
  try {
    const t0 = performance.now()
    const store = await openStore(join(dir, 'data'))
    await populate(store.db)
    await store.close()
    console.error(`search bench: store with ${CASES} cases and ${LOG_LINES} log lines built in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
    const app = await createApp({ dataDir: join(dir, 'data'), jobsMode: 'inline', log: () => undefined })
    try {
      const call = async (method: string, input: unknown) => {
        const reply = await app.dispatch(method, input, { origin: 'cli' })
        if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`)
        return reply.value as { hits?: unknown[] }
      }
      const db = app.store.db
      const scan = (sql: string, params: SqlValue[]) => timeAsync(() => db.all(sql, params), 2)
      const cases = [
        ['cases+notes+findings, common word "congestion"', { query: 'congestion', kinds: ['case', 'note', 'finding'] }, "SELECT COUNT(*) FROM cases WHERE title LIKE '%congestion%' OR description LIKE '%congestion%'"],
        ['cases+notes+findings, two words "uplink jakarta"', { query: 'uplink jakarta', kinds: ['case', 'note', 'finding'] }, "SELECT COUNT(*) FROM cases WHERE title LIKE '%uplink%' AND title LIKE '%jakarta%'"],
        ['cases+notes, Chinese "上行拥塞"', { query: '上行拥塞', kinds: ['case', 'note'] }, "SELECT COUNT(*) FROM cases WHERE description LIKE '%上行拥塞%'"],
        ['cases+notes, 2-character Chinese "回声" (no index: scan)', { query: '回声', kinds: ['case', 'note'] }, "SELECT COUNT(*) FROM cases WHERE description LIKE '%回声%'"],
        ['log lines, common word "bitrate"', { query: 'bitrate', kinds: ['log'] }, "SELECT COUNT(*) FROM log_lines WHERE message LIKE '%bitrate%'"],
        ['log lines, rare word "zebrafish"', { query: 'zebrafish', kinds: ['log'] }, "SELECT COUNT(*) FROM log_lines WHERE message LIKE '%zebrafish%'"],
        ['everything, "invalid send bitrate"', { query: 'invalid send bitrate', kinds: ['case', 'note', 'finding', 'log'] }, "SELECT COUNT(*) FROM log_lines WHERE message LIKE '%invalid send bitrate%'"],
      ] as const
      for (const [name, input, baseline] of cases) {
        const ms = await timeAsync(() => call('knowledge.search', { ...input, limit: 50 }), 7)
        const hits = ((await call('knowledge.search', { ...input, limit: 50 })).hits ?? []).length
        const base = await scan(baseline, [])
        rows.push({ name: `search ${name} (${CASES / 1000}k cases, ${LOG_LINES / 1e6}M lines)`, value: `${ms.toFixed(1)} ms (${hits} hits)`, baseline: `LIKE scan for all matches: ${base.toFixed(0)} ms`, ratio: `${(base / ms).toFixed(0)}× faster; goal ≤ 100 ms` })
      }
      const list = await timeAsync(() => call('cases.list', { query: 'freeze', sort: 'due', order: 'asc', limit: 100 }), 7)
      rows.push({ name: `case list: full-text "freeze", sorted by SLA due, first 100 (${CASES / 1000}k cases)`, value: `${list.toFixed(1)} ms`, baseline: '—', ratio: 'goal ≤ 100 ms' })
      const similar = await timeAsync(() => call('knowledge.similar', { caseId: 'case-5', limit: 10 }), 7)
      rows.push({ name: `similar cases by shared signatures and root causes (${CASES / 1000}k cases)`, value: `${similar.toFixed(1)} ms`, baseline: '—', ratio: 'goal ≤ 100 ms' })
    } finally {
      await app.dispose()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
