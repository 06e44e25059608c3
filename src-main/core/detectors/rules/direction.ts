/**
 * Uplink vs downlink attribution. Needs both ends of a media direction in the case: a sender's send
 * stream and another participant's receive stream of the same SSRC. Each impaired window seen by the
 * receiver (loss or jitter, with hysteresis) is attributed by votes:
 *  - strong (2 each): the sender's other receivers impaired too (→ sender's uplink) or clean (→ not it);
 *    the receiver's other senders impaired too (→ receiver's downlink) or clean (→ not it);
 *  - weak (1 each): the sender's own congestion controller reacted (quality limited by bandwidth,
 *    bandwidth estimate dropped) while the reverse direction stayed clean (→ sender's uplink).
 * With only two participants, only weak votes exist: the confidence says so.
 */
import { defineDetector, hysteresisOf, hysteresisParams, param } from '../define'
import { detectEpisodes, mergeIntervals, windowStats } from '../episodes'
import { addMetrics, emptyEvidence, metricEvidence, num, span } from '../evidence'
import type { CallView, FindingDraft, ViewStream } from '../types'
import { aligner, connectionOf, streamPairs, type StreamPair } from '../view'

const params = {
  ...hysteresisParams({ raiseCount: 3, raiseWindow: 5, clearCount: 5, minDurationMs: 5000, mergeGapMs: 10_000 }),
  lossPct: param(2, 0, 100, '%', 'A receiver interval with loss above this is impaired.', '接收端区间丢包率高于此值时，该区间视为受损。'),
  jitterMs: param(50, 0, 5000, 'ms', 'A receiver interval with jitter above this is impaired.', '接收端区间抖动高于此值时，该区间视为受损。'),
  minPps: param(5, 0, 1000, 'packets/s', 'Intervals with fewer packets are ignored (DTX).', '包速率低于此值的区间不参与判断（DTX）。'),
  limitedFraction: param(0.3, 0, 1, 'ratio', 'The sender counts as bandwidth-limited when this fraction of the window says so.', '窗口内显示带宽受限的采样占比达到此值时，认为发送端带宽受限。'),
  bweDropRatio: param(0.6, 0, 1, 'ratio', 'The sender\'s estimate counts as dropped when its window mean is below this fraction of the 30 s before.', '窗口内发送端带宽估计的均值低于此前 30 秒均值的此比例时，认为带宽估计已下降。'),
}

type P = Record<keyof typeof params, number>
type Interval = { start: number; end: number }

function impaired(r: ViewStream, p: P): Interval[] {
  const loss = r.series.get('loss_pct')
  const jit = r.series.get('jitter_ms')
  const base = loss ?? jit
  if (!base) return []
  const jAt = aligner(base, jit)
  const ppsAt = aligner(base, r.series.get('packets_per_s'))
  const cross = (i: number) => {
    if (ppsAt(i) < p.minPps) return undefined
    const l = loss ? loss.v[i]! : NaN
    const j = jAt(i)
    if (!Number.isFinite(l) && !Number.isFinite(j)) return undefined
    return l > p.lossPct || j > p.jitterMs
  }
  return detectEpisodes(base.t, base.t.length, cross, hysteresisOf(p))
}

function overlap(list: Interval[], w: Interval): number {
  let sum = 0
  for (const x of list) sum += Math.max(0, Math.min(x.end, w.end) - Math.max(x.start, w.start))
  return sum / Math.max(1, w.end - w.start)
}

/** Fraction of the sender's video samples in the window limited by bandwidth (quality_limitation = 2). */
function limitedShare(s: ViewStream, w: Interval): number {
  const q = s.series.get('quality_limitation')
  if (!q) return 0
  let n = 0
  let lim = 0
  for (let i = 0; i < q.t.length; i++) {
    if (q.t[i]! < w.start || q.t[i]! > w.end || !Number.isFinite(q.v[i]!)) continue
    n++
    if (q.v[i] === 2) lim++
  }
  return n > 0 ? lim / n : 0
}

interface Direction { key: string; pairs: StreamPair[]; sender: string; receiver: string; windows: Interval[] }

function directions(view: CallView, p: P): Map<string, Direction> {
  const out = new Map<string, Direction>()
  for (const pair of streamPairs(view)) {
    const key = `${pair.sender.participant}\u0000${pair.receiver.participant}`
    let d = out.get(key)
    if (!d) {
      d = { key, pairs: [], sender: pair.sender.participant, receiver: pair.receiver.participant, windows: [] }
      out.set(key, d)
    }
    d.pairs.push(pair)
    d.windows.push(...impaired(pair.receiver, p))
  }
  for (const d of out.values()) d.windows = mergeIntervals(d.windows, p.mergeGapMs)
  return out
}

export const direction = defineDetector({
  id: 'direction', version: 1, category: 'network',
  title: { en: 'Uplink vs downlink attribution', zh: '上行/下行归因' },
  description: {
    en: 'For each window in which a receiver sees loss or jitter from a sender, decides from both ends whether the sender\'s uplink or the receiver\'s downlink is at fault.',
    zh: '接收端收到某发送端的媒体出现丢包或抖动时，针对每个这样的时段，结合两端数据判断问题出在发送端上行还是接收端下行。',
  },
  sources: ['anchors §2.1 Inbound/OutboundNetworkIssueDetector (inbound vs remote-inbound)', 'anchors §3.5 gap: cross-participant attribution'],
  params,
  run(view, p) {
    const dirs = directions(view, p)
    const out: FindingDraft[] = []
    for (const d of dirs.values()) {
      const reverse = dirs.get(`${d.receiver}\u0000${d.sender}`)
      for (const w of d.windows) out.push(draftOf(view, d, w, attribute(view, dirs, d, reverse, w, p), p))
    }
    return mergeSameCause(out)
  },
})

type Side = 'uplink' | 'downlink' | 'path'
type Bilingual = { en: string; zh: string }

interface Attribution {
  side: Side
  confidence: 'high' | 'medium' | 'low'
  strong: boolean
  congested: boolean
  up: number
  down: number
  limited: number
  bweBefore: number
  bweDuring: number
  reverseShare: number
  reasons: Bilingual[]
}

/** Votes for the sender's uplink or the receiver's downlink over one impaired window of direction `d`. */
function attribute(view: CallView, dirs: Map<string, Direction>, d: Direction, reverse: Direction | undefined, w: Interval, p: P): Attribution {
  let up = 0
  let down = 0
  let strong = false
  const notes: Bilingual[] = []
  for (const o of dirs.values()) {
    if (o === d || o === reverse || (o.sender !== d.sender && o.receiver !== d.receiver)) continue
    strong = true
    const hit = overlap(o.windows, w) >= 0.3
    if (o.sender === d.sender) {
      if (hit) up += 2
      else down += 2
      notes.push(hit ? { en: `${o.receiver} also received ${d.sender}'s media impaired`, zh: `${o.receiver} 收到的 ${d.sender} 的媒体同样受损` } : { en: `${o.receiver} received ${d.sender}'s media cleanly`, zh: `${o.receiver} 收到的 ${d.sender} 的媒体正常` })
    } else {
      if (hit) down += 2
      else up += 2
      notes.push(hit ? { en: `${d.receiver} also received ${o.sender}'s media impaired`, zh: `${d.receiver} 收到的 ${o.sender} 的媒体同样受损` } : { en: `${d.receiver} received ${o.sender}'s media cleanly`, zh: `${d.receiver} 收到的 ${o.sender} 的媒体正常` })
    }
  }
  const reverseShare = reverse ? overlap(reverse.windows, w) : NaN
  const conn = connectionOf(view, senderStream(d))
  const limited = Math.max(...d.pairs.map((x) => limitedShare(x.sender, w)))
  const bwe = conn?.series.get('available_outgoing_bitrate')
  const bweDuring = windowStats(bwe, w.start, w.end).mean
  const bweBefore = windowStats(bwe, w.start - 30_000, w.start - 1000).mean
  const bweDropped = bweDuring < bweBefore * p.bweDropRatio
  const isLimited = limited >= p.limitedFraction
  // the sender's own congestion signals count for its uplink only while the reverse direction is clean
  if (!(reverseShare >= 0.5)) up += (isLimited ? 1 : 0) + (bweDropped ? 1 : 0)
  const side: Side = reverseShare >= 0.5 && !strong ? 'path' : up > down ? 'uplink' : down > up ? 'downlink' : 'path'
  const margin = Math.abs(up - down)
  const confidence = side === 'path' ? 'low' : strong && margin >= 2 ? 'high' : margin >= 2 ? 'medium' : 'low'
  const reasons: Bilingual[] = [
    ...(isLimited ? [{ en: `${d.sender}'s encoder was bandwidth-limited ${Math.round(limited * 100)} % of the time`, zh: `${d.sender} 的编码器有 ${Math.round(limited * 100)}% 的时间受带宽限制` }] : []),
    ...(bweDropped ? [{ en: `${d.sender}'s bandwidth estimate fell from ${num(bweBefore, 0)} to ${num(bweDuring, 0)} kbps`, zh: `${d.sender} 的带宽估计从 ${num(bweBefore, 0)} 降到 ${num(bweDuring, 0)} kbps` }] : []),
    ...(reverse ? [reverseShare >= 0.5 ? { en: `the reverse direction (${d.receiver} → ${d.sender}) was impaired too`, zh: `反方向（${d.receiver} → ${d.sender}）同样受损` } : { en: `the reverse direction (${d.receiver} → ${d.sender}) stayed clean`, zh: `反方向（${d.receiver} → ${d.sender}）保持正常` }] : []),
    ...notes,
  ]
  return { side, confidence, strong, congested: isLimited || bweDropped, up, down, limited, bweBefore, bweDuring, reverseShare, reasons }
}

function senderStream(d: Direction): ViewStream {
  return d.pairs.map((x) => x.sender).find((s) => s.kind === 'video') ?? d.pairs[0]!.sender
}

function draftOf(view: CallView, d: Direction, w: Interval, a: Attribution, p: P): FindingDraft {
  const sender = senderStream(d)
  const conn = connectionOf(view, sender)
  const receivers = d.pairs.map((x) => x.receiver)
  const lossMean = Math.max(...receivers.map((r) => windowStats(r.series.get('loss_pct'), w.start, w.end).mean).filter(Number.isFinite), 0)
  const ev = emptyEvidence()
  for (const r of receivers) addMetrics(ev, metricEvidence(r, 'loss_pct', w.start, w.end, p.lossPct))
  addMetrics(ev, metricEvidence(sender, 'quality_limitation', w.start, w.end))
  if (conn) addMetrics(ev, metricEvidence(conn, 'available_outgoing_bitrate', w.start - 30_000, w.end), metricEvidence(conn, 'rtt_ms', w.start, w.end))
  Object.assign(ev.figures, {
    side: a.side, confidence: a.confidence, uplinkVotes: a.up, downlinkVotes: a.down, sender: d.sender, receiver: d.receiver,
    reverseImpairedShare: Number.isFinite(a.reverseShare) ? Math.round(a.reverseShare * 100) / 100 : null,
    senderBandwidthLimitedShare: Math.round(a.limited * 100) / 100, senderBweBeforeKbps: Math.round(a.bweBefore), senderBweDuringKbps: Math.round(a.bweDuring), meanLossPct: Math.round(lossMean * 100) / 100,
  })
  const owner = a.side === 'downlink' ? receivers[0]! : sender
  const ownerConn = a.side === 'downlink' ? connectionOf(view, owner) : conn
  const how = a.congested ? { en: 'congested', zh: '拥塞' } : { en: 'lossy', zh: '丢包' }
  const t = span(view, w.start, w.end)
  const because = { en: a.reasons.map((r) => r.en).join('; '), zh: a.reasons.map((r) => r.zh).join('；') }
  const verdict = a.side === 'uplink' ? { en: `most likely ${d.sender}'s uplink`, zh: `最可能出在 ${d.sender} 的上行` }
    : a.side === 'downlink' ? { en: `most likely ${d.receiver}'s downlink`, zh: `最可能出在 ${d.receiver} 的下行` }
      : { en: 'the path between them (cannot tell which end)', zh: '出在两者之间的路径上（无法判断是哪一端）' }
  const only2 = a.strong ? { en: '', zh: '' } : { en: ' With only these two participants in the case, the sender\'s uplink and the receiver\'s downlink share the path, so this rests on the sender\'s own congestion signals.', zh: '工单中只有这两位参与者的日志，发送端上行与接收端下行处于同一路径，因此该判断仅依据发送端自身的拥塞信号。' }
  return {
    severity: lossMean >= 10 ? 'error' : 'warning', code: a.side === 'path' ? 'path-impairment' : `${a.side}-${a.congested ? 'congestion' : 'loss'}`,
    title: a.side === 'uplink' ? { en: `${d.sender}'s uplink ${how.en}`, zh: `${d.sender} 上行${how.zh}` }
      : a.side === 'downlink' ? { en: `${d.receiver}'s downlink ${how.en}`, zh: `${d.receiver} 下行${how.zh}` } : { en: 'Impaired path (direction unknown)', zh: '传输路径受损（方向不明）' },
    start: w.start, end: w.end, participant: a.side === 'downlink' ? d.receiver : d.sender, entryId: owner.entryId, streamKey: owner.key, ...(ownerConn ? { connectionKey: ownerConn.key } : {}),
    evidence: ev,
    explanation: {
      en: `${d.receiver} received ${d.sender}'s media impaired ${t.en} (${num(lossMean)} % loss on average). The fault is ${verdict.en} (${a.confidence} confidence): ${because.en}.${only2.en}`,
      zh: `${d.receiver} 在 ${t.zh} 收到的 ${d.sender} 的媒体受损（平均丢包 ${num(lossMean)}%）。问题${verdict.zh}（置信度：${a.confidence === 'high' ? '高' : a.confidence === 'medium' ? '中' : '低'}）：${because.zh}。${only2.zh}`,
    },
    nextSteps: a.side === 'uplink' ? {
      en: [`Ask ${d.sender} about their network at that time (Wi-Fi signal, uploads, shared link).`, `Consider lowering ${d.sender}'s maximum send bitrate or enabling simulcast/SVC so receivers can drop layers.`],
      zh: [`了解 ${d.sender} 当时的网络情况（Wi-Fi 信号、上传流量、是否共享链路）。`, `考虑降低 ${d.sender} 的最大发送码率，或启用 simulcast/SVC 以便接收端降层。`],
    } : a.side === 'downlink' ? {
      en: [`Ask ${d.receiver} about their network at that time (downloads, Wi-Fi signal).`, 'With an SFU, lower the layer forwarded to this receiver.'],
      zh: [`了解 ${d.receiver} 当时的网络情况（下载流量、Wi-Fi 信号）。`, '使用 SFU 时，降低转发给该接收端的流的分层。'],
    } : { en: ['Add a third participant\'s logs, or the SFU\'s, to split the path.'], zh: ['补充第三位参与者或 SFU 的日志，以分段定位路径问题。'] },
    signatureParts: [a.side, a.congested ? 'congestion' : 'loss', a.confidence],
  }
}

/** One uplink (or downlink) problem seen by several receivers (or from several senders) is one finding. */
function mergeSameCause(list: FindingDraft[]): FindingDraft[] {
  const out: FindingDraft[] = []
  for (const f of [...list].sort((a, b) => a.start - b.start)) {
    const same = f.code !== 'path-impairment' && out.find((o) => o.code === f.code && o.participant === f.participant && o.start <= f.end && f.start <= o.end)
    if (!same) {
      out.push(f)
      continue
    }
    same.start = Math.min(same.start, f.start)
    same.end = Math.max(same.end, f.end)
    same.evidence.metrics.push(...f.evidence.metrics)
    same.evidence.figures.alsoSeenBy = [same.evidence.figures.alsoSeenBy, f.evidence.figures.receiver, f.evidence.figures.sender].filter(Boolean).join(',')
    if (f.severity === 'error') same.severity = 'error'
  }
  return out
}
