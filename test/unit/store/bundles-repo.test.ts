/**
 * Writing a parsed bundle and reading it back: streams, series points (Float64 BLOBs, bit for bit,
 * NaN gaps included), events, the entry clock offset; and all-or-nothing transactions.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ParsedEntry, emptyEntry } from '../../../src-main/core/model/call'
import { parseWebrtcInternals } from '../../../src-main/core/parsers/webrtc-internals/parse'
import { packFloat64, unpackFloat64 } from '../../../src-main/store/bulk'
import { Db } from '../../../src-main/store/db'
import { migrate } from '../../../src-main/store/migrate'
import { type NewBundle, type NewEntry, listBundles, listEntries, writeBundle } from '../../../src-main/store/repos/bundles-repo'
import { insertCase } from '../../../src-main/store/repos/cases-repo'
import { caseEvents, caseSeriesInfo, caseStreams, seriesPoints } from '../../../src-main/store/repos/timeline-repo'

const ROOT = resolve(import.meta.dirname, '../../..')
const TABLES = ['cases', 'bundles', 'entries', 'connections', 'streams', 'series', 'events', 'annotations', 'settings']

function parsedFile(rel: string): ParsedEntry {
  return parseWebrtcInternals(readFileSync(resolve(ROOT, rel), 'utf8'), { assumedUtcOffsetMin: 0 })
}

/** A small hand-made entry with awkward numbers: NaN gaps, -0, denormals, huge epoch times. */
function awkwardEntry(): ParsedEntry {
  const e = emptyEntry('rtcstats', 'rtcstats/v3')
  e.connections.push({ key: 'pc1', label: 'pc one', meta: { url: 'https://x.example' } })
  e.streams.push({ key: 'pc1/a', connectionKey: 'pc1', kind: 'audio', direction: 'send', ssrc: 4294967295, codec: 'opus', label: 'mic' })
  e.streams.push({ key: 'pc1/v', connectionKey: 'pc1', kind: 'video', direction: 'recv', layer: 'h', meta: { mid: '1' } })
  e.series.push({ metric: 'bitrate', unit: 'kbps', streamKey: 'pc1/a', t: Float64Array.from([1758031331412.125, 1758031332412.5, 1758031333413]), v: Float64Array.from([NaN, 31.25, -0]) })
  e.series.push({ metric: 'rtt_ms', unit: 'ms', connectionKey: 'pc1', t: Float64Array.from([1, 2, 3, 4]), v: Float64Array.from([5e-324, 1.7976931348623157e308, NaN, 0.1 + 0.2]) })
  e.series.push({ metric: 'loss_pct', unit: '%', streamKey: 'pc1/v', t: new Float64Array(0), v: new Float64Array(0) })
  e.events.push({ t: 1758031331000.5, type: 'ice.state', severity: 'warning', message: 'ice.state disconnected', connectionKey: 'pc1', data: { state: 'disconnected' } })
  e.events.push({ t: 1758031330000, type: 'quality-limitation.change', severity: 'warning', message: 'none → bandwidth', streamKey: 'pc1/a', line: 7 })
  return e
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
}

async function counts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of TABLES) out[t] = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`))!.n
  return out
}

describe('bundles repo', () => {
  let db: Db
  const caseId = 'case-1'
  const bundle = (id: string): NewBundle => ({
    id, caseId, name: 'demo bundle', sourcePath: '/tmp/demo', sha256: 'ab'.repeat(32), sizeBytes: 123_456, importedAt: 1_758_040_000_000,
    timeStart: 1758031330000, timeEnd: 1758031631173.45,
  })
  let entries: NewEntry[]

  beforeEach(async () => {
    db = await Db.open(':memory:')
    await migrate(db)
    await insertCase(db, {
      id: caseId, title: 'Case', customer: '', appVersion: '', scenario: 'other', priority: 'P2', tier: 2, status: 'new', owner: '',
      tags: [], description: '', isDemo: false, now: 1_758_040_000_000,
    })
    entries = [
      { path: 'alice-webrtc-internals.txt', sizeBytes: 1000, encoding: 'utf-8', participant: 'alice', parsed: parsedFile('resources/demo/bundle/alice-webrtc-internals.txt') },
      { path: 'sdk/odd.jsonl', sizeBytes: 10, encoding: null, participant: 'bob', parsed: awkwardEntry() },
    ]
  })
  afterEach(async () => {
    await db.close()
  })

  it('writes a bundle in one transaction and reads streams, series points and events back', async () => {
    const written = await db.tx((t) => writeBundle(t, bundle('b1'), entries))
    const [alice, odd] = entries.map((e) => e.parsed) as [ParsedEntry, ParsedEntry]
    expect(written).toEqual({
      entries: 2, streams: alice.streams.length + 2, series: alice.series.length + 3, events: alice.events.length + 2,
      entryIds: [expect.any(Number), expect.any(Number)],
    })
    expect(alice.series.length).toBeGreaterThan(100)

    expect(await listBundles(db, caseId)).toEqual([{ id: 'b1', case_id: caseId, name: 'demo bundle', size_bytes: 123_456, imported_at: 1_758_040_000_000, t_start: 1758031330000, t_end: 1758031631173.45 }])
    const entryRows = await listEntries(db, caseId)
    expect(entryRows.map((r) => [r.path, r.kind, r.format, r.participant, r.encoding])).toEqual([
      ['alice-webrtc-internals.txt', 'webrtc-internals', 'webrtc-internals/standard', 'alice', 'utf-8'],
      ['sdk/odd.jsonl', 'rtcstats', 'rtcstats/v3', 'bob', null],
    ])

    const streams = await caseStreams(db, caseId)
    expect(streams.map((s) => s.key)).toEqual([...alice.streams.map((s) => s.key), 'pc1/a', 'pc1/v'])
    expect(streams.at(-2)).toMatchObject({ kind: 'audio', direction: 'send', ssrc: 4294967295, codec: 'opus', label: 'mic', participant: 'bob', layer: null })
    expect(streams.at(-1)).toMatchObject({ kind: 'video', direction: 'recv', ssrc: null, codec: null, label: 'pc1/v', layer: 'h' })
    const aliceVideo = alice.streams.find((s) => s.direction === 'send' && s.kind === 'video')!
    expect(streams.find((s) => s.key === aliceVideo.key)).toMatchObject({ ssrc: aliceVideo.ssrc, codec: 'VP8', participant: 'alice', connection_key: '173-1' })

    // every series' points come back bit for bit, attached to the right stream or connection
    const streamKeyById = new Map(streams.map((s) => [s.id, s.key]))
    const infos = await caseSeriesInfo(db, caseId)
    const all = [...alice.series, ...odd.series]
    expect(infos).toHaveLength(all.length)
    for (const [i, info] of infos.entries()) {
      const s = all[i]!
      expect(info.metric).toBe(s.metric)
      expect(info.stream_id === null ? undefined : streamKeyById.get(info.stream_id)).toBe(s.streamKey)
      expect(info.connection_key ?? undefined).toBe(s.connectionKey)
      expect(info.n).toBe(s.t.length)
      const points = (await seriesPoints(db, info.id))!
      expect(sameBits(points.t, s.t), `${s.metric} t`).toBe(true)
      expect(sameBits(points.v, s.v), `${s.metric} v`).toBe(true)
    }
    const rtt = infos.find((s) => s.metric === 'rtt_ms' && s.connection_key === 'pc1')!
    expect(rtt).toMatchObject({ n: 4, t_start: 1, t_end: 4, v_min: 5e-324, v_max: 1.7976931348623157e308 })
    const bitrate = infos.find((s) => s.metric === 'bitrate' && streamKeyById.get(s.stream_id!) === 'pc1/a')!
    expect(bitrate).toMatchObject({ v_min: 0, v_max: 31.25, v_mean: 15.625, t_start: 1758031331412.125 })
    expect(infos.find((s) => s.metric === 'loss_pct' && streamKeyById.get(s.stream_id!) === 'pc1/v')).toMatchObject({ n: 0, t_start: null, v_min: null, v_mean: null })

    const events = await caseEvents(db, caseId)
    expect(events).toHaveLength(alice.events.length + 2)
    for (let i = 1; i < events.length; i++) expect(events[i]!.t).toBeGreaterThanOrEqual(events[i - 1]!.t)
    const ql = events.find((e) => e.type === 'quality-limitation.change' && e.line === 7)!
    expect(ql).toMatchObject({ t: 1758031330000, severity: 'warning', connection_key: null })
    expect(streamKeyById.get(ql.stream_id!)).toBe('pc1/a')
    const stored = await db.get<{ data: string | null }>('SELECT data FROM events WHERE type = ? AND t = ?', ['ice.state', 1758031331000.5])
    expect(JSON.parse(stored!.data!)).toEqual({ state: 'disconnected' })
    expect(events.filter((e) => e.type === 'ice.state' && e.connection_key === '173-1').length).toBe(alice.events.filter((e) => e.type === 'ice.state').length)
  })

  it("applies an entry's clock offset when reading times back", async () => {
    const { entryIds } = await db.tx((t) => writeBundle(t, bundle('b1'), entries))
    await db.run('UPDATE entries SET clock_offset_ms = ? WHERE id = ?', [-640, entryIds[1]!])
    const info = (await caseSeriesInfo(db, caseId)).find((s) => s.metric === 'rtt_ms' && s.connection_key === 'pc1')!
    expect(info).toMatchObject({ t_start: -639, t_end: -636, offset: -640 })
    expect(Array.from((await seriesPoints(db, info.id))!.t)).toEqual([-639, -638, -637, -636])
    const ev = (await caseEvents(db, caseId)).find((e) => e.line === 7)!
    expect(ev.t).toBe(1758031330000 - 640)
    expect(await seriesPoints(db, 987_654)).toBeNull()
  })

  it('leaves the store exactly as before when the transaction throws after writing everything', async () => {
    await db.tx((t) => writeBundle(t, bundle('b0'), entries.slice(1)))
    const before = await counts(db)
    expect(before).toMatchObject({ bundles: 1, entries: 1, streams: 2, series: 3, events: 2 })
    await expect(db.tx(async (t) => {
      await writeBundle(t, bundle('b1'), entries)
      expect((await counts(t)).series).toBeGreaterThan(before.series!) // really written inside the transaction
      throw new Error('cancelled by the user')
    })).rejects.toThrow('cancelled by the user')
    expect(await counts(db)).toEqual(before)
    expect((await listBundles(db, caseId)).map((b) => b.id)).toEqual(['b0'])
  })

  it('leaves the store exactly as before when an insert fails half-way through the bundle', async () => {
    const before = await counts(db)
    const broken = awkwardEntry()
    broken.streams.push({ key: 'pc1/x', kind: null as unknown as 'audio', direction: 'send' }) // violates NOT NULL
    await expect(db.tx((t) => writeBundle(t, bundle('b1'), [entries[0]!, { ...entries[1]!, parsed: broken }]))).rejects.toThrow(/NOT NULL constraint failed: streams.kind/)
    expect(await counts(db)).toEqual(before)
    // and the store still takes the next write
    await db.tx((t) => writeBundle(t, bundle('b2'), entries.slice(1)))
    expect((await counts(db)).bundles).toBe(1)
  })

  it('packs and unpacks Float64 columns, also from a Buffer that is not 8-byte aligned', () => {
    const v = Float64Array.from([NaN, -0, Infinity, 1758031331412.125, 5e-324])
    const packed = packFloat64(v)
    expect(packed.length).toBe(40)
    const shifted = Buffer.alloc(41)
    packed.copy(shifted, 1)
    const unaligned = shifted.subarray(1)
    expect(unaligned.byteOffset % 8).not.toBe(0)
    expect(sameBits(unpackFloat64(unaligned), v)).toBe(true)
    expect(sameBits(unpackFloat64(packed), v)).toBe(true)
  })
})
