/**
 * Codec problems: a sender and its receiver (both in the case) using different codecs for the same
 * SSRC (a transcoder or a negotiation bug), a hardware encoder/decoder falling back to software, a
 * codec switch mid-call (payload type change, not a mere fmtp change), and an `unknown` decoder
 * implementation. One finding per stream and kind, listing every change (once per simulcast sender).
 */
import type { CallEvent } from '../../model/call'
import { defineDetector, param } from '../define'
import { addEvents, clock, emptyEvidence, streamText } from '../evidence'
import type { CallView, FindingDraft, ViewStream } from '../types'
import { entryOf, isLayerLeader, streamPairs } from '../view'

const params = {
  reportSwitches: param(1, 0, 1, '0/1', 'Report codec switches (payload type changes) mid-call (1 = on).', '是否报告通话中的编解码器切换，即负载类型变化（1 = 开）。'),
}

const HW = /mediafoundation|videotoolbox|d3d11|dxva|vaapi|mediacodec|external(en|de)coder|nvenc|nvdec|qsv|v4l2|accelerat|hardware|\bhw\b/i
const SW = /libvpx|libaom|openh264|ffmpeg|dav1d|libx264|software|\bsw\b/i

/** Payload type in a Chrome codec stats id (`COT01_111_minptime=10...` -> 111). */
export function payloadTypeOf(codecId: string): string {
  return /^C[IO][A-Za-z0-9]*?_(\d+)/.exec(codecId)?.[1] ?? codecId
}

function base(s: ViewStream, start: number, end: number): Pick<FindingDraft, 'start' | 'end' | 'participant' | 'entryId' | 'streamKey' | 'connectionKey'> {
  return { start, end, participant: s.participant, entryId: s.entryId, streamKey: s.key, ...(s.connectionKey ? { connectionKey: s.connectionKey } : {}) }
}

function changes(view: CallView, s: ViewStream, reportSwitches: boolean): FindingDraft[] {
  const events = (entryOf(view, s.entryId)?.events ?? []).filter((e) => e.type === 'codec.change' && e.streamKey === s.key)
  const out: FindingDraft[] = []
  const who = streamText(s)
  const impl = (e: CallEvent) => e.data?.property === 'encoderImplementation' || e.data?.property === 'decoderImplementation'
  const fallbacks = events.filter((e) => impl(e) && HW.test(String(e.data?.from ?? '')) && SW.test(String(e.data?.to ?? '')) && !HW.test(String(e.data?.to ?? '')))
  if (fallbacks.length > 0) {
    const ev = emptyEvidence()
    addEvents(ev, s.entryId, fallbacks)
    const f = fallbacks[0]!
    ev.figures.from = String(f.data?.from ?? '')
    ev.figures.to = String(f.data?.to ?? '')
    out.push({
      ...base(s, f.t, fallbacks[fallbacks.length - 1]!.t), severity: 'warning', code: 'hw-fallback',
      title: { en: 'Hardware codec fell back to software', zh: '硬件编解码回退到软件' }, evidence: ev,
      explanation: {
        en: `${who.en} switched from the hardware ${s.direction === 'send' ? 'encoder' : 'decoder'} ${ev.figures.from} to the software ${ev.figures.to} at ${clock(view, f.t)}. Software coding costs much more CPU; the fallback itself usually follows a hardware error.`,
        zh: `${who.zh}在 ${clock(view, f.t)} 从硬件${s.direction === 'send' ? '编码器' : '解码器'} ${ev.figures.from} 切换到软件 ${ev.figures.to}。软件编解码的 CPU 开销大得多；回退本身通常由硬件出错引起。`,
      },
      nextSteps: { en: ['Check GPU driver version and chrome://gpu; look for CPU limitation and frame-rate drops after this point.'], zh: ['检查显卡驱动版本和 chrome://gpu；查看此后是否出现 CPU 受限和帧率下降。'] },
      signatureParts: [s.kind, s.direction],
    })
  }
  const switches = events.filter((e) => e.data?.property === 'codecId' && payloadTypeOf(String(e.data?.from ?? '')) !== payloadTypeOf(String(e.data?.to ?? '')))
  if (reportSwitches && switches.length > 0) {
    const ev = emptyEvidence()
    addEvents(ev, s.entryId, switches)
    const pts = [payloadTypeOf(String(switches[0]!.data?.from ?? '')), ...switches.map((e) => payloadTypeOf(String(e.data?.to ?? '')))]
    ev.figures.payloadTypes = pts.join(' → ')
    ev.figures.finalCodec = s.codec ?? null
    out.push({
      ...base(s, switches[0]!.t, switches[switches.length - 1]!.t), severity: 'info', code: 'codec-switch',
      title: { en: 'Codec switched mid-call', zh: '通话中切换了编解码器' }, evidence: ev,
      explanation: {
        en: `${who.en} changed codec ${switches.length} time${switches.length === 1 ? '' : 's'} (payload types ${pts.join(' → ')}${s.codec ? `, ending on ${s.codec}` : ''}). Each switch is a renegotiation and usually a key frame; repeated switches point at a negotiation or capability problem.`,
        zh: `${who.zh}切换了 ${switches.length} 次编解码器（负载类型 ${pts.join(' → ')}${s.codec ? `，最终为 ${s.codec}` : ''}）。每次切换都是一次重新协商，通常伴随一个关键帧；反复切换说明协商或编解码能力存在问题。`,
      },
      nextSteps: { en: ['Compare the offered codec lists of both sides (SDP) and any setCodecPreferences calls.'], zh: ['对比双方 SDP 中提供的编解码器列表，以及 setCodecPreferences 调用。'] },
      signatureParts: [s.kind],
    })
  }
  const unknown = events.find((e) => e.data?.property === 'decoderImplementation' && /^unknown$/i.test(String(e.data?.to ?? '')))
  if (unknown) {
    const ev = emptyEvidence()
    addEvents(ev, s.entryId, [unknown])
    out.push({
      ...base(s, unknown.t, unknown.t), severity: 'warning', code: 'unknown-decoder', title: { en: 'Decoder implementation unknown', zh: '解码器实现未知' }, evidence: ev,
      explanation: { en: `${who.en} reports decoderImplementation "unknown": no decoder is producing frames for it.`, zh: `${who.zh}的 decoderImplementation 为“unknown”：没有任何解码器在为该流输出画面。` },
      nextSteps: { en: ['Check that the negotiated codec is supported by the receiver (hardware/OS), and for decode errors in the browser log.'], zh: ['确认接收端（硬件/系统）支持协商出的编解码器，并查看浏览器日志中的解码错误。'] },
      signatureParts: [s.kind],
    })
  }
  return out
}

export const codecIssues = defineDetector({
  id: 'codec', version: 1, category: 'media',
  title: { en: 'Codec mismatch, fallback and switches', zh: '编解码器不一致、回退与切换' },
  description: {
    en: 'Different codecs at the two ends of one SSRC, hardware→software fallback, mid-call codec switches, unknown decoder implementation.',
    zh: '同一 SSRC 两端编解码器不同、硬件回退到软件、通话中切换编解码器、解码器实现未知。',
  },
  sources: ['anchors §2.1 UnknownVideoDecoderImplementationDetector', 'anchors §2.8 hasNullVideoDecoder, codec + fmtp, powerEfficient{En,De}coder'],
  params,
  run(view, p) {
    const out: FindingDraft[] = []
    for (const { sender, receiver } of streamPairs(view)) {
      if (!sender.codec || !receiver.codec || sender.codec.toLowerCase() === receiver.codec.toLowerCase()) continue
      const ev = emptyEvidence()
      Object.assign(ev.figures, { senderCodec: sender.codec, receiverCodec: receiver.codec, ssrc: receiver.ssrc ?? null })
      const who = streamText(receiver)
      out.push({
        ...base(receiver, view.start, view.end), severity: 'error', code: 'codec-mismatch', title: { en: 'Codec mismatch between the two ends', zh: '两端编解码器不一致' }, evidence: ev,
        explanation: {
          en: `${sender.participant} sends SSRC ${receiver.ssrc} as ${sender.codec} but ${who.en} decodes it as ${receiver.codec}: something between them transcodes or the payload types are mapped inconsistently.`,
          zh: `${sender.participant} 以 ${sender.codec} 发送 SSRC ${receiver.ssrc}，而${who.zh}按 ${receiver.codec} 解码：中间有转码，或负载类型映射不一致。`,
        },
        nextSteps: { en: ['Compare the payload-type maps of both SDPs and check any media server in between.'], zh: ['对比两端 SDP 的负载类型映射，并检查中间经过的媒体服务器。'] },
        signatureParts: [receiver.kind],
      })
    }
    // simulcast layers share one encoder: their changes are reported once
    for (const s of view.streams) if (isLayerLeader(view, s)) out.push(...changes(view, s, p.reportSwitches >= 1))
    return out
  },
})
