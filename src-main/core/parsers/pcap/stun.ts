/**
 * STUN (RFC 5389/8489, and classic RFC 3489 without the magic cookie), TURN methods (RFC 5766/8656,
 * 6062) and TURN ChannelData framing. Only what the timeline needs is read: method, class, error code,
 * mapped/relayed addresses, ICE flags, and the DATA attribute of Send/Data indications (media inside).
 */
import { endpointText, ipText } from './addr'
import { u16be, u32be } from './bytes'

export const STUN_COOKIE = 0x2112a442

export type StunClass = 'request' | 'indication' | 'success' | 'error'

/** Method names as used in event types (`stun.binding`, `turn.allocate`...). */
export const STUN_METHODS: Readonly<Record<number, string>> = {
  0x001: 'stun.binding',
  0x002: 'stun.shared-secret',
  0x003: 'turn.allocate',
  0x004: 'turn.refresh',
  0x006: 'turn.send',
  0x007: 'turn.data',
  0x008: 'turn.create-permission',
  0x009: 'turn.channel-bind',
  0x00a: 'turn.connect',
  0x00b: 'turn.connection-bind',
  0x00c: 'turn.connection-attempt',
}

/** Decoded STUN message (reused between calls). */
export interface StunMessage {
  method: number
  cls: StunClass
  classic: boolean
  /** Total message length (20 + body). */
  length: number
  errorCode: number
  errorReason: string
  mapped: string
  relayed: string
  peer: string
  software: string
  useCandidate: boolean
  iceRole: '' | 'controlling' | 'controlled'
  channel: number
  lifetime: number
  /** DATA attribute (absolute offset, length) or -1. */
  dataOff: number
  dataLen: number
}

export function newStunMessage(): StunMessage {
  return {
    method: 0, cls: 'request', classic: false, length: 0, errorCode: 0, errorReason: '', mapped: '', relayed: '',
    peer: '', software: '', useCandidate: false, iceRole: '', channel: 0, lifetime: -1, dataOff: -1, dataLen: 0,
  }
}

const CLASSES: StunClass[] = ['request', 'indication', 'success', 'error']
const CLASSIC_TYPES = new Set([0x0001, 0x0101, 0x0111, 0x0002, 0x0102, 0x0112])
const scratch = new Uint8Array(16)

/**
 * Length of the STUN message at `b[o]` if the header is valid (cookie, length multiple of 4 and within
 * `avail`; classic STUN only when the message fills `avail` exactly), else 0.
 */
export function stunLength(b: Uint8Array, o: number, avail: number, exact: boolean): number {
  if (avail < 20 || b[o]! > 3) return 0
  const bodyLen = u16be(b, o + 2)
  if (bodyLen % 4 !== 0 || 20 + bodyLen > avail) return 0
  if (u32be(b, o + 4) === STUN_COOKIE) return 20 + bodyLen
  if (exact && 20 + bodyLen === avail && CLASSIC_TYPES.has(u16be(b, o))) return 20 + bodyLen
  return 0
}

/** Parses the message at `b[o, o+avail)` into `m`; false when it is not STUN. */
export function parseStun(b: Uint8Array, o: number, avail: number, exact: boolean, m: StunMessage): boolean {
  const total = stunLength(b, o, avail, exact)
  if (total === 0) return false
  const type = u16be(b, o)
  m.method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2)
  m.cls = CLASSES[((type >> 4) & 1) | ((type >> 7) & 2)]!
  m.classic = u32be(b, o + 4) !== STUN_COOKIE
  m.length = total
  m.errorCode = 0
  m.errorReason = ''
  m.mapped = ''
  m.relayed = ''
  m.peer = ''
  m.software = ''
  m.useCandidate = false
  m.iceRole = ''
  m.channel = 0
  m.lifetime = -1
  m.dataOff = -1
  m.dataLen = 0
  const end = o + total
  let p = o + 20
  while (p + 4 <= end) {
    const at = u16be(b, p)
    const alen = u16be(b, p + 2)
    const v = p + 4
    if (v + alen > end) break
    switch (at) {
      case 0x0001: m.mapped = address(b, v, alen, false, o) || m.mapped; break
      case 0x0020: case 0x8020: m.mapped = address(b, v, alen, true, o) || m.mapped; break
      case 0x0016: m.relayed = address(b, v, alen, true, o); break
      case 0x0012: m.peer = address(b, v, alen, true, o); break
      case 0x0009:
        if (alen >= 4) {
          m.errorCode = (b[v + 2]! & 7) * 100 + b[v + 3]!
          m.errorReason = ascii(b, v + 4, Math.min(alen - 4, 80))
        }
        break
      case 0x000c: if (alen >= 2) m.channel = u16be(b, v); break
      case 0x000d: if (alen >= 4) m.lifetime = u32be(b, v); break
      case 0x0013: m.dataOff = v; m.dataLen = alen; break
      case 0x0025: m.useCandidate = true; break
      case 0x8022: m.software = ascii(b, v, Math.min(alen, 64)); break
      case 0x8029: m.iceRole = 'controlled'; break
      case 0x802a: m.iceRole = 'controlling'; break
      default:
    }
    p = v + ((alen + 3) & ~3)
  }
  return true
}

function address(b: Uint8Array, v: number, alen: number, xor: boolean, msg: number): string {
  if (alen < 8) return ''
  const family = b[v + 1]!
  let port = u16be(b, v + 2)
  if (xor) port ^= 0x2112
  const n = family === 1 ? 4 : family === 2 ? 16 : 0
  if (n === 0 || alen < 4 + n) return ''
  for (let i = 0; i < n; i++) {
    // XOR with the cookie (bytes 4..7 of the message), then with the transaction id (8..19) for IPv6.
    scratch[i] = xor ? b[v + 4 + i]! ^ b[msg + 4 + i]! : b[v + 4 + i]!
  }
  return endpointText(ipText(scratch, 0, n), port)
}

function ascii(b: Uint8Array, o: number, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) {
    const c = b[o + i]!
    if (c === 0) break
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '?'
  }
  return s.trim()
}

/** Human label of a method number. */
export function stunMethodType(method: number): string {
  return STUN_METHODS[method] ?? `stun.method-0x${method.toString(16).padStart(3, '0')}`
}

/**
 * TURN ChannelData header at `b[o]`: channel 0x4000–0x7FFF and a length that fits `avail` (over TCP the
 * frame is padded to 4 bytes, `padded`). Returns the frame length (header included), or 0.
 */
export function channelDataLength(b: Uint8Array, o: number, avail: number, padded: boolean): number {
  if (avail < 4) return 0
  const ch = u16be(b, o)
  if (ch < 0x4000 || ch > 0x7fff) return 0
  const len = u16be(b, o + 2)
  const total = 4 + (padded ? (len + 3) & ~3 : len)
  return total <= avail ? total : 0
}
