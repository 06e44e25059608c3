/** "participant · kind direction · codec · ssrc/label", localized words through the given `t`. */
import type { StreamDto } from '@contract/dto'

type Translate = (key: string) => string

export function streamLabel(s: StreamDto, t: Translate): string {
  const who = s.participant || '?'
  const kind = `${t(`stream.kind.${s.kind}`)} ${t(`stream.direction.${s.direction}`)}`
  const codec = s.codec ?? t('stream.noCodec')
  const id = s.ssrc !== null ? String(s.ssrc) : s.label || s.key
  const layer = s.layer ? ` (${s.layer})` : ''
  return `${who} · ${kind} · ${codec} · ${id}${layer}`
}

/** The stream a finding names (by the parser's stream key, within the finding's participant), if the case has it. */
export function streamOfFinding(streams: readonly StreamDto[], f: { streamKey: string; participant: string }): StreamDto | null {
  if (!f.streamKey) return null
  const same = streams.filter((s) => s.key === f.streamKey)
  return same.find((s) => s.participant === f.participant) ?? same[0] ?? null
}
