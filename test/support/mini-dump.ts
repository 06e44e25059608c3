/**
 * A minimal but real-shaped chrome://webrtc-internals dump (standard stats, per-object timestamps)
 * built in memory, for service and transport tests that need "a dump" rather than a specific one.
 */
export function miniDump(opts: { seconds?: number; startMs?: number } = {}): string {
  const n = opts.seconds ?? 10
  const t0 = opts.startMs ?? Date.UTC(2026, 10, 1, 9, 0, 0)
  const ts = Array.from({ length: n }, (_, i) => t0 + i * 1000)
  const series = (id: string, type: string, prop: string, values: unknown[]) => ({
    [`${id}-${prop}`]: { startTime: new Date(ts[0]!).toISOString(), endTime: new Date(ts[n - 1]!).toISOString(), statsType: type, values: JSON.stringify(values) },
  })
  const stats = {
    ...series('IT01V1', 'inbound-rtp', 'timestamp', ts),
    ...series('IT01V1', 'inbound-rtp', 'ssrc', ts.map(() => 1111)),
    ...series('IT01V1', 'inbound-rtp', 'kind', ts.map(() => 'video')),
    ...series('IT01V1', 'inbound-rtp', 'bytesReceived', ts.map((_, i) => i * 125_000)),
    ...series('IT01V1', 'inbound-rtp', 'packetsReceived', ts.map((_, i) => i * 100)),
    ...series('IT01V1', 'inbound-rtp', 'packetsLost', ts.map((_, i) => i * 2)),
  }
  return JSON.stringify({
    getUserMedia: [],
    PeerConnections: { '1-1': { pid: 1, lid: 1, url: 'https://example.test/call', rtcConfiguration: '{}', constraints: '', stats, updateLog: [] } },
    UserAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
  })
}
