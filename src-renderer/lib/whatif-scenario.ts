/**
 * The what-if scenario editor's model: every control is either "keep the baseline" (null) or a
 * value, and the form maps to a contract scenario (an audio patch and a video patch) and back.
 * Shared settings (jitter buffer, device latency) go into both patches. Pure; no Vue.
 */
import type { ConfigPatchDto, ScenarioDto } from '@contract/whatif-dto'

/** null = keep the baseline. RED distance 0 and FEC ratio 0 switch the mechanism off. */
export interface AudioForm {
  codec: string | null
  hasPlc: boolean | null
  bitrateKbps: number | null
  packetMs: number | null
  opusFec: boolean | null
  redDistance: number | null
  fecRatio: number | null
  nack: boolean | null
}

export interface VideoForm {
  codec: 'h264' | 'vp8' | 'vp9' | 'h265' | 'av1' | null
  bitrateKbps: number | null
  height: number | null
  fps: number | null
  fecRatio: number | null
  nack: boolean | null
}

export interface ScenarioForm {
  id: string
  label: string
  /** Fixed jitter buffer (ms). */
  jitterBufferMs: number | null
  deviceLatencyMs: number | null
  audio: AudioForm
  video: VideoForm
}

/** Retransmissions libwebrtc tries at most (kMaxNackRetries). */
const NACK_RETRIES = 10

/** A fresh id for a new scenario (letters, digits and - only, as the contract wants). */
export function newScenarioId(now = Date.now(), rnd = Math.random()): string {
  return `s-${now.toString(36)}-${Math.floor(rnd * 36 ** 4).toString(36)}`
}

export function emptyForm(id = newScenarioId(), label = ''): ScenarioForm {
  return {
    id, label, jitterBufferMs: null, deviceLatencyMs: null,
    audio: { codec: null, hasPlc: null, bitrateKbps: null, packetMs: null, opusFec: null, redDistance: null, fecRatio: null, nack: null },
    video: { codec: null, bitrateKbps: null, height: null, fps: null, fecRatio: null, nack: null },
  }
}

function set<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | null): void {
  if (v !== null && v !== undefined) o[k] = v
}

function shared(f: ScenarioForm, p: ConfigPatchDto): void {
  if (f.jitterBufferMs !== null) p.jitterBuffer = { mode: 'fixed', delayMs: f.jitterBufferMs }
  set(p, 'deviceLatencyMs', f.deviceLatencyMs)
}

export function audioPatch(f: ScenarioForm): ConfigPatchDto {
  const a = f.audio
  const p: ConfigPatchDto = {}
  const audio: NonNullable<ConfigPatchDto['audio']> = {}
  set(audio, 'codec', a.codec)
  set(audio, 'hasPlc', a.hasPlc)
  set(audio, 'bitrateKbps', a.bitrateKbps)
  set(audio, 'packetMs', a.packetMs)
  if (Object.keys(audio).length) p.audio = audio
  const recovery: NonNullable<ConfigPatchDto['recovery']> = {}
  set(recovery, 'opusFec', a.opusFec)
  if (a.redDistance !== null) recovery.red = a.redDistance > 0 ? { distance: Math.round(a.redDistance) } : null
  if (a.fecRatio !== null) recovery.fec = a.fecRatio > 0 ? { scheme: 'ulpfec', ratio: a.fecRatio } : null
  if (a.nack !== null) recovery.nack = a.nack ? { maxRetries: NACK_RETRIES } : null
  if (Object.keys(recovery).length) p.recovery = recovery
  shared(f, p)
  return p
}

export function videoPatch(f: ScenarioForm): ConfigPatchDto {
  const v = f.video
  const p: ConfigPatchDto = {}
  const video: NonNullable<ConfigPatchDto['video']> = {}
  set(video, 'codec', v.codec)
  set(video, 'bitrateKbps', v.bitrateKbps)
  if (v.height !== null) {
    video.height = v.height
    video.width = Math.round((v.height * 16) / 9)
  }
  set(video, 'fps', v.fps)
  if (Object.keys(video).length) p.video = video
  const recovery: NonNullable<ConfigPatchDto['recovery']> = {}
  if (v.fecRatio !== null) recovery.fec = v.fecRatio > 0 ? { scheme: 'flexfec', ratio: v.fecRatio } : null
  if (v.nack !== null) recovery.nack = v.nack ? { maxRetries: NACK_RETRIES } : null
  if (Object.keys(recovery).length) p.recovery = recovery
  shared(f, p)
  return p
}

/** True when the form changes nothing (every control keeps the baseline). */
export function isEmptyForm(f: ScenarioForm): boolean {
  return Object.keys(audioPatch(f)).length === 0 && Object.keys(videoPatch(f)).length === 0
}

/** The form as a contract scenario (label defaults to the id). */
export function formToScenario(f: ScenarioForm): ScenarioDto {
  return { id: f.id, label: f.label.trim() || f.id, audio: audioPatch(f), video: videoPatch(f) }
}

const num = (x: unknown): number | null => (typeof x === 'number' ? x : null)
const bool = (x: unknown): boolean | null => (typeof x === 'boolean' ? x : null)

/** A saved scenario back in the form (what the form cannot show, e.g. an adaptive buffer, is dropped). */
export function scenarioToForm(s: ScenarioDto): ScenarioForm {
  const f = emptyForm(s.id, s.label)
  const a = s.audio ?? s.patch ?? {}
  const v = s.video ?? s.patch ?? {}
  f.audio.codec = a.audio?.codec ?? null
  f.audio.hasPlc = bool(a.audio?.hasPlc)
  f.audio.bitrateKbps = num(a.audio?.bitrateKbps)
  f.audio.packetMs = num(a.audio?.packetMs)
  f.audio.opusFec = bool(a.recovery?.opusFec)
  if (a.recovery && 'red' in a.recovery) f.audio.redDistance = a.recovery.red ? a.recovery.red.distance : 0
  if (a.recovery && 'fec' in a.recovery) f.audio.fecRatio = a.recovery.fec ? a.recovery.fec.ratio : 0
  if (a.recovery && 'nack' in a.recovery) f.audio.nack = a.recovery.nack !== null
  f.video.codec = v.video?.codec ?? null
  f.video.bitrateKbps = num(v.video?.bitrateKbps)
  f.video.height = num(v.video?.height)
  f.video.fps = num(v.video?.fps)
  if (v.recovery && 'fec' in v.recovery) f.video.fecRatio = v.recovery.fec ? v.recovery.fec.ratio : 0
  if (v.recovery && 'nack' in v.recovery) f.video.nack = v.recovery.nack !== null
  const jb = a.jitterBuffer ?? v.jitterBuffer
  f.jitterBufferMs = jb?.mode === 'fixed' ? jb.delayMs : null
  f.deviceLatencyMs = num(a.deviceLatencyMs ?? v.deviceLatencyMs)
  return f
}
