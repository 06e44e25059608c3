/**
 * Dead or stuck audio: an audio level that does not move at all for a long stretch while packets
 * flow. Twilio flags a std-dev under 1 % of full scale over 10 s, which also fires on plain silence;
 * here the band is far narrower (a real microphone's noise floor moves more than that), so a flat
 * level means digital silence (dead/denied microphone, wrong device) or a stuck value. A received
 * stream is only judged against its sender in the case: flat at the receiver while the sender's
 * level varied means the audio was lost on the way; a silent remote speaker is not a fault. Only
 * judged while packets flow at speech rate: under DTX a muted and a dead microphone look the same.
 */
import { defineDetector, param } from '../define'
import { windowStats } from '../episodes'
import { addMetrics, dur, emptyEvidence, metricEvidence, num, span, streamText } from '../evidence'
import type { CallView, FindingDraft, ViewStream } from '../types'
import { aligner, entryOf, streamPairs } from '../view'

const params = {
  flatRange: param(0.0002, 0, 1, 'level (0..1)', 'The level counts as constant while it stays within a band this wide (Twilio: std-dev < 0.01 over 10 s, which also flags silence).', '音量波动范围不超过此值时视为恒定（Twilio：10 秒内标准差 < 0.01，静音也会触发）。'),
  minDurationMs: param(10_000, 1000, 3_600_000, 'ms', 'A constant level must last this long.', '音量恒定须持续达到此时长。'),
  speechRange: param(0.01, 0, 1, 'level (0..1)', 'A sender whose level moved more than this in the window was producing sound.', '发送端音量在窗口内的变化超过此值，即认为在发声。'),
  minPps: param(10, 0, 1000, 'packets/s', 'Only judged while packets flow at least this fast: under DTX (a few packets a second) a muted and a dead microphone look the same.', '仅在包速率不低于此值时判断：DTX 状态下（每秒仅几个包）无法区分主动静音与麦克风失效。'),
}

type P = Record<keyof typeof params, number>

/** Runs of samples whose level stays within `range` while packets flow (not during mute). */
function flatRuns(s: ViewStream, p: P): { start: number; end: number; level: number }[] {
  const lv = s.series.get('audio_level')
  if (!lv) return []
  const ppsAt = aligner(lv, s.series.get('packets_per_s'))
  const out: { start: number; end: number; level: number }[] = []
  let r = -1
  let lo = 0
  let hi = 0
  const flush = (endIdx: number) => {
    if (r >= 0 && endIdx > r && lv.t[endIdx]! - lv.t[r]! >= p.minDurationMs) out.push({ start: lv.t[r]!, end: lv.t[endIdx]!, level: (lo + hi) / 2 })
  }
  for (let i = 0; i < lv.t.length; i++) {
    const x = lv.v[i]!
    const flowing = ppsAt(i) >= p.minPps
    if (!Number.isFinite(x) || !flowing) {
      flush(i - 1)
      r = -1
      continue
    }
    if (r >= 0 && Math.max(hi, x) - Math.min(lo, x) <= p.flatRange) {
      lo = Math.min(lo, x)
      hi = Math.max(hi, x)
      continue
    }
    flush(i - 1)
    r = i
    lo = x
    hi = x
  }
  flush(lv.t.length - 1)
  return out
}

function muted(view: CallView, s: ViewStream, from: number, to: number): boolean {
  let isMuted = false
  for (const e of entryOf(view, s.entryId)?.events ?? []) {
    if (e.t > to) break
    if (e.streamKey && e.streamKey !== s.key) continue
    if (e.type === 'track.mute') isMuted = e.t <= from + 1000 || isMuted
    else if (e.type === 'track.unmute' && e.t <= from) isMuted = false
  }
  return isMuted
}

export const deadAudio = defineDetector({
  id: 'dead-audio', version: 1, category: 'device',
  title: { en: 'Dead or constant audio level', zh: '音频无声或音量恒定' },
  description: {
    en: 'A sent audio level that does not move for a long stretch while packets flow (dead microphone, stuck value); a received level that does not move while its sender\'s did.',
    zh: '发送音频在持续发包时长时间音量不变（麦克风无声、数值卡住）；或接收音频音量不变，而其发送端音量有变化。',
  },
  sources: ['anchors §2.3 Twilio constant-audio-input-level / constant-audio-output-level (std-dev < 327.67/32767 over 10 s)'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    const pairs = streamPairs(view)
    for (const s of view.streams) {
      if (s.kind !== 'audio') continue
      const senders = s.direction === 'recv' ? pairs.filter((x) => x.receiver === s).map((x) => x.sender) : []
      if (s.direction === 'recv' && senders.length === 0) continue
      for (const run of flatRuns(s, p)) {
        if (muted(view, s, run.start, run.end)) continue
        const talking = senders.find((x) => {
          const st = windowStats(x.series.get('audio_level'), run.start, run.end)
          return st.n > 0 && st.max - st.min > p.speechRange
        })
        if (s.direction === 'recv' && !talking) continue
        const zero = run.level < p.flatRange
        const code = s.direction === 'recv' ? 'audio-lost-in-path' : zero ? 'dead-microphone' : 'stuck-audio-level'
        const ev = emptyEvidence()
        addMetrics(ev, metricEvidence(s, 'audio_level', run.start, run.end, p.flatRange), metricEvidence(s, 'packets_per_s', run.start, run.end))
        if (talking) addMetrics(ev, metricEvidence(talking, 'audio_level', run.start, run.end))
        Object.assign(ev.figures, { level: Math.round(run.level * 1e5) / 1e5, flatMs: Math.round(run.end - run.start) })
        const who = streamText(s)
        const w = span(view, run.start, run.end)
        const en = code === 'audio-lost-in-path' ? `${who.en} stayed at a constant level ${w.en} (${dur(run.end - run.start)}) while ${talking!.participant}'s microphone level was moving: sound was produced but did not arrive.`
          : code === 'dead-microphone' ? `${who.en} carried digital silence ${w.en} (${dur(run.end - run.start)}) while packets were being sent: the microphone delivered nothing (no permission at OS level, wrong or dead device, hardware mute), unless the app muted it by disabling the track.`
            : `${who.en} sat at exactly ${num(run.level, 4)} ${w.en} (${dur(run.end - run.start)}): a stuck audio source.`
        const zh = code === 'audio-lost-in-path' ? `${who.zh}在 ${w.zh}（${dur(run.end - run.start)}）音量恒定，而 ${talking!.participant} 的麦克风音量在变化：声音已发出，却没有到达接收端。`
          : code === 'dead-microphone' ? `${who.zh}在 ${w.zh}（${dur(run.end - run.start)}）一直是数字静音，但数据包在正常发送：麦克风没有采集到声音（系统权限、选错设备或设备损坏、硬件静音），除非应用是通过禁用轨道来静音的。`
            : `${who.zh}在 ${w.zh}（${dur(run.end - run.start)}）音量固定为 ${num(run.level, 4)}：音频源卡住了。`
        out.push({
          severity: code === 'dead-microphone' ? 'warning' : 'error', code, title: code === 'audio-lost-in-path' ? { en: 'Audio lost on the way', zh: '音频在传输途中丢失' } : code === 'dead-microphone' ? { en: 'Dead microphone', zh: '麦克风无声' } : { en: 'Stuck audio level', zh: '音量值卡住' },
          start: run.start, end: run.end, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}),
          evidence: ev, explanation: { en, zh },
          nextSteps: code === 'audio-lost-in-path' ? {
            en: ['Check for a mixer/SFU or a gateway that mutes or drops this stream; compare packets sent and received.'], zh: ['检查混音服务器/SFU 或网关是否将这路流静音或丢弃；对比发送和接收的包数。'],
          } : {
            en: ['Check the OS microphone permission and privacy settings, the selected input device, and any hardware mute switch.', 'Check device-change and getUserMedia events around the start of the silence.'],
            zh: ['检查操作系统麦克风权限与隐私设置、所选输入设备以及硬件静音开关。', '查看静音开始前后的设备变更与 getUserMedia 事件。'],
          },
          signatureParts: [code],
        })
      }
    }
    return out
  },
})
