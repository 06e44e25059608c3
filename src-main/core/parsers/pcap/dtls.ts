/**
 * DTLS records (RFC 6347, 9147) as WebRTC uses them: handshake messages in epoch 0 by name (with the
 * offered/selected SRTP protection profiles and cipher suite from the hellos), alerts (clear in epoch 0,
 * encrypted after), change-cipher-spec, application data (SCTP data channels) and DTLS 1.3 ciphertext.
 */
import { u16be, u24be } from './bytes'

export const HANDSHAKE_NAMES: Readonly<Record<number, string>> = {
  0: 'HelloRequest', 1: 'ClientHello', 2: 'ServerHello', 3: 'HelloVerifyRequest', 4: 'NewSessionTicket',
  8: 'EncryptedExtensions', 11: 'Certificate', 12: 'ServerKeyExchange', 13: 'CertificateRequest',
  14: 'ServerHelloDone', 15: 'CertificateVerify', 16: 'ClientKeyExchange', 20: 'Finished',
}

export const ALERT_NAMES: Readonly<Record<number, string>> = {
  0: 'close_notify', 10: 'unexpected_message', 20: 'bad_record_mac', 21: 'decryption_failed', 22: 'record_overflow',
  30: 'decompression_failure', 40: 'handshake_failure', 41: 'no_certificate', 42: 'bad_certificate',
  43: 'unsupported_certificate', 44: 'certificate_revoked', 45: 'certificate_expired', 46: 'certificate_unknown',
  47: 'illegal_parameter', 48: 'unknown_ca', 49: 'access_denied', 50: 'decode_error', 51: 'decrypt_error',
  70: 'protocol_version', 71: 'insufficient_security', 80: 'internal_error', 86: 'inappropriate_fallback',
  90: 'user_canceled', 100: 'no_renegotiation', 109: 'missing_extension', 110: 'unsupported_extension',
  112: 'unrecognized_name', 116: 'certificate_required', 120: 'no_application_protocol',
}

/** RFC 5764 / 7714 SRTP protection profiles. */
export const SRTP_PROFILES: Readonly<Record<number, string>> = {
  1: 'SRTP_AES128_CM_HMAC_SHA1_80', 2: 'SRTP_AES128_CM_HMAC_SHA1_32', 5: 'SRTP_NULL_HMAC_SHA1_80',
  6: 'SRTP_NULL_HMAC_SHA1_32', 7: 'SRTP_AEAD_AES_128_GCM', 8: 'SRTP_AEAD_AES_256_GCM',
}

export interface DtlsSink {
  /** A handshake message; `detail` carries hello parameters (version, profiles, cipher suite). */
  handshake(name: string, detail: Record<string, string> | null): void
  alert(level: number, description: number, encrypted: boolean): void
  changeCipherSpec(): void
  applicationData(bytes: number): void
}

export function versionName(v: number): string {
  return v === 0xfeff ? 'DTLS 1.0' : v === 0xfefd ? 'DTLS 1.2' : v === 0xfefc ? 'DTLS 1.3' : `0x${v.toString(16)}`
}

/** True when the datagram starts with a DTLS record header (or a DTLS 1.3 unified header). */
export function looksLikeDtls(b: Uint8Array, o: number, len: number): boolean {
  const ct = b[o]!
  if ((ct & 0xe0) === 0x20) return len >= 2 // DTLS 1.3 ciphertext, unified header
  if (ct < 20 || ct > 25 || len < 13) return false
  return b[o + 1] === 0xfe && b[o + 2]! >= 0xfc
}

/** Walks the records of one datagram; returns the number of records read (0: not DTLS). */
export function parseDtls(b: Uint8Array, o: number, len: number, sink: DtlsSink): number {
  const end = o + len
  let p = o
  let n = 0
  while (p < end) {
    const ct = b[p]!
    if ((ct & 0xe0) === 0x20) {
      // DTLS 1.3 ciphertext: the length is optional and the connection-id size unknown; stop here.
      sink.applicationData(end - p)
      return n + 1
    }
    if (p + 13 > end || ct < 20 || ct > 25 || b[p + 1] !== 0xfe) break
    const epoch = u16be(b, p + 3)
    const rlen = u16be(b, p + 11)
    const body = p + 13
    const bodyEnd = Math.min(body + rlen, end)
    n++
    if (ct === 22) {
      if (epoch === 0) handshakes(b, body, bodyEnd, sink)
      else sink.handshake('EncryptedHandshake', null)
    } else if (ct === 21) {
      if (epoch === 0 && rlen === 2 && body + 2 <= end) sink.alert(b[body]!, b[body + 1]!, false)
      else sink.alert(0, -1, true)
    } else if (ct === 20) sink.changeCipherSpec()
    else if (ct === 23) sink.applicationData(rlen)
    p = body + rlen
  }
  return n
}

function handshakes(b: Uint8Array, p: number, end: number, sink: DtlsSink): void {
  while (p + 12 <= end) {
    const type = b[p]!
    const length = u24be(b, p + 1)
    const fragOff = u24be(b, p + 6)
    const fragLen = u24be(b, p + 9)
    const body = p + 12
    const name = HANDSHAKE_NAMES[type] ?? `handshake-${type}`
    let detail: Record<string, string> | null = null
    if (fragOff === 0 && body + Math.min(fragLen, length) <= end && (type === 1 || type === 2)) {
      detail = hello(b, body, Math.min(body + fragLen, end), type === 1)
    }
    sink.handshake(name, detail)
    p = body + fragLen
  }
}

/**
 * Hello parameters. ClientHello: `clientVersion` (legacy field), `offeredCipherSuites` (count),
 * `offeredSrtpProfiles` (use_srtp, extension 14), `offersDtls13`; ServerHello: `serverVersion`
 * (supported_versions, extension 43, else the legacy field), `cipherSuite`, `srtpProfile`.
 */
function hello(b: Uint8Array, p: number, end: number, client: boolean): Record<string, string> {
  const d: Record<string, string> = {}
  if (p + 35 > end) return d
  d[client ? 'clientVersion' : 'serverVersion'] = versionName(u16be(b, p))
  let q = p + 34
  q += 1 + b[q]! // session id
  if (client) {
    if (q >= end) return d
    q += 1 + b[q]! // cookie
    if (q + 2 > end) return d
    const suites = u16be(b, q)
    d.offeredCipherSuites = String(suites / 2)
    q += 2 + suites
    if (q >= end) return d
    q += 1 + b[q]! // compression methods
  } else {
    if (q + 3 > end) return d
    d.cipherSuite = `0x${u16be(b, q).toString(16).padStart(4, '0')}`
    q += 3
  }
  if (q + 2 > end) return d
  const extEnd = Math.min(q + 2 + u16be(b, q), end)
  q += 2
  while (q + 4 <= extEnd) {
    const et = u16be(b, q)
    const el = u16be(b, q + 2)
    const v = q + 4
    if (v + el > extEnd) break
    if (et === 14 && el >= 2) {
      const listLen = u16be(b, v)
      const names: string[] = []
      for (let i = 0; i + 2 <= listLen && v + 2 + i + 2 <= v + el; i += 2) {
        const id = u16be(b, v + 2 + i)
        names.push(SRTP_PROFILES[id] ?? `0x${id.toString(16).padStart(4, '0')}`)
      }
      d[client ? 'offeredSrtpProfiles' : 'srtpProfile'] = names.join(',')
    } else if (et === 43 && el >= 2) {
      if (client) {
        for (let i = v + 1; i + 2 <= v + el; i += 2) if (u16be(b, i) === 0xfefc) d.offersDtls13 = 'true'
      } else d.serverVersion = versionName(u16be(b, v))
    }
    q = v + el
  }
  return d
}

/** Alert description name. */
export function alertName(desc: number): string {
  return ALERT_NAMES[desc] ?? `alert-${desc}`
}
