/**
 * Device and permission problems: getUserMedia/getDisplayMedia errors grouped by error name (one
 * finding per cause, with how often; an error when no capture request ever succeeded), bursts of
 * device changes, and tracks that ended while the call went on (device unplugged, permission revoked).
 */
import type { CallEvent } from '../../model/call'
import { defineDetector, param } from '../define'
import { addEvents, clock, emptyEvidence, span } from '../evidence'
import type { CallView, FindingDraft, ViewEntry } from '../types'

const params = {
  changeClusterMs: param(30_000, 0, 3_600_000, 'ms', 'Device changes closer than this are one finding.', '间隔小于此值的设备变更合并为一条诊断结果。'),
  manyChanges: param(3, 1, 1000, 'count', 'A cluster with at least this many changes is a warning (else info).', '一组设备变更的次数不少于此值时，判为警告级（否则为提示）。'),
  endGraceMs: param(5000, 0, 600_000, 'ms', 'A track ending this close to the connection closing or the log end is normal.', '轨道结束时间距连接关闭或日志结束不超过此值时，属正常情况。'),
}

type P = Record<keyof typeof params, number>

const GUM_HELP: Record<string, { en: string; zh: string }> = {
  NotAllowedError: { en: 'the user or the OS denied camera/microphone permission', zh: '用户或操作系统拒绝了摄像头/麦克风权限' },
  PermissionDeniedError: { en: 'the user or the OS denied camera/microphone permission', zh: '用户或操作系统拒绝了摄像头/麦克风权限' },
  NotFoundError: { en: 'no matching capture device was found', zh: '没有找到匹配的采集设备' },
  NotReadableError: { en: 'the device is in use by another application or failed at OS level', zh: '设备被其他程序占用或在系统层面出错' },
  TrackStartError: { en: 'the device is in use by another application or failed at OS level', zh: '设备被其他程序占用或在系统层面出错' },
  OverconstrainedError: { en: 'no device satisfies the requested constraints (resolution, deviceId)', zh: '没有设备能满足请求的约束条件（分辨率、deviceId）' },
  AbortError: { en: 'capture was aborted by the browser or OS', zh: '采集被浏览器或系统中止' },
  SecurityError: { en: 'capture is blocked in this context (insecure origin, policy)', zh: '当前环境禁止采集（非安全来源、权限策略限制）' },
  TypeError: { en: 'the request was malformed (empty constraints)', zh: '请求参数有误（约束条件为空）' },
}

function errorName(e: CallEvent): string {
  const d = e.data?.error
  if (typeof d === 'string' && d) return d.split(/[:\s]/)[0]!
  return /\b([A-Z][A-Za-z]+Error)\b/.exec(e.message)?.[1] ?? 'Error'
}

function gumFindings(view: CallView, entry: ViewEntry): FindingDraft[] {
  const errors = entry.events.filter((e) => e.type === 'gum.error')
  if (errors.length === 0) return []
  const anySuccess = entry.events.some((e) => e.type === 'gum.success')
  const byName = new Map<string, CallEvent[]>()
  for (const e of errors) byName.set(errorName(e), [...(byName.get(errorName(e)) ?? []), e])
  const out: FindingDraft[] = []
  for (const [name, list] of byName) {
    const help = GUM_HELP[name] ?? { en: 'capture failed', zh: '采集失败' }
    const ev = emptyEvidence()
    addEvents(ev, entry.id, list)
    Object.assign(ev.figures, { error: name, count: list.length, anyCaptureSucceeded: anySuccess })
    const permission = name === 'NotAllowedError' || name === 'PermissionDeniedError' || name === 'SecurityError'
    out.push({
      severity: anySuccess ? 'warning' : 'error', code: permission ? 'permission-denied' : 'capture-error',
      title: permission ? { en: 'Camera/microphone permission denied', zh: '摄像头/麦克风权限被拒绝' } : { en: 'Capture device error', zh: '采集设备错误' },
      start: list[0]!.t, end: list[list.length - 1]!.t, participant: entry.participant, entryId: entry.id, evidence: ev,
      explanation: {
        en: `getUserMedia failed ${list.length} time${list.length === 1 ? '' : 's'} for ${entry.participant} with ${name} (first at ${clock(view, list[0]!.t)}): ${help.en}.${anySuccess ? ' A later request succeeded.' : ' No capture request succeeded, so nothing could be sent.'}`,
        zh: `${entry.participant} 的 getUserMedia 调用失败 ${list.length} 次，错误为 ${name}（首次在 ${clock(view, list[0]!.t)}）：${help.zh}。${anySuccess ? '之后的请求成功了。' : '所有采集请求均未成功，因此无法发送任何媒体。'}`,
      },
      nextSteps: permission ? {
        en: ['Check the browser site permission and the OS privacy settings (macOS Screen & System Audio / Camera / Microphone, Windows privacy).'],
        zh: ['检查浏览器站点权限和操作系统隐私设置（macOS 的“屏幕与系统录音”/摄像头/麦克风权限，Windows 隐私设置）。'],
      } : {
        en: ['Close other apps using the device, check the device list and the constraints the app requests.'],
        zh: ['关闭占用设备的其他程序，检查设备列表及应用请求的约束条件。'],
      },
      signatureParts: [name],
    })
  }
  return out
}

function changeFindings(view: CallView, entry: ViewEntry, p: P): FindingDraft[] {
  const groups: CallEvent[][] = []
  for (const e of entry.events) {
    if (e.type !== 'device.change') continue
    const g = groups[groups.length - 1]
    if (g && e.t - g[g.length - 1]!.t <= p.changeClusterMs) g.push(e)
    else groups.push([e])
  }
  return groups.map((g) => {
    const ev = emptyEvidence()
    addEvents(ev, entry.id, g)
    ev.figures.changes = g.length
    const w = span(view, g[0]!.t, g[g.length - 1]!.t)
    return {
      severity: g.length >= p.manyChanges ? 'warning' : 'info', code: 'device-change', title: { en: 'Device changed', zh: '设备变更' },
      start: g[0]!.t, end: g[g.length - 1]!.t, participant: entry.participant, entryId: entry.id, evidence: ev,
      explanation: { en: `${entry.participant}'s audio/video devices changed ${g.length} time${g.length === 1 ? '' : 's'} ${w.en} (headset plugged, Bluetooth connecting, default device switched).`, zh: `${entry.participant} 的音视频设备在 ${w.zh} 变更了 ${g.length} 次（插拔耳机、蓝牙连接、默认设备切换）。` },
      nextSteps: { en: ['Check audio and video continuity right after each change (a Bluetooth headset switching to the HFP profile degrades audio).'], zh: ['检查每次变更后音视频是否连续（蓝牙耳机切换到 HFP 模式会导致音质下降）。'] },
      signatureParts: [g.length >= p.manyChanges ? 'many' : 'few'],
    } satisfies FindingDraft
  })
}

function endedFindings(view: CallView, entry: ViewEntry, p: P): FindingDraft[] {
  const last = entry.events.length ? entry.events[entry.events.length - 1]!.t : view.end
  const seriesEnd = Math.max(last, ...view.streams.filter((s) => s.entryId === entry.id).flatMap((s) => [...s.series.values()].map((x) => (x.t.length ? x.t[x.t.length - 1]! : -Infinity))))
  const closes = entry.events.filter((e) => e.type === 'pc.closed').map((e) => e.t)
  const out: FindingDraft[] = []
  for (const e of entry.events) {
    if (e.type !== 'track.ended') continue
    if (seriesEnd - e.t <= p.endGraceMs || closes.some((t) => Math.abs(t - e.t) <= p.endGraceMs)) continue
    const ev = emptyEvidence()
    addEvents(ev, entry.id, [e])
    out.push({
      severity: 'warning', code: 'track-ended', title: { en: 'Track ended during the call', zh: '通话中轨道结束' },
      start: e.t, end: e.t, participant: entry.participant, entryId: entry.id, ...(e.streamKey ? { streamKey: e.streamKey } : {}), evidence: ev,
      explanation: { en: `A local track of ${entry.participant} ended at ${clock(view, e.t)} while the call went on: the device was unplugged, taken by another app, or permission was revoked.`, zh: `${entry.participant} 的一条本地轨道在 ${clock(view, e.t)} 结束，而通话仍在继续：设备被拔出、被其他程序占用，或权限被撤销。` },
      nextSteps: { en: ['Check device-change events at the same time; the app should re-acquire the device and replaceTrack.'], zh: ['查看同一时刻的设备变更事件；应用应重新获取设备并调用 replaceTrack。'] },
      signatureParts: [],
    })
  }
  return out
}

export const deviceIssues = defineDetector({
  id: 'device', version: 1, category: 'device',
  title: { en: 'Capture permission and device problems', zh: '采集权限与设备问题' },
  description: {
    en: 'getUserMedia errors grouped by cause, clusters of device changes, and local tracks ending mid-call.',
    zh: '按原因分组的 getUserMedia 错误、成组出现的设备变更，以及通话中途结束的本地轨道。',
  },
  sources: ['anchors §2.5 peermetrics no_media_access, getusermedia_error', 'anchors §2.8 GUM/GDM errors, short-lived tracks'],
  params,
  run(view, p) {
    return view.entries.flatMap((entry) => [...gumFindings(view, entry), ...changeFindings(view, entry, p), ...endedFindings(view, entry, p)])
  },
})
