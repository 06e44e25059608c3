/**
 * Redaction of exported text: tokens (JWTs, Agora 006/007 tokens, `token=…`, `Bearer …`, secrets),
 * app IDs (`appid=…` and bare 32-hex ids), e-mail addresses, user IDs (`uid=…`, `userId: …`, `uid 123`)
 * and IPv4/IPv6 addresses. Tokens become `[token]`; the others a keyed hash (`[ip:3fa29c1e]`), so
 * one address or user stays recognisable across the report without being readable. The hash
 * function is injected (core has no crypto). Every replacement is counted for the preview.
 */
import type { CaseReport } from './model'

export type RedactionKind = 'token' | 'app-id' | 'email' | 'user-id' | 'ip'

export interface Redaction { kind: RedactionKind; original: string; replacement: string; count: number }

export interface Redactor {
  text(s: string): string
  /** What was replaced so far, most frequent first. */
  redactions(): Redaction[]
}

const OCT = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
const H4 = '[0-9a-fA-F]{1,4}'
const SECRET_KEYS = 'token|access_token|accessToken|rtcToken|rtmToken|secret|app_?certificate|password|passwd|signature|authorization'
const USER_KEYS = 'uid|user_?id|userid|user_?account|userAccount|account|local_?uid|remote_?uid|localUid|remoteUid|peer_?id|peerId'

interface Rule { kind: RedactionKind; re: RegExp; keep?: number; value: number; isHashed: boolean }

/** Group `value` is replaced; groups before it (`keep`, e.g. the key and separator) stay. */
const RULES: Rule[] = [
  { kind: 'token', re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, value: 0, isHashed: false },
  { kind: 'token', re: /(?<![A-Za-z0-9])(00[67][A-Za-z0-9+/=]{40,})/g, value: 1, isHashed: false },
  { kind: 'token', re: new RegExp(`(\\b(?:${SECRET_KEYS})\\b["']?\\s*[:=]\\s*["']?(?:Bearer\\s+)?)([^\\s"'&,;}\\]\\[]{4,})`, 'gi'), keep: 1, value: 2, isHashed: false },
  { kind: 'token', re: /(\bBearer\s+)([A-Za-z0-9._~+/=-]{8,})/g, keep: 1, value: 2, isHashed: false },
  { kind: 'email', re: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g, value: 0, isHashed: true },
  { kind: 'app-id', re: /(\bapp_?id\b["']?\s*[:=]\s*["']?)([A-Za-z0-9_-]{6,})/gi, keep: 1, value: 2, isHashed: true },
  { kind: 'app-id', re: /(?<![0-9A-Za-z])([0-9a-fA-F]{32})(?![0-9A-Za-z])/g, value: 1, isHashed: true },
  { kind: 'user-id', re: new RegExp(`(\\b(?:${USER_KEYS})\\b["']?\\s*[:=]\\s*["']?|\\buid\\s+)([A-Za-z0-9_.@-]{1,64})`, 'gi'), keep: 1, value: 2, isHashed: true },
  {
    kind: 'ip', value: 0, isHashed: true,
    re: new RegExp(`(?<![\\w.])(?<!(?:[vV]ersion|[vV]er|SDK|sdk)[\\s:=]?)${OCT}(?:\\.${OCT}){3}(?![\\w])(?!\\.\\d)`, 'g'),
  },
  {
    kind: 'ip', value: 0, isHashed: true,
    re: new RegExp(`(?<![\\w:])(?:(?:${H4}:){7}${H4}|(?:${H4}:){1,6}:(?:${H4}(?::${H4}){0,5})?)(?![\\w:])`, 'g'),
  },
]

const PREFIX: Record<RedactionKind, string> = { token: 'token', 'app-id': 'appid', email: 'email', 'user-id': 'user', ip: 'ip' }

export function createRedactor(hash: (s: string) => string): Redactor {
  const seen = new Map<string, Redaction>()
  const replace = (kind: RedactionKind, original: string, isHashed: boolean): string => {
    const key = `${kind}\u0000${original}`
    let r = seen.get(key)
    if (!r) {
      const replacement = isHashed ? `[${PREFIX[kind]}:${hash(original).slice(0, 8)}]` : '[token]'
      r = { kind, original, replacement, count: 0 }
      seen.set(key, r)
    }
    r.count++
    return r.replacement
  }
  return {
    text(s: string): string {
      let out = s
      for (const rule of RULES) {
        out = out.replace(rule.re, (...m: unknown[]) => {
          const groups = m as string[]
          const value = groups[rule.value]!
          if (value.startsWith('[')) return groups[0]!
          const kept = rule.keep ? groups.slice(1, rule.keep + 1).join('') : ''
          return kept + replace(rule.kind, value, rule.isHashed)
        })
      }
      return out
    },
    redactions: () => [...seen.values()].sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
  }
}

/** Keys whose values are identifiers, enums or fixed vocabulary: never redacted. */
const KEEP_KEYS = new Set([
  'id', 'signature', 'severity', 'category', 'scenario', 'priority', 'status', 'format', 'kind', 'unit', 'generator', 'lang',
  'sha256', 'state', 'type', 'appVersion',
])

function mapStrings(x: unknown, f: (s: string) => string, key?: string): unknown {
  if (typeof x === 'string') return key !== undefined && KEEP_KEYS.has(key) ? x : f(x)
  if (Array.isArray(x)) return x.map((y) => mapStrings(y, f, key === 'tags' ? 'tags' : undefined))
  if (x !== null && typeof x === 'object') {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, mapStrings(v, f, k)]))
  }
  return x
}

/** The report with every free-text string passed through the redactor. */
export function redactReport(r: CaseReport, red: Redactor): CaseReport {
  return { ...(mapStrings(r, (s) => red.text(s)) as CaseReport), isRedacted: true }
}
