/**
 * Who and what a dump is about: the file-format header, jitsi's `connectionInfo` and `identity`
 * records and the client-level `create` record become entry meta; identity also names the participant.
 * Only scalar, useful fields are kept (identity records embed whole app configs).
 */
import type { Scalar } from '../../model/call'

/** Header / connectionInfo fields kept as entry meta. */
const CLIENT_FIELDS = ['url', 'origin', 'path', 'userAgent', 'clientProtocol', 'statsFormat', 'clientType', 'startTime', 'fileFormat']
/** Identity fields kept as entry meta (jitsi-meet, jvb/jicofo/jigasi and rtcstats-server fields). */
const IDENTITY_FIELDS = [
  'displayName', 'userId', 'endpointId', 'confName', 'confID', 'confUrl', 'conference', 'meetingUniqueId', 'sessionId',
  'statsSessionId', 'deviceId', 'applicationName', 'customerId', 'user', 'session',
]

/** Parses a value that may arrive as a JSON-encoded string (jitsi `connectionInfo` variant). */
export function objectValue(v: unknown): Record<string, unknown> | null {
  if (typeof v === 'string') {
    try {
      const parsed: unknown = JSON.parse(v)
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null
    } catch {
      return null
    }
  }
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null
}

/** Copies the listed scalar fields of `src` into `meta` (with an optional key prefix). */
function pick(src: Record<string, unknown>, fields: string[], meta: Record<string, Scalar>, prefix = ''): void {
  for (const f of fields) {
    const v = src[f]
    if ((typeof v === 'string' && v !== '') || typeof v === 'number' || typeof v === 'boolean') meta[`${prefix}${f}`] = v
  }
}

/** Header line or connectionInfo record -> meta (user agent, page, protocol, browser). */
export function applyClientInfo(src: Record<string, unknown>, meta: Record<string, Scalar>): void {
  pick(src, CLIENT_FIELDS, meta)
  const ua = meta.userAgent
  if (typeof ua === 'string' && meta.browser === undefined) {
    const browser = browserOf(ua)
    if (browser) meta.browser = browser
  }
}

/** Identity record -> meta; returns the participant name it gives, if any. */
export function applyIdentity(src: Record<string, unknown>, meta: Record<string, Scalar>): string | undefined {
  pick(src, IDENTITY_FIELDS, meta, 'identity.')
  for (const f of ['displayName', 'userId', 'endpointId', 'user']) {
    const v = src[f]
    if (typeof v === 'string' && v) return v
  }
  return undefined
}

/** Client-level `create` (file format 3): hardware figures and user-agent data. */
export function applyClientCreate(src: Record<string, unknown>, meta: Record<string, Scalar>): void {
  pick(src, ['hardwareConcurrency', 'deviceMemory'], meta)
  const uad = src.userAgentData
  if (typeof uad === 'object' && uad !== null) {
    const d = uad as { brands?: unknown; platform?: unknown; mobile?: unknown }
    if (typeof d.platform === 'string') meta.platform = d.platform
    if (typeof d.mobile === 'boolean') meta.mobile = d.mobile
    if (Array.isArray(d.brands) && meta.browser === undefined) {
      const brands = d.brands.filter((b): b is { brand: string; version: string } =>
        typeof b === 'object' && b !== null && typeof (b as { brand?: unknown }).brand === 'string' && !/not.a.brand/i.test((b as { brand: string }).brand))
      // The product brand ("Google Chrome", "Microsoft Edge") over the engine ("Chromium").
      const named = brands.find((b) => !/chromium/i.test(b.brand)) ?? brands[0]
      if (named) meta.browser = `${named.brand.replace(/^(Google|Microsoft) /, '')} ${named.version}`
    }
  }
  const screen = src.screen
  if (typeof screen === 'object' && screen !== null) {
    const s = screen as { width?: unknown; height?: unknown }
    if (typeof s.width === 'number' && typeof s.height === 'number') meta.screen = `${s.width}x${s.height}`
  }
}

/** `Chrome 99`, `Firefox 118`, `Safari 17` from a user agent string. */
export function browserOf(ua: string): string | undefined {
  const m = /(Edg|Firefox|Chrome)\/(\d+)/.exec(ua)
  if (m) return `${m[1] === 'Edg' ? 'Edge' : m[1]} ${m[2]}`
  const safari = /Version\/(\d+)[.\d]* (Mobile\/\S+ )?Safari/.exec(ua)
  return safari ? `Safari ${safari[1]}` : undefined
}
