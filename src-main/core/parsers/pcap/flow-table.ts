/**
 * Directional 5-tuple table (proto, src ip:port -> dst ip:port) looked up without allocating: a hash of
 * the header bytes picks a bucket, entries are compared byte by byte. A flow is created (and its text
 * built) once; per-flow analysis state hangs off the generic `state` slot.
 */
import { endpointText, ipText } from './addr'
import type { DecodedPacket } from './packet-decoder'

/** One direction of a transport conversation. */
export interface Flow<S> {
  id: number
  proto: number
  srcIp: string
  dstIp: string
  srcPort: number
  dstPort: number
  /** `ip:port` texts. */
  src: string
  dst: string
  ipv6: boolean
  /** Analysis state owned by the caller. */
  state: S
  /** Internal: hash and raw address bytes (src then dst). */
  hash: number
  addr: Uint8Array
}

function hashOf(p: DecodedPacket): number {
  const b = p.buf
  let h = (2166136261 ^ p.proto) >>> 0
  for (let i = 0; i < p.addrLen; i++) {
    h = Math.imul(h ^ b[p.srcAddr + i]!, 16777619)
    h = Math.imul(h ^ b[p.dstAddr + i]!, 16777619)
  }
  h = Math.imul(h ^ p.srcPort, 16777619)
  h = Math.imul(h ^ p.dstPort, 16777619)
  return h >>> 0
}

/** A table of directional flows keyed by the current decoded packet. */
export class FlowTable<S> {
  private readonly buckets = new Map<number, Flow<S>[]>()
  private readonly byText = new Map<string, Flow<S>>()
  readonly all: Flow<S>[] = []

  constructor(private readonly makeState: (flow: Flow<S>) => S) {}

  /** The flow of the decoded packet, created on first sight. */
  get(p: DecodedPacket): Flow<S> {
    const h = hashOf(p)
    const bucket = this.buckets.get(h)
    if (bucket) {
      for (const f of bucket) if (matches(f, p)) return f
    }
    const f = this.create(p, h)
    if (bucket) bucket.push(f)
    else this.buckets.set(h, [f])
    return f
  }

  /** The reverse direction of `f`, if it was seen. */
  reverseOf(f: Flow<S>): Flow<S> | undefined {
    return this.byText.get(`${f.proto} ${f.dst} ${f.src}`)
  }

  private create(p: DecodedPacket, h: number): Flow<S> {
    const n = p.addrLen
    const addr = new Uint8Array(2 * n)
    addr.set(p.buf.subarray(p.srcAddr, p.srcAddr + n), 0)
    addr.set(p.buf.subarray(p.dstAddr, p.dstAddr + n), n)
    const srcIp = ipText(p.buf, p.srcAddr, n)
    const dstIp = ipText(p.buf, p.dstAddr, n)
    const flow: Flow<S> = {
      id: this.all.length, proto: p.proto, srcIp, dstIp, srcPort: p.srcPort, dstPort: p.dstPort,
      src: endpointText(srcIp, p.srcPort), dst: endpointText(dstIp, p.dstPort), ipv6: n === 16,
      state: undefined as unknown as S, hash: h, addr,
    }
    flow.state = this.makeState(flow)
    this.all.push(flow)
    this.byText.set(`${flow.proto} ${flow.src} ${flow.dst}`, flow)
    return flow
  }
}

function matches<S>(f: Flow<S>, p: DecodedPacket): boolean {
  if (f.proto !== p.proto || f.srcPort !== p.srcPort || f.dstPort !== p.dstPort) return false
  const n = p.addrLen
  if (f.addr.length !== 2 * n) return false
  const b = p.buf
  const a = f.addr
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[p.srcAddr + i] || a[n + i] !== b[p.dstAddr + i]) return false
  }
  return true
}
