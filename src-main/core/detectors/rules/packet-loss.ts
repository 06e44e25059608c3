/**
 * Packet loss, sustained or bursty. Per-interval loss % of each received stream (and of a sent stream
 * as its receiver reported it, when the receiver's own dump is not in the case: the same loss is
 * reported once). Intervals with too few packets are unknown, so Opus DTX silence (a packet every
 * 400 ms, no loss) neither raises nor clears. Inside an episode the burst structure is measured:
 * runs of burst seconds, their length and the loss between them, not only the average.
 */
import { defineDetector, hysteresisOf, hysteresisParams, param } from '../define'
import { detectEpisodes, type Episode } from '../episodes'
import { addMetrics, emptyEvidence, metricEvidence, num, span, streamText } from '../evidence'
import type { CallView, FindingDraft, ViewStream } from '../types'
import { aligner, receiversOf, streamPairs } from '../view'

const params = {
  ...hysteresisParams({ raiseCount: 3, raiseWindow: 5, clearCount: 5, minDurationMs: 3000, mergeGapMs: 10_000 }),
  lossPct: param(2, 0, 100, '%', 'A sample crosses when its interval loss is above this (Twilio: 1 %, webrtc-issue-detector: 5 %).', '区间丢包率高于此值即判为超限（Twilio：1%，webrtc-issue-detector：5%）。'),
  avgPct: param(3, 0, 100, '%', 'An interval with some loss also crosses while the mean of the last `avgSamples` intervals is above this (Twilio: > 3 % over 7 samples), so periodic short bursts are caught.', '区间有丢包、且最近 `avgSamples` 个区间的平均丢包率高于此值时，也判为超限（Twilio：7 个采样平均 > 3%），用于捕获周期性的短时突发。'),
  avgSamples: param(7, 2, 120, 'samples', 'Samples averaged for `avgPct`.', '计算 `avgPct` 所用的采样数。'),
  burstPct: param(5, 0, 100, '%', 'An interval at or above this loss is a burst second.', '丢包率不低于此值的区间计为突发秒。'),
  errorPct: param(10, 0, 100, '%', 'Mean loss of an episode at or above this makes it an error.', '异常时段的平均丢包率不低于此值时，判为错误级。'),
  heavyPct: param(20, 0, 100, '%', 'Short bursts outside episodes are reported when this many consecutive intervals reach this loss.', '在异常时段之外，连续 `heavySamples` 个区间的丢包率达到此值时，也报告为短时突发。'),
  heavySamples: param(2, 2, 30, 'samples', 'Consecutive intervals at `heavyPct` that make a short burst.', '构成短时突发所需的、丢包率达到 `heavyPct` 的连续区间数。'),
  minPps: param(5, 0, 1000, 'packets/s', 'Intervals with fewer packets are ignored (DTX silence, paused streams).', '包速率低于此值的区间不参与判断（DTX 静音、已暂停的流）。'),
}

interface Structure { mean: number; max: number; bursts: number; longestBurstMs: number; burstSamples: number; samples: number; between: number; cv: number }

function structure(t: Float64Array, loss: Float64Array, known: (i: number) => boolean, e: Episode, burstPct: number): Structure {
  let n = 0
  let sum = 0
  let sq = 0
  let max = 0
  let bursts = 0
  let burstSamples = 0
  let longest = 0
  let runStart = -1
  const quiet: number[] = []
  for (let i = e.first; i <= e.last + 1; i++) {
    const isKnown = i <= e.last && known(i)
    const v = isKnown ? loss[i]! : NaN
    const inBurst = isKnown && v >= burstPct
    if (isKnown) {
      n++
      sum += v
      sq += v * v
      if (v > max) max = v
      if (inBurst) burstSamples++
      else quiet.push(v)
    }
    if (inBurst && runStart < 0) runStart = i
    if (!inBurst && runStart >= 0 && (isKnown || i > e.last)) {
      bursts++
      longest = Math.max(longest, t[i - 1]! - (runStart > 0 ? t[runStart - 1]! : t[runStart]!))
      runStart = -1
    }
  }
  const mean = n > 0 ? sum / n : 0
  const sd = n > 1 ? Math.sqrt(Math.max(0, sq / n - mean * mean)) : 0
  quiet.sort((a, b) => a - b)
  return { mean, max, bursts, longestBurstMs: longest, burstSamples, samples: n, between: quiet.length ? quiet[Math.floor(quiet.length / 2)]! : 0, cv: mean > 0 ? sd / mean : 0 }
}

function lossFindings(view: CallView, s: ViewStream, p: Record<keyof typeof params, number>): FindingDraft[] {
  const loss = s.series.get('loss_pct')
  if (!loss) return []
  const ppsAt = aligner(loss, s.series.get('packets_per_s'))
  const known = (i: number) => Number.isFinite(loss.v[i]!) && !(ppsAt(i) < p.minPps)
  const mean = rollingMean(loss.v, known, p.avgSamples)
  const cross = (i: number) => (known(i) ? loss.v[i]! > p.lossPct || (loss.v[i]! > 0 && mean[i]! > p.avgPct) : undefined)
  const episodes = detectEpisodes(loss.t, loss.t.length, cross, hysteresisOf(p))
  const out: FindingDraft[] = []
  const who = streamText(s)
  const side = s.direction === 'recv' ? 'recv' : 'send'
  for (const e of episodes) {
    const st = structure(loss.t, loss.v, known, e, p.burstPct)
    const bursty = st.bursts >= 2 && st.cv >= 0.5
    const code = bursty ? 'bursty-loss' : 'sustained-loss'
    const w = span(view, e.start, e.end)
    const ev = emptyEvidence()
    addMetrics(ev, metricEvidence(s, 'loss_pct', e.start, e.end, p.lossPct), metricEvidence(s, 'packets_per_s', e.start, e.end))
    Object.assign(ev.figures, {
      meanLossPct: round(st.mean), maxLossPct: round(st.max), bursts: st.bursts, burstSeconds: st.burstSamples,
      longestBurstMs: Math.round(st.longestBurstMs), lossBetweenBurstsPct: round(st.between), lossCv: round(st.cv), samples: st.samples,
    })
    const reported = s.direction === 'send' ? { en: ' (as reported back by the receiver)', zh: '（接收端回报）' } : { en: '', zh: '' }
    out.push({
      severity: st.mean >= p.errorPct ? 'error' : 'warning', code,
      title: bursty ? { en: 'Bursty packet loss', zh: '突发丢包' } : { en: 'Sustained packet loss', zh: '持续丢包' },
      start: e.start, end: e.end, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}),
      evidence: ev,
      explanation: bursty ? {
        en: `${who.en} lost packets in bursts ${w.en}${reported.en}: ${st.bursts} bursts of ≥ ${num(p.burstPct, 0)} % (peak ${num(st.max)} %, longest ${num(st.longestBurstMs / 1000)} s) between stretches of about ${num(st.between)} %; ${num(st.mean)} % on average. Bursts hurt more than the same average spread evenly: FEC and retransmission repair isolated losses, not runs.`,
        zh: `${who.zh}在 ${w.zh} 出现突发丢包${reported.zh}：共 ${st.bursts} 次不低于 ${num(p.burstPct, 0)}% 的突发（峰值 ${num(st.max)}%，最长 ${num(st.longestBurstMs / 1000)} 秒），突发之间约 ${num(st.between)}%，平均 ${num(st.mean)}%。在平均丢包率相同的情况下，突发丢包比均匀丢包影响更大：FEC 和重传能修复零星丢包，却修复不了连续丢包。`,
      } : {
        en: `${who.en} lost ${num(st.mean)} % of its packets on average ${w.en}${reported.en} (peak ${num(st.max)} %), steadily rather than in bursts.`,
        zh: `${who.zh}在 ${w.zh} 平均丢包 ${num(st.mean)}%${reported.zh}（峰值 ${num(st.max)}%），属于持续丢包而非突发。`,
      },
      nextSteps: {
        en: [
          'Check whether the sender\'s uplink or the receiver\'s downlink is at fault (see the direction finding when both dumps are in the case).',
          bursty ? 'Bursts usually mean congestion or Wi-Fi interference: look for a bandwidth-estimate drop and RTT growth at the same time.' : 'Steady loss points at a lossy link (poor Wi-Fi/cellular signal, a policed link): check the network type and signal.',
          s.kind === 'audio' ? 'Make sure Opus in-band FEC (useinbandfec=1) or RED is negotiated.' : 'Check that NACK/RTX (and FEC for high-RTT paths) are negotiated.',
        ],
        zh: [
          '判断问题出在发送端上行还是接收端下行（工单中有两端日志时，见上行/下行归因的诊断结果）。',
          bursty ? '突发丢包通常意味着拥塞或 Wi-Fi 干扰：查看同一时段带宽估计是否下降、RTT 是否上升。' : '持续丢包多为链路本身丢包（Wi-Fi/蜂窝信号差、限速）：检查网络类型和信号强度。',
          s.kind === 'audio' ? '确认协商了 Opus 带内 FEC（useinbandfec=1）或 RED。' : '确认协商了 NACK/RTX（高 RTT 链路还应启用 FEC）。',
        ],
      },
      signatureParts: [s.kind, side],
    })
  }
  out.push(...shortBursts(view, s, loss.t, loss.v, known, episodes, p))
  return out
}

/** Runs of `heavySamples`+ intervals at `heavyPct`+ outside any episode (too short for the N-of-M rule). */
function shortBursts(view: CallView, s: ViewStream, t: Float64Array, v: Float64Array, known: (i: number) => boolean, episodes: Episode[], p: Record<keyof typeof params, number>): FindingDraft[] {
  const out: FindingDraft[] = []
  let run = -1
  let len = 0
  const who = streamText(s)
  for (let i = 0; i <= t.length; i++) {
    const heavy = i < t.length && known(i) && v[i]! >= p.heavyPct
    if (heavy) {
      if (run < 0) run = i
      len++
      continue
    }
    if (i < t.length && !known(i) && run >= 0) continue
    if (run >= 0 && len >= p.heavySamples) {
      const start = run > 0 ? t[run - 1]! : t[run]!
      const end = t[i - 1]!
      if (!episodes.some((e) => e.start <= end && e.end >= start)) {
        const ev = emptyEvidence()
        addMetrics(ev, metricEvidence(s, 'loss_pct', start, end, p.heavyPct))
        let max = 0
        for (let k = run; k < i; k++) if (Number.isFinite(v[k]!)) max = Math.max(max, v[k]!)
        ev.figures.maxLossPct = round(max)
        ev.figures.burstMs = Math.round(end - start)
        const w = span(view, start, end)
        out.push({
          severity: 'warning', code: 'loss-burst', title: { en: 'Heavy loss burst', zh: '严重突发丢包' },
          start, end, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}),
          evidence: ev,
          explanation: {
            en: `${who.en} lost up to ${num(max)} % of its packets ${w.en} (${num((end - start) / 1000, 0)} s), a burst too short for a sustained episode but likely audible or visible.`,
            zh: `${who.zh}在 ${w.zh}（${num((end - start) / 1000, 0)} 秒）丢包高达 ${num(max)}%，持续时间不足以构成异常时段，但很可能造成可感知的卡顿或杂音。`,
          },
          nextSteps: {
            en: ['Look for an event at the same moment (network switch, ICE disconnect, Wi-Fi roaming).'],
            zh: ['查看同一时刻是否有其他事件（网络切换、ICE 断开、Wi-Fi 漫游）。'],
          },
          signatureParts: [s.kind, s.direction],
        })
      }
    }
    run = -1
    len = 0
  }
  return out
}

/** Mean of the last `n` known values at each index (NaN before any). */
function rollingMean(v: Float64Array, known: (i: number) => boolean, n: number): Float64Array {
  const out = new Float64Array(v.length).fill(NaN)
  const ring = new Float64Array(Math.max(1, Math.floor(n)))
  let len = 0
  let pos = 0
  let sum = 0
  for (let i = 0; i < v.length; i++) {
    if (known(i)) {
      if (len === ring.length) sum -= ring[pos]!
      else len++
      ring[pos] = v[i]!
      sum += v[i]!
      pos = (pos + 1) % ring.length
    }
    if (len > 0) out[i] = sum / len
  }
  return out
}

function round(v: number): number {
  return Math.round(v * 100) / 100
}

export const packetLoss = defineDetector({
  id: 'packet-loss', version: 1, category: 'network',
  title: { en: 'Packet loss (sustained and bursty)', zh: '丢包（持续与突发）' },
  description: {
    en: 'Per-interval loss of every received stream, with hysteresis; classifies each episode as sustained or bursty from its burst structure. Sent streams are checked from the receiver report only when the receiver\'s dump is absent.',
    zh: '按区间检查每条接收流的丢包率（带迟滞）；根据突发结构将每个异常时段归为持续丢包或突发丢包。仅当工单中没有接收端日志时，才依据接收端回报检查发送流。',
  },
  sources: ['anchors §2.3 Twilio high-packet-loss (>1 % in 3 of 5, or mean > 3 % over 7)', 'anchors §2.1 InboundNetworkIssueDetector (loss > 5 %)', 'ITU-T G.113 burst ratio (burst structure)', 'anchors §2.2 LiveKit scorer (DTX-aware loss)'],
  params,
  run(view, p) {
    const pairs = streamPairs(view)
    const out: FindingDraft[] = []
    for (const s of view.streams) {
      if (s.direction === 'send' && receiversOf(view, s, pairs).length > 0) continue
      out.push(...lossFindings(view, s, p))
    }
    return out
  },
})
