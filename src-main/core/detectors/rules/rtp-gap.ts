/**
 * RTP gaps: a received stream that was flowing gets no packets at all for a while, then resumes (or
 * never does). From getStats (packets per second at zero for consecutive intervals) and from packet
 * captures (`rtp.gap` events, libwebrtc's 500 ms alert). When the sender's dump is in the case and it
 * sent nothing either, the gap is the sender stopping, not the network; without it, a gap while the
 * other streams of the connection kept flowing is a paused stream (mute, SFU last-N), not the path. Muted tracks are skipped, and
 * so is DTX silence on audio: the sender silent (when in the case), or playout going on with little
 * non-silent concealment (comfort noise, not expansion), or else usedtx=1 negotiated.
 */
import type { CallEvent } from '../../model/call'
import { defineDetector, param } from '../define'
import { counterDelta, mergeIntervals, windowStats } from '../episodes'
import { addEvents, addMetrics, clock, dur, emptyEvidence, metricEvidence, span, streamText } from '../evidence'
import type { CallView, FindingDraft, ViewStream } from '../types'
import { entryOf, streamPairs, valueAt } from '../view'

const params = {
  minGapMs: param(2000, 0, 600_000, 'ms', 'A video stream silent at least this long is a gap (getStats resolution is ~1 s).', '视频流无数据的时长达到此值才算中断（getStats 的时间粒度约为 1 秒）。'),
  audioMinGapMs: param(3000, 0, 600_000, 'ms', 'The same for audio (longer: some stacks send nothing during DTX silence).', '音频的相应阈值（更长：有些协议栈在 DTX 静音期间完全不发包）。'),
  eventMinGapMs: param(500, 0, 600_000, 'ms', 'Capture `rtp.gap` events at least this long are reported (libwebrtc alert: 500 ms).', '抓包得到的 `rtp.gap` 事件时长达到此值才报告（libwebrtc 告警阈值：500 ms）。'),
  errorGapMs: param(5000, 0, 600_000, 'ms', 'Gaps at least this long are errors.', '中断时长达到此值时，判为错误级。'),
  mergeGapMs: param(5000, 0, 600_000, 'ms', 'Gaps closer than this are reported as one.', '间隔小于此值的中断合并报告。'),
  dtxLevel: param(0.01, 0, 1, 'level (0..1)', 'An audio gap is DTX silence when the sender\'s level stayed under this (sender in the case).', '工单中有发送端日志且其音量一直低于此值时，音频中断视为 DTX 静音。'),
}

type P = Record<keyof typeof params, number>

interface Gap { start: number; end: number; resumed: boolean }

/** Runs of zero-packet intervals after the stream first flowed. */
function zeroRuns(s: ViewStream): Gap[] {
  const pps = s.series.get('packets_per_s')
  if (!pps) return []
  const { t, v } = pps
  const out: Gap[] = []
  let flowed = false
  let runStart = -1
  for (let i = 0; i < t.length; i++) {
    const x = v[i]!
    if (!Number.isFinite(x)) continue
    if (x > 0) {
      if (runStart >= 0 && flowed) out.push({ start: t[runStart - 1] ?? t[runStart]!, end: t[i - 1]!, resumed: true })
      runStart = -1
      flowed = true
    } else if (runStart < 0) runStart = i
  }
  if (runStart >= 0 && flowed) out.push({ start: t[runStart - 1] ?? t[runStart]!, end: t[t.length - 1]!, resumed: false })
  return out
}

function isMuted(events: readonly CallEvent[], s: ViewStream, g: Gap): boolean {
  let muted = false
  for (const e of events) {
    if (e.t > g.start + 1000) break
    if (e.streamKey !== s.key) continue
    if (e.type === 'track.mute') muted = true
    else if (e.type === 'track.unmute') muted = false
  }
  return muted
}

/** True when an audio gap is DTX silence rather than lost media. */
function isDtx(s: ViewStream, g: Gap, senders: ViewStream[], p: P): boolean {
  if (s.kind !== 'audio') return false
  const levels = senders.map((x) => windowStats(x.series.get('audio_level'), g.start, g.end)).filter((st) => st.n > 0)
  if (levels.length > 0) return levels.every((st) => st.max < p.dtxLevel)
  // NetEq conceals (expands) through a real gap; through DTX it plays comfort noise, which is either
  // not concealment at all or silent concealment: little non-silent concealment means DTX
  const concealed = s.series.get('stat.inbound-rtp.concealedSamples')
  const silent = s.series.get('stat.inbound-rtp.silentConcealedSamples')
  const total = s.series.get('stat.inbound-rtp.totalSamplesReceived')
  if (concealed && total && concealed.t.length === total.t.length) {
    let dc = 0
    let dt = 0
    for (let i = 1; i < total.t.length; i++) {
      if (total.t[i]! <= g.start || total.t[i]! > g.end) continue
      dc += (counterDelta(concealed.v, i) || 0) - (silent && silent.t.length === total.t.length ? counterDelta(silent.v, i) || 0 : 0)
      dt += counterDelta(total.v, i) || 0
    }
    if (dt > 0) return dc / dt < 0.5
  }
  return /usedtx=1/.test(String(s.meta.fmtp ?? ''))
}

function closedNear(events: readonly CallEvent[], s: ViewStream, t: number): boolean {
  return events.some((e) => (e.type === 'pc.closed' || e.type === 'track.ended') && (!e.connectionKey || e.connectionKey === s.connectionKey) && Math.abs(e.t - t) < 5000)
}

/** Why nothing arrived: the sender stopped (its dump says so), the stream was paused (the rest of the connection kept flowing), or the path. */
type Cause = 'sender' | 'paused' | 'path'

function draft(view: CallView, s: ViewStream, g: Gap, p: P, cause: Cause, events: CallEvent[], senderSending = false): FindingDraft {
  const length = g.end - g.start
  const ev = emptyEvidence()
  addMetrics(ev, metricEvidence(s, 'packets_per_s', g.start - 3000, g.end + 3000))
  addEvents(ev, s.entryId, events)
  Object.assign(ev.figures, { gapMs: Math.round(length), resumed: g.resumed, cause, senderConfirmedSending: senderSending })
  const who = streamText(s)
  const w = span(view, g.start, g.end)
  const code = cause === 'sender' ? 'sender-stopped' : cause === 'paused' ? 'stream-paused' : g.resumed ? 'rtp-gap' : 'stream-stopped'
  const until = g.resumed ? { en: ', then resumed', zh: '，之后恢复' } : { en: ' and did not resume', zh: '，且没有恢复' }
  const text = cause === 'sender' ? {
    en: `${who.en} received nothing ${w.en} (${dur(length)}), but the sender sent nothing either: the sender stopped or paused the track; this is not a network problem.`,
    zh: `${who.zh}在 ${w.zh}（${dur(length)}）没有收到任何数据，但发送端同样没有发送：是发送端停止或暂停了轨道，并非网络问题。`,
  } : cause === 'paused' ? {
    en: `${who.en} received nothing ${w.en} (${dur(length)})${until.en}, while the other streams of the same connection kept arriving: the path worked, so the sender most likely muted or paused it, or the media server stopped forwarding it (e.g. last-N).`,
    zh: `${who.zh}在 ${w.zh}（${dur(length)}）没有收到任何数据${until.zh}，而同一连接上的其他流仍在到达：路径是通的，最可能是发送端静音/暂停了该流，或媒体服务器停止了转发（例如 last-N 策略）。`,
  } : g.resumed ? {
    en: `${who.en} received no packets at all ${w.en} (${dur(length)}), then resumed. The user saw a freeze or heard silence for that long.`,
    zh: `${who.zh}在 ${w.zh}（${dur(length)}）完全没有收到数据包，之后恢复。用户在这段时间内看到画面卡住或听不到声音。`,
  } : {
    en: `${who.en} stopped receiving packets at ${clock(view, g.start)} and never resumed while the call went on.${senderSending ? ' The sender kept sending: the media was lost on the way.' : ' Without the sender\'s dump this may also be the sender leaving.'}`,
    zh: `${who.zh}从 ${clock(view, g.start)} 起不再收到数据包，而通话仍在继续。${senderSending ? '发送端仍在发送：媒体在传输途中丢失。' : '没有发送端日志，因此也可能是发送端已离开。'}`,
  }
  // a stream that stops for good may be the sender leaving: an error only when the sender's dump shows it still sending
  const severity = cause !== 'path' ? 'info' : !g.resumed ? (senderSending ? 'error' : 'warning') : length >= p.errorGapMs ? 'error' : 'warning'
  return {
    severity, code,
    title: cause === 'sender' ? { en: 'Sender paused the stream', zh: '发送端暂停了流' } : cause === 'paused' ? { en: 'Stream paused', zh: '媒体流暂停' } : { en: 'RTP gap: no packets received', zh: 'RTP 中断：未收到数据包' },
    start: g.start, end: g.end, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}),
    evidence: ev,
    explanation: text,
    nextSteps: {
      en: cause !== 'path' ? ['Check the sender application (track disabled, replaceTrack(null), camera released) or the media server\'s forwarding decisions.'] : ['Look for an ICE disconnect, network switch or path change at the same time.', 'If the sender\'s dump is available, add it to the case to tell sender from network.'],
      zh: cause !== 'path' ? ['检查发送端应用（轨道被禁用、replaceTrack(null)、摄像头被释放）或媒体服务器的转发策略。'] : ['查看同一时刻是否有 ICE 断开、网络切换或路径变化。', '如有发送端日志，请添加到工单中，以区分发送端问题和网络问题。'],
    },
    signatureParts: [s.kind, g.resumed ? 'resumed' : 'open'],
  }
}

/** The rest of the connection (other received streams) kept receiving packets through the gap. */
function othersFlowed(view: CallView, s: ViewStream, g: Gap): boolean {
  const others = view.streams.filter((o) => o !== s && o.entryId === s.entryId && o.connectionKey === s.connectionKey && o.direction === 'recv')
  return others.some((o) => {
    const st = windowStats(o.series.get('packets_per_s'), g.start, g.end)
    return st.n > 0 && st.min > 0
  })
}

export const rtpGap = defineDetector({
  id: 'rtp-gap', version: 1, category: 'network',
  title: { en: 'RTP gaps', zh: 'RTP 中断' },
  description: {
    en: 'A received stream that was flowing gets no packets for a while (from getStats or from capture gap events); the sender side, when present, tells a stopped sender from a network gap.',
    zh: '正在接收的流一段时间内没有任何数据包（依据 getStats 或抓包中断事件）；工单中有发送端日志时，可区分发送端停发与网络中断。',
  },
  sources: ['anchors §2.7 libwebrtc alerts: incoming RTP gap > 500 ms', 'anchors §2.1 MissingStreamDataDetector (bytes unchanged over 3 samples)', 'anchors §2.3 Twilio low-bytes-received'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    const pairs = streamPairs(view)
    for (const s of view.streams) {
      if (s.direction !== 'recv') continue
      const entry = entryOf(view, s.entryId)
      const events = entry?.events ?? []
      const min = s.kind === 'audio' ? p.audioMinGapMs : p.minGapMs
      const senders = pairs.filter((x) => x.receiver === s).map((x) => x.sender)
      const gaps: Gap[] = []
      for (const g of zeroRuns(s)) {
        if (g.end - g.start < min || isMuted(events, s, g)) continue
        if (!g.resumed && closedNear(events, s, g.start)) continue
        if (isDtx(s, g, senders, p)) continue
        gaps.push(g)
      }
      for (const m of mergeIntervals(gaps, p.mergeGapMs)) {
        const resumed = gaps.filter((g) => g.start >= m.start && g.end <= m.end).every((g) => g.resumed)
        const g = { ...m, resumed }
        const mid = (g.start + g.end) / 2
        const senderStopped = senders.length > 0 && senders.every((x) => valueAt(x.series.get('packets_per_s'), mid, 3000) === 0)
        const senderSending = senders.some((x) => valueAt(x.series.get('packets_per_s'), mid, 3000) > 0)
        const cause: Cause = senderStopped ? 'sender' : !senderSending && othersFlowed(view, s, g) ? 'paused' : 'path'
        const near = events.filter((e) => (e.type === 'ice.state' || e.type === 'network.switch' || e.type === 'ice.pair-changed') && e.connectionKey === s.connectionKey && e.t >= g.start - 5000 && e.t <= g.end + 2000)
        out.push(draft(view, s, g, p, cause, near, senderSending))
      }
      // capture gaps (packet-exact)
      for (const e of events) {
        if (e.type !== 'rtp.gap' || e.streamKey !== s.key) continue
        const gapMs = Number(e.data?.gapMs ?? 0)
        if (!(gapMs >= p.eventMinGapMs)) continue
        out.push(draft(view, s, { start: e.t - gapMs, end: e.t, resumed: true }, p, 'path', [e]))
      }
    }
    return out
  },
})
