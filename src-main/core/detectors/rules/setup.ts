/**
 * Slow call setup: time from the end of negotiation (both descriptions set: the answer applied by
 * the caller or created by the callee; else ICE checking) to first media, against the 1v1-social
 * promise of 600 ms. getStats runs about once a
 * second, so first media is only bracketed: at least the connected time (media cannot flow before ICE
 * and DTLS), at most the first stats sample that shows packets. Only the lower bound is compared with
 * the threshold, minus the clock resolution of the log (whole-second updateLog times), so coarse
 * logs never produce a false "slow". Also the SDK's own join time (Agora onJoinChannelSuccess elapsed).
 */
import type { CallEvent } from '../../model/call'
import { defineDetector, param } from '../define'
import { addEvents, emptyEvidence, num } from '../evidence'
import { UP_STATES, stateOf } from '../states'
import type { FindingDraft, ViewConnection, ViewEntry } from '../types'
import { connectionsOf } from '../view'

const params = {
  firstMediaMs: param(600, 0, 600_000, 'ms', 'Time to first media above this is slow (the 1v1-social promise).', '首帧耗时超过此值即判为慢（1v1 社交场景的承诺指标）。'),
  errorMs: param(3000, 0, 600_000, 'ms', 'Above this it is an error.', '超过此值时，判为错误级。'),
  joinMs: param(1500, 0, 600_000, 'ms', 'SDK join time (joinChannel → joined) above this is slow.', 'SDK 加入频道耗时（joinChannel → 加入成功）超过此值即判为慢。'),
}

type P = Record<keyof typeof params, number>

function firstMedia(c: ViewConnection): number {
  let best = Infinity
  for (const s of c.streams) {
    if (s.direction !== 'recv') continue
    const counter = s.series.get('stat.inbound-rtp.packetsReceived') ?? s.series.get('packets_per_s')
    if (!counter) continue
    for (let i = 0; i < counter.t.length; i++) {
      if (counter.v[i]! > 0) {
        best = Math.min(best, counter.t[i]!)
        break
      }
    }
  }
  return best
}

function connectionSetup(entry: ViewEntry, c: ViewConnection, p: P): FindingDraft | null {
  const own = entry.events.filter((e) => e.connectionKey === c.key)
  // negotiation is complete once both descriptions are set: the answer applied (caller) or created
  // (callee, i.e. the call accepted); ringing and human delay before that are not setup time
  const local = own.find((e) => e.type === 'sdp.local')
  const remote = own.find((e) => e.type === 'sdp.remote')
  const sdp = local && remote ? (local.t >= remote.t ? local : remote) : (local ?? remote)
  const checking = own.find((e) => e.type === 'ice.state' && stateOf(e) === 'checking')
  const start: CallEvent | undefined = sdp ?? checking
  if (!start) return null
  const connected = own.find((e) => e.type === 'pc.state' && stateOf(e) === 'connected' && e.t >= start.t)
    ?? own.find((e) => e.type === 'ice.state' && UP_STATES.has(stateOf(e)) && e.t >= start.t)
  if (!connected) return null
  const media = firstMedia(c)
  const resolution = start.t % 1000 === 0 && connected.t % 1000 === 0 ? 1000 : 0
  const lower = connected.t - start.t - resolution
  const upper = Number.isFinite(media) ? Math.max(media - start.t, lower) : NaN
  if (!(lower > p.firstMediaMs)) return null
  const ev = emptyEvidence()
  addEvents(ev, entry.id, [start, ...(checking && checking !== start ? [checking] : []), connected])
  Object.assign(ev.figures, { connectMs: Math.round(connected.t - start.t), firstMediaAtMostMs: Number.isFinite(upper) ? Math.round(upper) : null, clockResolutionMs: resolution })
  return {
    severity: lower > p.errorMs ? 'error' : 'warning', code: 'slow-first-media', title: { en: 'Slow call setup', zh: '通话建立慢' },
    start: start.t, end: connected.t, participant: entry.participant, entryId: entry.id, connectionKey: c.key,
    evidence: ev,
    explanation: {
      en: `${entry.participant}'s connection took ${num((connected.t - start.t) / 1000, 2)} s from ${start.type === 'ice.state' ? 'ICE checking' : 'the end of negotiation (both descriptions set)'} to connected${Number.isFinite(upper) ? ` (first media seen at most ${num(upper / 1000, 2)} s after it)` : ''}: over the ${p.firstMediaMs} ms time-to-first-media target before any media could flow.`,
      zh: `${entry.participant} 的连接从${start.type === 'ice.state' ? ' ICE 检查' : '协商完成（双方描述均已设置）'}到连通用了 ${num((connected.t - start.t) / 1000, 2)} 秒${Number.isFinite(upper) ? `（首帧最晚在其后 ${num(upper / 1000, 2)} 秒内收到）` : ''}：在媒体开始传输之前，就已超出 ${p.firstMediaMs} ms 的首帧目标。`,
    },
    nextSteps: {
      en: ['Split the time: signalling round trips (offer → answer), ICE gathering (slow TURN allocation), connectivity checks, DTLS.', 'Pre-warm: gather candidates and open the connection before the callee answers; use trickle ICE.'],
      zh: ['拆分耗时：信令往返（offer → answer）、ICE 候选收集（TURN 分配慢）、连通性检查、DTLS 握手。', '预连接：在被叫接听前就收集候选并建立连接；使用 trickle ICE。'],
    },
    signatureParts: [lower > p.errorMs ? 'very-slow' : 'slow'],
  }
}

export const slowSetup = defineDetector({
  id: 'slow-setup', version: 1, category: 'connectivity',
  title: { en: 'Slow call setup', zh: '通话建立慢' },
  description: {
    en: 'Negotiation complete → connected (a lower bound of time to first media) above the 600 ms target, and slow SDK joins.',
    zh: '协商完成到连通的耗时（首帧耗时的下限）超过 600 ms 目标，以及 SDK 加入频道慢。',
  },
  sources: ['issue 5: time-to-first-media > 600 ms (1v1-social promise)', 'anchors §2.6 callstats highSetupDelays', 'anchors §2.8 iceConnectionTime, connectionTime, timeToFirstFrame'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    for (const entry of view.entries) {
      for (const c of connectionsOf(view, entry)) {
        const f = connectionSetup(entry, c, p)
        if (f) out.push(f)
      }
      for (const e of entry.events) {
        const elapsed = Number(e.data?.elapsedMs)
        if (e.type !== 'sdk.join' || !(elapsed > p.joinMs)) continue
        const ev = emptyEvidence()
        addEvents(ev, entry.id, [e])
        ev.figures.joinMs = elapsed
        out.push({
          severity: elapsed > p.errorMs ? 'error' : 'warning', code: 'slow-join', title: { en: 'Slow channel join', zh: '加入频道慢' },
          start: e.t - elapsed, end: e.t, participant: entry.participant, entryId: entry.id, evidence: ev,
          explanation: { en: `${entry.participant} needed ${num(elapsed / 1000, 2)} s to join the channel (over ${p.joinMs} ms).`, zh: `${entry.participant} 加入频道用了 ${num(elapsed / 1000, 2)} 秒（超过 ${p.joinMs} ms）。` },
          nextSteps: { en: ['Check DNS and the edge server reachability from the client network, and warnings just before the join.'], zh: ['检查客户端网络下的 DNS 解析与边缘服务器可达性，以及加入频道前的警告。'] },
          signatureParts: [],
        })
      }
    }
    return out
  },
})
