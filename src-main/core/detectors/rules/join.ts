/**
 * Token and join failures (SDK logs, Agora today): join failed, token invalid or expired (error codes
 * 101/102/109/110/17, onRequestToken, connection-change reasons 3/6/7/8/9/10/19/20). One finding per
 * cause and entry, whichever way it was reported (error code, failed join, connection-state reason),
 * with every occurrence as evidence. The SDK-codes detector skips these codes.
 */
import type { CallEvent } from '../../model/call'
import { defineDetector, param } from '../define'
import { addEvents, clock, emptyEvidence } from '../evidence'
import type { CallView, FindingDraft, ViewEntry } from '../types'

/** Agora error codes that are join/token failures (handled here, not by the generic SDK-codes detector). */
export const JOIN_ERROR_CODES = new Set([17, 101, 102, 109, 110])
/** Agora connection-change reasons that reject or end a join. */
const FATAL_REASONS = new Set([3, 6, 7, 8, 9, 10, 19, 20])

const params = {
  reportExpiring: param(1, 0, 1, '0/1', 'Report "token about to expire" warnings that were not followed by an expiry (1 = on).', '是否报告之后并未真正过期的“Token 即将过期”警告（1 = 开）。'),
}

interface Cause { key: string; severity: 'error' | 'warning' | 'info'; what: { en: string; zh: string }; steps: { en: string[]; zh: string[] } }

const TOKEN_STEPS = {
  en: ['Check the token server: token built for this app id, channel and uid, with a privilege expiry longer than the call; renew it on onTokenPrivilegeWillExpire.'],
  zh: ['检查 Token 服务：Token 须与 App ID、频道名、uid 对应，权限有效期须长于通话时长；在 onTokenPrivilegeWillExpire 回调中更新 Token。'],
}
const JOIN_STEPS = {
  en: ['Check the reason: app id and channel name valid, the same uid not joined elsewhere, channel limits (hosts) not exceeded, the client not banned.'],
  zh: ['逐项排查：App ID 与频道名是否有效、同一 uid 是否已在别处加入、是否超过频道上限（主播人数）、客户端是否被封禁。'],
}

/** Causes by Agora error code and by connection-change reason: the same cause from either source is one finding. */
const BY_CODE: Record<number, string> = { 109: 'token-expired', 110: 'token-invalid', 101: 'invalid-app-id', 102: 'invalid-channel', 17: 'join-rejected' }
const BY_REASON: Record<number, string> = { 9: 'token-expired', 8: 'token-invalid', 6: 'invalid-app-id', 7: 'invalid-channel', 10: 'join-rejected', 3: 'banned', 19: 'same-uid', 20: 'too-many-hosts' }
const TOKEN_CAUSES = new Set(['token-expired', 'token-invalid', 'invalid-app-id'])

function causeOf(e: CallEvent): Cause | null {
  const code = Number(e.data?.code)
  const reason = Number(e.data?.reason)
  const text = String(e.data?.meaning ?? e.data?.reasonText ?? e.message)
  let key: string | undefined
  if (e.type === 'sdk.error') key = e.data?.token === 'expired' ? 'token-expired' : BY_CODE[code]
  else if (e.type === 'sdk.join-failed') key = BY_REASON[reason] ?? 'join-failed'
  else if (e.type === 'sdk.state' && FATAL_REASONS.has(reason)) key = BY_REASON[reason]
  else if (e.type === 'sdk.warning' && e.data?.token === 'expiring') key = 'token-expiring'
  if (!key) return null
  if (key === 'token-expiring') return { key, severity: 'info', what: { en: 'the token was about to expire', zh: 'Token 即将过期' }, steps: TOKEN_STEPS }
  const token = TOKEN_CAUSES.has(key)
  return { key, severity: 'error', what: { en: text, zh: text }, steps: token ? TOKEN_STEPS : JOIN_STEPS }
}

function entryFindings(view: CallView, entry: ViewEntry, reportExpiring: boolean): FindingDraft[] {
  const groups = new Map<string, { cause: Cause; events: CallEvent[] }>()
  for (const e of entry.events) {
    const c = causeOf(e)
    if (!c) continue
    const g = groups.get(c.key)
    if (g) g.events.push(e)
    else groups.set(c.key, { cause: c, events: [e] })
  }
  const out: FindingDraft[] = []
  for (const { cause, events } of groups.values()) {
    if (cause.key === 'token-expiring' && (groups.has('token-expired') || !reportExpiring)) continue
    const ev = emptyEvidence()
    addEvents(ev, entry.id, events)
    const joinFailed = events.some((e) => e.type === 'sdk.join-failed' || e.type === 'sdk.state')
    Object.assign(ev.figures, { occurrences: events.length, cause: cause.key, joinFailed })
    const token = TOKEN_CAUSES.has(cause.key) || cause.key === 'token-expiring'
    const when = events.length > 1 ? { en: ` (${events.length} reports, first at ${clock(view, events[0]!.t)})`, zh: `（共 ${events.length} 条记录，首次出现在 ${clock(view, events[0]!.t)}）` } : { en: ` at ${clock(view, events[0]!.t)}`, zh: `（${clock(view, events[0]!.t)}）` }
    const what = cause.key === 'token-expiring' ? cause.what
      : joinFailed ? { en: `joining failed or the connection was ended: ${cause.what.en}`, zh: `加入频道失败或连接被终止：${cause.what.zh}` } : { en: cause.what.en, zh: cause.what.zh }
    out.push({
      severity: cause.severity, code: token ? (cause.key === 'token-expiring' ? 'token-expiring' : 'token-failure') : 'join-failure',
      title: token ? { en: cause.key === 'token-expiring' ? 'Token about to expire' : 'Token rejected or expired', zh: cause.key === 'token-expiring' ? 'Token 即将过期' : 'Token 无效或已过期' } : { en: 'Join failed', zh: '加入频道失败' },
      start: events[0]!.t, end: events[events.length - 1]!.t, participant: entry.participant, entryId: entry.id, evidence: ev,
      explanation: { en: `For ${entry.participant}, ${what.en}${when.en}.`, zh: `${entry.participant}：${what.zh}${when.zh}。` },
      nextSteps: cause.steps,
      signatureParts: [cause.key],
    })
  }
  return out
}

export const joinFailure = defineDetector({
  id: 'join-failure', version: 1, category: 'integration',
  title: { en: 'Token and join failures', zh: 'Token 错误与加入频道失败' },
  description: {
    en: 'SDK join failures and token errors (invalid, expired, about to expire), one finding per cause.',
    zh: 'SDK 加入频道失败与 Token 错误（无效、已过期、即将过期），每种原因生成一条诊断结果。',
  },
  sources: ['resources/log-formats/agora-codes.json (Agora error codes, connection-change reasons)', 'Agora token FAQ (errors 101/109/110)'],
  params,
  run(view, p) {
    return view.entries.flatMap((e) => entryFindings(view, e, p.reportExpiring >= 1))
  },
})
