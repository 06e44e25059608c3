/**
 * SDK error and warning codes (Agora `onError` / `onWarning` today, any SDK whose log format maps to
 * `sdk.error` / `sdk.warning`), remote users dropping offline, and generic logged errors: one finding
 * per code (or per normalised message), however often it repeats, with the count and the log lines.
 * Join/token codes are left to the join-failure detector. Agora codes 1000-1999 are audio/video
 * device (ADM/VDM) problems and are filed under the device category.
 */
import type { CallEvent } from '../../model/call'
import { defineDetector, param } from '../define'
import { addEvents, clock, emptyEvidence } from '../evidence'
import type { Category, CallView, FindingDraft, FindingSeverity, ViewEntry } from '../types'
import { JOIN_ERROR_CODES } from './join'

const params = {
  maxLogGroups: param(10, 0, 1000, 'groups', 'At most this many groups of generic logged errors (log.error) per entry, most frequent first.', '每个文件最多报告的通用日志错误（log.error）组数，按出现次数从多到少排列。'),
  logErrorWarnCount: param(10, 1, 1_000_000, 'count', 'A generic logged error repeated at least this often is a warning (else info).', '通用日志错误重复次数达到此值时，判为警告级（否则为提示）。'),
}

interface Group { key: string; type: string; code: string; meaning: string; events: CallEvent[] }

/** Digits, hex and quoted values replaced, so repeats of one message group together. */
export function normalizeMessage(m: string): string {
  return m.replace(/0x[0-9a-f]+/gi, '#').replace(/"[^"]*"/g, '"…"').replace(/\d+(\.\d+)?/g, '#').slice(0, 120)
}

function groupsOf(entry: ViewEntry): Group[] {
  const map = new Map<string, Group>()
  for (const e of entry.events) {
    let key: string
    let code = ''
    if (e.type === 'sdk.error' || e.type === 'sdk.warning') {
      code = e.data?.code !== undefined && e.data.code !== null ? String(e.data.code) : ''
      if (e.type === 'sdk.error' && (JOIN_ERROR_CODES.has(Number(code)) || e.data?.token !== undefined)) continue
      if (e.type === 'sdk.warning' && e.data?.token !== undefined) continue
      key = `${e.type}:${code || normalizeMessage(e.message)}`
    } else if (e.type === 'sdk.user-offline' && Number(e.data?.reason) === 1) {
      key = `offline:${String(e.data?.uid ?? '')}`
      code = String(e.data?.uid ?? '')
    } else if (e.type === 'log.error') key = `log:${normalizeMessage(e.message)}`
    else continue
    const g = map.get(key)
    if (g) g.events.push(e)
    else map.set(key, { key, type: e.type, code, meaning: String(e.data?.meaning ?? ''), events: [e] })
  }
  return [...map.values()]
}

function toFinding(view: CallView, entry: ViewEntry, g: Group, p: Record<keyof typeof params, number>): FindingDraft {
  const first = g.events[0]!
  const n = g.events.length
  const ev = emptyEvidence()
  addEvents(ev, entry.id, g.events, 20)
  Object.assign(ev.figures, { occurrences: n, code: g.code || null, meaning: g.meaning || null })
  const times = n > 1 ? { en: `${n} times from ${clock(view, first.t)} to ${clock(view, g.events[n - 1]!.t)}`, zh: `共 ${n} 次（${clock(view, first.t)} 至 ${clock(view, g.events[n - 1]!.t)}）` } : { en: `once at ${clock(view, first.t)}`, zh: `1 次（${clock(view, first.t)}）` }
  const base = { start: first.t, end: g.events[n - 1]!.t, participant: entry.participant, entryId: entry.id, evidence: ev }
  if (g.type === 'sdk.user-offline') {
    return {
      ...base, severity: 'warning', code: 'remote-dropped', title: { en: 'Remote user dropped offline', zh: '远端用户掉线' },
      explanation: { en: `User ${g.code} dropped offline (no data for a long time) ${times.en}, as seen by ${entry.participant}.`, zh: `${entry.participant} 一侧检测到用户 ${g.code} 掉线（长时间未收到数据），${times.zh}。` },
      nextSteps: { en: ['Get that user\'s log: a network loss or an app crash on their side.'], zh: ['获取该用户的日志，确认是对方网络中断还是应用崩溃。'] },
      signatureParts: ['offline'],
    }
  }
  if (g.type === 'log.error') {
    return {
      ...base, severity: n >= p.logErrorWarnCount ? 'warning' : 'info', code: 'logged-error', title: { en: 'Error in the log', zh: '日志错误' },
      explanation: { en: `"${first.message.slice(0, 160)}" was logged ${times.en}.`, zh: `日志中出现“${first.message.slice(0, 160)}”，${times.zh}。` },
      nextSteps: { en: ['Open the log lines around the first occurrence.'], zh: ['查看首次出现前后的日志。'] },
      signatureParts: [normalizeMessage(first.message).slice(0, 60)],
    }
  }
  const code = Number(g.code)
  const device = code >= 1000 && code < 2000 || (g.type === 'sdk.warning' && code === 16)
  const category: Category = device ? 'device' : 'integration'
  const severity: FindingSeverity = g.type === 'sdk.error' ? 'error' : 'warning'
  const label = g.type === 'sdk.error' ? { en: 'SDK error', zh: 'SDK 错误' } : { en: 'SDK warning', zh: 'SDK 警告' }
  const meaning = g.meaning && !/not in the code table/.test(g.meaning) ? g.meaning : ''
  return {
    ...base, category, severity, code: g.type === 'sdk.error' ? 'sdk-error' : 'sdk-warning',
    title: { en: `${label.en} ${g.code}`, zh: `${label.zh} ${g.code}` },
    explanation: {
      en: `${entry.participant}'s SDK reported ${label.en.toLowerCase()} ${g.code}${meaning ? ` (${meaning})` : ''} ${times.en}.`,
      zh: `${entry.participant} 的 SDK 报告${label.zh} ${g.code}${meaning ? `（${meaning}）` : ''}，${times.zh}。`,
    },
    nextSteps: device ? {
      en: ['An audio/video device problem: check the device in use, OS permissions and other apps holding it.'], zh: ['音视频设备问题：检查所用设备、系统权限，以及设备是否被其他程序占用。'],
    } : { en: ['Look the code up in the SDK documentation and read the log lines around the first occurrence.'], zh: ['在 SDK 文档中查询该错误码，并查看首次出现前后的日志。'] },
    signatureParts: [g.code || 'nocode'],
  }
}

export const sdkCodes = defineDetector({
  id: 'sdk-codes', version: 1, category: 'integration',
  title: { en: 'SDK error and warning codes', zh: 'SDK 错误码与警告码' },
  description: {
    en: 'SDK error/warning codes, remote users dropping offline and logged errors, one finding per code however often it repeats.',
    zh: 'SDK 错误码/警告码、远端用户掉线和日志错误；每个错误码只生成一条诊断结果，无论重复多少次。',
  },
  sources: ['resources/log-formats/agora-callbacks.json, agora-codes.json', 'anchors §2.5 peermetrics issue grouping'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    for (const entry of view.entries) {
      const groups = groupsOf(entry)
      const logs = groups.filter((g) => g.type === 'log.error').sort((a, b) => b.events.length - a.events.length).slice(0, p.maxLogGroups)
      for (const g of groups) if (g.type !== 'log.error' || logs.includes(g)) out.push(toFinding(view, entry, g, p))
    }
    return out
  },
})
