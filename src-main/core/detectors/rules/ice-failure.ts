/**
 * ICE failures: the ICE (or connection) state reaching `failed`, a connection that started checking
 * and never connected, checks stuck in `checking` for seconds (webrtc-inspector), and ICE candidate
 * errors grouped into one finding per connection (often benign: an IPv6 STUN host unreachable). A
 * connection that fails while ICE is connected is a DTLS failure and left to that detector.
 */
import type { CallEvent } from '../../model/call'
import { defineDetector, param } from '../define'
import { addEvents, clock, dur, emptyEvidence } from '../evidence'
import { UP_STATES, iceTimeline, stateTimeline } from '../states'
import type { CallView, FindingDraft, ViewConnection, ViewEntry } from '../types'
import { connectionsOf, valueAt } from '../view'

const params = {
  checkingMs: param(5000, 0, 600_000, 'ms', 'ICE checking longer than this before connecting is reported (webrtc-inspector: 5 s).', 'ICE 连通性检查超过此时长才连通时报告（webrtc-inspector：5 秒）。'),
}

function base(entry: ViewEntry, c: ViewConnection, start: number, end: number) {
  return { start, end, participant: entry.participant, entryId: entry.id, connectionKey: c.key }
}

function forConnection(view: CallView, entry: ViewEntry, c: ViewConnection, checkingMs: number): FindingDraft[] {
  const out: FindingDraft[] = []
  const ice = iceTimeline(entry.events, c.key)
  const pc = stateTimeline(entry.events, 'pc.state', c.key)
  const everUp = ice.some((x) => UP_STATES.has(x.state)) || pc.some((x) => x.state === 'connected')
  const failures = [...ice, ...pc].filter((x) => x.state === 'failed').sort((a, b) => a.t - b.t)
  let lastFail = -Infinity
  for (const f of failures) {
    if (f.t - lastFail < 5000) continue
    lastFail = f.t
    // connection failed while ICE was up: DTLS, not ICE
    const iceBefore = [...ice].reverse().find((x) => x.t <= f.t + 1)
    if (f.event.type === 'pc.state' && iceBefore && UP_STATES.has(iceBefore.state)) continue
    const ev = emptyEvidence()
    const around = entry.events.filter((e) => e.connectionKey === c.key && (e.type === 'ice.state' || e.type === 'pc.state' || e.type === 'ice.candidate-error' || e.type === 'ice.restart') && e.t <= f.t + 2000 && e.t >= f.t - 60_000)
    addEvents(ev, entry.id, around.slice(-15))
    const localTypes = new Set(entry.events.filter((e) => e.type === 'ice.candidate' && e.connectionKey === c.key && e.data?.side === 'local').map((e) => String(e.data?.candidateType)))
    Object.assign(ev.figures, { everConnected: everUp, localCandidateTypes: [...localTypes].join(',') || null })
    const noRelay = !localTypes.has('relay')
    // media kept flowing over another connection of the same client (Jitsi's P2P attempt next to the
    // JVB path, a renegotiated PC): a failed alternative path, not a dropped call
    const other = view.connections.find((o) => o.entryId === entry.id && o.key !== c.key && o.streams.some((s) => s.direction === 'recv' && valueAt(s.series.get('packets_per_s'), f.t + 3000, 15_000) > 0))
    ev.figures.mediaContinuedOn = other?.key ?? null
    out.push({
      ...base(entry, c, f.t, f.t), severity: other ? 'warning' : 'error', code: everUp ? 'ice-failed' : 'ice-never-connected',
      title: everUp ? { en: 'ICE failed', zh: 'ICE 失败' } : { en: 'Connection never established', zh: '连接从未建立' },
      evidence: ev,
      explanation: everUp ? {
        en: `ICE on ${entry.participant}'s connection failed at ${clock(view, f.t)}: no candidate pair answered connectivity checks any more and the media path was lost.`,
        zh: `${entry.participant} 的连接在 ${clock(view, f.t)} ICE 失败：所有候选对都不再响应连通性检查，媒体路径中断。`,
      } : {
        en: `${entry.participant}'s connection never connected: ICE failed at ${clock(view, f.t)}.${noRelay ? ' No relay (TURN) candidate was gathered, so a restrictive NAT or firewall had no fallback.' : ''}${other ? ` Media kept flowing over connection ${other.key}, so this was a failed alternative path (e.g. a peer-to-peer attempt).` : ''}`,
        zh: `${entry.participant} 的连接从未建立：ICE 在 ${clock(view, f.t)} 失败。${noRelay ? '没有收集到中继（TURN）候选，在严格的 NAT 或防火墙环境下没有兜底路径。' : ''}${other ? `媒体仍通过连接 ${other.key} 传输，因此这是一条失败的备选路径（例如 P2P 尝试）。` : ''}`,
      },
      nextSteps: {
        en: ['Check the gathered candidates on both sides and that a TURN server (UDP and TCP/TLS 443) is configured and reachable.', 'A failure after a network change needs an ICE restart; check that the app performs one.'],
        zh: ['检查双方收集到的候选，确认已配置可达的 TURN 服务器（UDP 以及 TCP/TLS 443）。', '网络变化后出现的失败需要 ICE 重启；确认应用会执行 ICE 重启。'],
      },
      signatureParts: [everUp ? 'after-connect' : 'never', noRelay ? 'no-relay' : 'relay'],
    })
  }
  // stuck in checking
  const checking = ice.find((x) => x.state === 'checking')
  if (checking) {
    const next = ice.find((x) => x.t > checking.t && x.state !== 'checking')
    const until = next ? next.t : NaN
    // checks that end in failure are the failure finding's story, not a slow start
    if (next && UP_STATES.has(next.state) && until - checking.t > checkingMs) {
      const ev = emptyEvidence()
      addEvents(ev, entry.id, [checking.event, next.event])
      ev.figures.checkingMs = Math.round(until - checking.t)
      out.push({
        ...base(entry, c, checking.t, until), severity: 'warning', code: 'ice-slow-checking', title: { en: 'ICE checks took long', zh: 'ICE 连通性检查耗时过长' }, evidence: ev,
        explanation: {
          en: `ICE on ${entry.participant}'s connection spent ${dur(until - checking.t)} in checking before it connected: candidates arrived late or the first pairs tried were unreachable.`,
          zh: `${entry.participant} 的连接在 ICE 连通性检查阶段耗时 ${dur(until - checking.t)} 才连通：候选到达较晚，或最先尝试的候选对不可达。`,
        },
        nextSteps: { en: ['Check trickle-ICE timing in signalling and whether TURN allocation is slow (candidate gathering time).'], zh: ['检查信令中 trickle ICE 的时序以及 TURN 分配是否缓慢（候选收集耗时）。'] },
        signatureParts: [],
      })
    }
  }
  const errors = entry.events.filter((e) => e.type === 'ice.candidate-error' && e.connectionKey === c.key)
  if (errors.length > 0) out.push(candidateErrors(entry, c, errors, everUp))
  return out
}

function candidateErrors(entry: ViewEntry, c: ViewConnection, errors: CallEvent[], everUp: boolean): FindingDraft {
  const ev = emptyEvidence()
  addEvents(ev, entry.id, errors)
  const urls = new Set(errors.map((e) => /"url"\s*:\s*"([^"]+)"/.exec(e.message)?.[1] ?? /url[:=]\s*(\S+)/.exec(e.message)?.[1] ?? '?'))
  const codes = new Set(errors.map((e) => /"errorCode"\s*:\s*(\d+)/.exec(e.message)?.[1] ?? '?'))
  Object.assign(ev.figures, { errors: errors.length, urls: [...urls].join(' '), errorCodes: [...codes].join(',') })
  return {
    ...base(entry, c, errors[0]!.t, errors[errors.length - 1]!.t), severity: everUp ? 'info' : 'warning', code: 'candidate-errors',
    title: { en: 'ICE candidate errors', zh: 'ICE 候选错误' }, evidence: ev,
    explanation: {
      en: `${errors.length} ICE candidate error${errors.length === 1 ? '' : 's'} on ${entry.participant}'s connection (${[...urls].join(', ')}; codes ${[...codes].join(', ')}). ${everUp ? 'The connection still came up, so these are likely harmless (e.g. an IPv6 STUN server unreachable).' : 'The connection never came up: these servers matter.'}`,
      zh: `${entry.participant} 的连接出现 ${errors.length} 个 ICE 候选错误（${[...urls].join('，')}；错误码 ${[...codes].join('，')}）。${everUp ? '连接最终仍建立成功，这些错误多半无害（例如 IPv6 STUN 服务器不可达）。' : '连接始终未建立：需重点排查这些服务器。'}`,
    },
    nextSteps: { en: ['Verify the STUN/TURN URLs, credentials and that UDP 3478 / TCP 443 are reachable from the client network.'], zh: ['核对 STUN/TURN 地址与凭据，确认客户端网络可访问 UDP 3478 / TCP 443。'] },
    signatureParts: [[...codes].sort().join('+')],
  }
}

export const iceFailure = defineDetector({
  id: 'ice-failure', version: 1, category: 'connectivity',
  title: { en: 'ICE failures', zh: 'ICE 失败' },
  description: {
    en: 'ICE or connection state failed (before or after connecting), slow ICE checking, ICE candidate errors.',
    zh: 'ICE 或连接状态变为 failed（连通前或连通后）、ICE 连通性检查缓慢、ICE 候选错误。',
  },
  sources: ['anchors §2.5 peermetrics ice_failed, no_connection, icecandidateerror', 'anchors §2.4 webrtc-inspector ice_stuck_checking (> 5 s)'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    for (const entry of view.entries) {
      for (const c of connectionsOf(view, entry)) out.push(...forConnection(view, entry, c, p.checkingMs))
    }
    return out
  },
})
