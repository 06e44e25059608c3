/**
 * DTLS failures: the DTLS transport state reaching `failed`, the connection failing while ICE was
 * connected (the handshake or certificate check failed over a working path), fatal DTLS alerts seen
 * in a capture, and a captured handshake that never completed (no ChangeCipherSpec, capture going on).
 */
import type { CallEvent } from '../../model/call'
import { defineDetector, param } from '../define'
import { addEvents, clock, emptyEvidence } from '../evidence'
import { UP_STATES, iceTimeline, stateTimeline } from '../states'
import type { CallView, FindingDraft, ViewEntry } from '../types'

const params = {
  handshakeTimeoutMs: param(10_000, 0, 600_000, 'ms', 'A captured handshake with no ChangeCipherSpec while the capture goes on this long after it is incomplete.', '抓包中握手开始后，抓包又持续了此时长仍未出现 ChangeCipherSpec，即视为握手未完成。'),
}

function draft(view: CallView, entry: ViewEntry, connectionKey: string | undefined, t: number, code: string, events: CallEvent[], detail: { en: string; zh: string }): FindingDraft {
  const ev = emptyEvidence()
  addEvents(ev, entry.id, events)
  return {
    severity: 'error', code, title: { en: 'DTLS failure', zh: 'DTLS 失败' },
    start: t, end: t, participant: entry.participant, entryId: entry.id, ...(connectionKey ? { connectionKey } : {}),
    evidence: ev,
    explanation: {
      en: `The DTLS handshake on ${entry.participant}'s connection failed at ${clock(view, t)}: ${detail.en} Without DTLS there are no SRTP keys, so no media flows even though the network path works.`,
      zh: `${entry.participant} 的连接在 ${clock(view, t)} DTLS 握手失败：${detail.zh}没有 DTLS 就拿不到 SRTP 密钥，即使网络路径正常也无法传输媒体。`,
    },
    nextSteps: {
      en: ['Check the certificate fingerprints in both SDPs match the certificates used (a signalling server rewriting SDP breaks this).', 'Check DTLS roles (a=setup) and any middlebox dropping large UDP packets (the certificate flight is fragmented).'],
      zh: ['确认双方 SDP 中的证书指纹与实际使用的证书一致（信令服务器改写 SDP 会导致不一致）。', '检查 DTLS 角色（a=setup），以及是否有中间设备丢弃较大的 UDP 包（证书消息会被分片）。'],
    },
    signatureParts: [code],
  }
}

export const dtlsFailure = defineDetector({
  id: 'dtls-failure', version: 1, category: 'connectivity',
  title: { en: 'DTLS failure', zh: 'DTLS 失败' },
  description: {
    en: 'DTLS transport failed, connection failed while ICE was connected, fatal DTLS alerts, or an incomplete captured handshake.',
    zh: 'DTLS 传输失败、ICE 已连通但连接失败、DTLS 致命告警，或抓包中握手未完成。',
  },
  sources: ['anchors §2.5 peermetrics connection_failed', 'anchors §2.8 rtcstats-features connectionTime (DTLS)', 'RFC 6347 alerts'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    for (const entry of view.entries) {
      const reported = new Set<string>()
      for (const e of entry.events) {
        if (e.type === 'dtls.state' && String(e.data?.to ?? e.data?.state ?? '') === 'failed') {
          const k = `${e.connectionKey}`
          if (reported.has(k)) continue
          reported.add(k)
          out.push(draft(view, entry, e.connectionKey, e.t, 'dtls-failed', [e], { en: 'the DTLS transport reported "failed".', zh: 'DTLS 传输状态为“failed”。' }))
        }
        if (e.type === 'dtls.alert' && (e.data?.level === 'fatal' || e.severity === 'error')) {
          const k = `${e.connectionKey}`
          if (reported.has(k)) continue
          reported.add(k)
          const what = String(e.data?.description ?? 'alert')
          out.push(draft(view, entry, e.connectionKey, e.t, 'dtls-alert', [e], { en: `a fatal "${what}" alert was sent.`, zh: `发出了致命告警“${what}”。` }))
        }
      }
      for (const c of view.connections) {
        if (c.entryId !== entry.id || reported.has(c.key)) continue
        const ice = iceTimeline(entry.events, c.key)
        const failed = stateTimeline(entry.events, 'pc.state', c.key).find((x) => x.state === 'failed')
        if (failed) {
          const iceBefore = [...ice].reverse().find((x) => x.t <= failed.t + 1)
          if (iceBefore && UP_STATES.has(iceBefore.state) && iceBefore.event.type === 'ice.state') {
            reported.add(c.key)
            out.push(draft(view, entry, c.key, failed.t, 'dtls-after-ice', [iceBefore.event, failed.event], { en: 'the connection failed while ICE was connected.', zh: 'ICE 已连通，连接却失败了。' }))
            continue
          }
        }
        // captured handshake without ChangeCipherSpec
        const hs = entry.events.filter((e) => e.type === 'dtls.handshake' && e.connectionKey === c.key)
        if (hs.length === 0) continue
        const done = hs.some((e) => e.data !== undefined && ('ChangeCipherSpec' in e.data || 'Finished' in e.data))
        const last = entry.events.filter((e) => e.connectionKey === c.key).at(-1)?.t ?? hs[hs.length - 1]!.t
        const lastSeries = Math.max(...[...c.series.values()].map((s) => (s.t.length ? s.t[s.t.length - 1]! : -Infinity)), last)
        if (!done && lastSeries - hs[hs.length - 1]!.t >= p.handshakeTimeoutMs) {
          reported.add(c.key)
          out.push(draft(view, entry, c.key, hs[0]!.t, 'dtls-incomplete', hs.slice(0, 5), { en: 'the captured handshake never reached ChangeCipherSpec.', zh: '抓包中的握手始终没有到达 ChangeCipherSpec。' }))
        }
      }
    }
    return out
  },
})
