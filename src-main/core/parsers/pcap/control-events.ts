/**
 * STUN, TURN and DTLS seen in the capture, as counters on the conversation and de-duplicated events
 * (event-agg.ts): STUN/TURN messages with their addresses and errors, TURN ChannelData, DTLS handshake
 * messages and alerts. Times are epoch ms. Re-demultiplexing what TURN carries is the caller's job
 * (demux.ts); this module only validates, counts and records.
 */
import type { Scalar, Severity } from '../../model/call'
import { u16be, u32be } from './bytes'
import type { Conv } from './conversation'
import { alertName, looksLikeDtls, parseDtls, type DtlsSink } from './dtls'
import type { EventAggregator } from './event-agg'
import { channelDataLength, newStunMessage, parseStun, stunMethodType, type StunMessage } from './stun'

/** Records the STUN/TURN/DTLS control traffic of a capture. */
export class ControlEvents {
  private readonly stunMsg: StunMessage = newStunMessage()
  // Current packet context for the DTLS sink.
  private cEpoch = 0
  private cConv: Conv | null = null

  constructor(private readonly events: EventAggregator) {}

  /**
   * A STUN-looking message (first byte 0–3) of `conv`; `depth` > 0 when it came out of TURN. Returns the
   * parsed message (reused between calls: read it before the next one) or null when it is not STUN.
   */
  stun(conv: Conv, b: Uint8Array, o: number, len: number, epoch: number, outer: 'udp' | 'tcp', depth: number): StunMessage | null {
    const m = this.stunMsg
    if (!parseStun(b, o, len, outer === 'udp', m)) return null
    conv.stun++
    const type = stunMethodType(m.method)
    let severity: Severity = 'info'
    if (m.cls === 'error' && m.errorCode !== 401 && m.errorCode !== 438) severity = 'warning'
    const fields: Record<string, Scalar> = {}
    if (m.mapped) fields.mappedAddress = m.mapped
    if (m.relayed) fields.relayedAddress = m.relayed
    if (m.peer) fields.peerAddress = m.peer
    if (m.errorCode) {
      fields.errorCode = m.errorCode
      if (m.errorReason) fields.errorReason = m.errorReason
    }
    if (m.useCandidate) fields.useCandidate = true
    if (m.iceRole) fields.iceRole = m.iceRole
    if (m.channel) fields.channel = `0x${m.channel.toString(16)}`
    if (m.lifetime >= 0) fields.lifetime = m.lifetime
    if (m.software) fields.software = m.software
    if (m.classic) fields.classicStun = true
    if (depth > 0) fields.viaTurn = true
    const sub = m.cls === 'request' ? 'requests' : m.cls === 'success' ? 'success' : m.cls === 'error' ? 'errors' : 'indications'
    this.events.add(`${conv.id}|${type}|${depth}`, type, conv.key, conv.where, epoch, sub, severity, fields)
    return m
  }

  /**
   * A TURN ChannelData-looking message (first byte 64–79) of `conv`: its total length (4-byte header
   * included), or 0 when it is not ChannelData.
   */
  channelData(conv: Conv, b: Uint8Array, o: number, len: number, epoch: number, outer: 'udp' | 'tcp'): number {
    const total = channelDataLength(b, o, len, false)
    if (total === 0) return 0
    if (outer === 'udp') {
      // Over UDP the datagram is the message (padding to 4 allowed), and the content must look like
      // media or STUN, unless the conversation already spoke STUN/TURN: DNS ids starting 0x40–0x4F abound.
      if (len > ((total + 3) & ~3)) return 0
      if (conv.stun === 0 && !(total > 4 && looksLikeMedia(b, o + 4, total - 4))) return 0
    }
    conv.turnChannel++
    const channel = u16be(b, o)
    this.events.add(`${conv.id}|turn.channel-data`, 'turn.channel-data', conv.key, conv.where, epoch, 'messages', 'info',
      { channel: `0x${channel.toString(16)}` })
    return total
  }

  /** DTLS-looking records (first byte 20–63) of `conv`: false when they are not DTLS. */
  dtls(conv: Conv, b: Uint8Array, o: number, len: number, epoch: number): boolean {
    if (!looksLikeDtls(b, o, len)) return false
    this.cEpoch = epoch
    this.cConv = conv
    const n = parseDtls(b, o, len, this.dtlsSink)
    if (n === 0) return false
    conv.dtls += n
    return true
  }

  private readonly dtlsSink: DtlsSink = {
    handshake: (name, detail) => {
      const conv = this.cConv!
      this.events.add(`${conv.id}|dtls.handshake`, 'dtls.handshake', conv.key, conv.where, this.cEpoch, name, 'info', detail ?? undefined)
    },
    alert: (level, description, encrypted) => {
      const conv = this.cConv!
      const sub = encrypted ? 'encrypted alert' : `${level === 2 ? 'fatal' : 'warning'} ${alertName(description)}`
      const severity: Severity = encrypted || description === 0 ? 'info' : level === 2 ? 'error' : 'warning'
      const fields: Record<string, Scalar> = encrypted ? { encrypted: true }
        : { level: level === 2 ? 'fatal' : 'warning', description: alertName(description) }
      this.events.add(`${conv.id}|dtls.alert`, 'dtls.alert', conv.key, conv.where, this.cEpoch, sub, severity, fields)
    },
    changeCipherSpec: () => {
      const conv = this.cConv!
      this.events.add(`${conv.id}|dtls.handshake`, 'dtls.handshake', conv.key, conv.where, this.cEpoch, 'ChangeCipherSpec', 'info')
    },
    applicationData: () => {
      this.cConv!.dtlsData++
    },
  }
}

/** RTP/RTCP version 2, STUN with the magic cookie, or a DTLS record header. */
function looksLikeMedia(b: Uint8Array, o: number, len: number): boolean {
  const c = b[o]!
  if (c >= 128 && c < 192) return len >= 8
  if (c <= 3) return len >= 20 && u32be(b, o + 4) === 0x2112a442
  return c >= 20 && c <= 23 && len >= 13 && b[o + 1] === 0xfe
}
