/**
 * The dump's top-level `getUserMedia` log as events: requests, successes (a stream id or track info)
 * and failures (an `error` field), in both the old flat shape and the Chrome ≥ 138 request/response shape.
 */
import type { CallEvent, Diagnostic } from '../../model/call'

/** Events for the getUserMedia/getDisplayMedia log. */
export function gumEvents(log: unknown, diagnostics: Diagnostic[]): CallEvent[] {
  if (log === undefined) return []
  if (!Array.isArray(log)) {
    diagnostics.push({ severity: 'warning', message: 'getUserMedia is not a list; ignored' })
    return []
  }
  const out: CallEvent[] = []
  for (const raw of log) {
    if (typeof raw !== 'object' || raw === null) continue
    const r = raw as Record<string, unknown>
    const t = typeof r.timestamp === 'number' ? r.timestamp : NaN
    if (!Number.isFinite(t)) continue
    const call = typeof r.request_type === 'string' ? r.request_type : 'getUserMedia'
    const error = r.error ?? r.error_name
    if (typeof error === 'string' && error) {
      const message = typeof r.error_message === 'string' ? r.error_message : typeof r.errorMessage === 'string' ? r.errorMessage : ''
      out.push({ t, type: 'gum.error', severity: 'error', message: `${call} failed: ${error}${message ? ` (${message})` : ''}`, data: { call, error, detail: message } })
    } else if (typeof r.stream_id === 'string' || typeof r.video_track_info === 'string' || typeof r.audio_track_info === 'string') {
      const label = trackLabel(r.video_track_info) ?? trackLabel(r.audio_track_info) ?? ''
      out.push({ t, type: 'gum.success', severity: 'info', message: `${call} succeeded${label ? `: ${label}` : ''}`, data: { call, device: label } })
    } else {
      const kinds = [r.audio !== undefined ? 'audio' : '', r.video !== undefined ? 'video' : ''].filter(Boolean).join('+')
      out.push({ t, type: 'gum.request', severity: 'info', message: `${call} request ${kinds}`.trim(), data: { call, audio: String(r.audio ?? ''), video: String(r.video ?? '') } })
    }
  }
  return out
}

function trackLabel(info: unknown): string | undefined {
  if (typeof info !== 'string' || info === 'null') return undefined
  try {
    const parsed = JSON.parse(info) as { label?: unknown }
    return typeof parsed.label === 'string' ? parsed.label : undefined
  } catch {
    return undefined
  }
}
