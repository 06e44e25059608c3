/**
 * A large standard-stats webrtc-internals dump for benchmarks: `streams` inbound video streams,
 * each with the properties Chrome records per second, over `seconds` samples.
 */
export function bigDump(opts: { streams: number; seconds: number }): string {
  const t0 = Date.UTC(2026, 10, 1, 9, 0, 0)
  const ts = Array.from({ length: opts.seconds }, (_, i) => t0 + i * 1000)
  const start = new Date(t0).toISOString()
  const end = new Date(ts.at(-1)!).toISOString()
  const stats: Record<string, unknown> = {}
  const put = (id: string, type: string, prop: string, values: unknown[]) => {
    stats[`${id}-${prop}`] = { startTime: start, endTime: end, statsType: type, values: JSON.stringify(values) }
  }
  for (let s = 0; s < opts.streams; s++) {
    const id = `IT01V${1000 + s}`
    put(id, 'inbound-rtp', 'timestamp', ts)
    put(id, 'inbound-rtp', 'ssrc', ts.map(() => 1000 + s))
    put(id, 'inbound-rtp', 'kind', ts.map(() => 'video'))
    put(id, 'inbound-rtp', 'bytesReceived', ts.map((_, i) => i * 150_000 + ((i * 7919) % 5000)))
    put(id, 'inbound-rtp', 'packetsReceived', ts.map((_, i) => i * 130))
    put(id, 'inbound-rtp', 'packetsLost', ts.map((_, i) => Math.floor(i * 1.3)))
    put(id, 'inbound-rtp', 'jitter', ts.map((_, i) => 0.01 + (i % 17) / 1000))
    put(id, 'inbound-rtp', 'framesPerSecond', ts.map((_, i) => 25 + (i % 5)))
    put(id, 'inbound-rtp', 'frameHeight', ts.map(() => 720))
    put(id, 'inbound-rtp', 'framesDecoded', ts.map((_, i) => i * 28))
    put(id, 'inbound-rtp', 'jitterBufferDelay', ts.map((_, i) => i * 2.1))
    put(id, 'inbound-rtp', 'jitterBufferEmittedCount', ts.map((_, i) => i * 28))
    put(id, 'inbound-rtp', 'freezeCount', ts.map((_, i) => Math.floor(i / 300)))
    put(id, 'inbound-rtp', 'totalFreezesDuration', ts.map((_, i) => Math.floor(i / 300) * 0.8))
    put(id, 'inbound-rtp', '[bytesReceived_in_bits/s]', ts.map((_, i) => 1_200_000 + (i % 100) * 1000))
  }
  return JSON.stringify({
    getUserMedia: [],
    PeerConnections: { '1-1': { pid: 1, lid: 1, url: 'https://bench.test/', rtcConfiguration: '{}', constraints: '', stats, updateLog: [] } },
    UserAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
  })
}
