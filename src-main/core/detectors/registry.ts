/**
 * The detector registry: every detector with its id, version, category, documented default
 * thresholds and run function, in report order. `Thresholds` (the settings shape) is derived from it,
 * so adding a detector or a parameter updates the settings type. `describeDetectors` feeds the
 * settings UI (docs in en and zh).
 */
import { bandwidthCollapse } from './rules/bandwidth'
import { codecIssues } from './rules/codec'
import { audioConcealment } from './rules/concealment'
import { highCpu } from './rules/cpu'
import { deviceIssues } from './rules/device'
import { direction } from './rules/direction'
import { dtlsFailure } from './rules/dtls'
import { frameRate } from './rules/frame-rate'
import { videoFreeze } from './rules/freeze'
import { highRtt } from './rules/high-rtt'
import { iceDisconnect } from './rules/ice-disconnect'
import { iceFailure } from './rules/ice-failure'
import { jitter } from './rules/jitter'
import { jitterBuffer } from './rules/jitter-buffer'
import { joinFailure } from './rules/join'
import { keyframeStorm } from './rules/keyframes'
import { deadAudio } from './rules/audio-level'
import { networkSwitch } from './rules/network-switch'
import { oneWayMedia } from './rules/one-way'
import { packetLoss } from './rules/packet-loss'
import { qualityLimitation } from './rules/quality-limitation'
import { relayOrTcp } from './rules/relay'
import { resolutionDrop } from './rules/resolution'
import { rtpGap } from './rules/rtp-gap'
import { sdkCodes } from './rules/sdk-codes'
import { slowSetup } from './rules/setup'
import type { Category, DetectorDef, ParamSpec, ParamValues, Text } from './types'

export const DETECTORS = [
  // network
  packetLoss, highRtt, jitter, jitterBuffer, bandwidthCollapse, rtpGap, oneWayMedia, direction,
  // media quality
  videoFreeze, frameRate, resolutionDrop, qualityLimitation, audioConcealment, keyframeStorm, codecIssues,
  // connectivity
  iceFailure, iceDisconnect, relayOrTcp, dtlsFailure, slowSetup, networkSwitch,
  // device and integration
  deviceIssues, deadAudio, highCpu, sdkCodes, joinFailure,
] as const

type AnyDetector = (typeof DETECTORS)[number]
export type DetectorId = AnyDetector['id']

/** Resolved thresholds of every detector, keyed by detector id. */
export type Thresholds = { [D in AnyDetector as D['id']]: ParamValues<D['params']> }

/** What a user may change: any subset of any detector's thresholds, plus switching a detector off. */
export type ThresholdOverrides = { [K in DetectorId]?: Partial<Thresholds[K]> & { enabled?: boolean } }

/** The detectors as plain definitions (for iteration without the literal types). */
export const DETECTOR_LIST: readonly DetectorDef[] = DETECTORS as unknown as readonly DetectorDef[]

export function detectorById(id: string): DetectorDef | undefined {
  return DETECTOR_LIST.find((d) => d.id === id)
}

/** Every detector's default thresholds. */
export function defaultThresholds(): Thresholds {
  const out: Record<string, Record<string, number>> = {}
  for (const d of DETECTOR_LIST) {
    const values: Record<string, number> = {}
    for (const [k, spec] of Object.entries(d.params)) values[k] = spec.default
    out[d.id] = values
  }
  return out as Thresholds
}

export interface ParamInfo extends ParamSpec { key: string }

export interface DetectorInfo {
  id: string
  version: number
  category: Category
  title: Text
  description: Text
  sources: string[]
  params: ParamInfo[]
}

/** Documentation of every detector and threshold, for the settings screen and the report appendix. */
export function describeDetectors(): DetectorInfo[] {
  return DETECTOR_LIST.map((d) => ({
    id: d.id, version: d.version, category: d.category, title: d.title, description: d.description, sources: [...d.sources],
    params: Object.entries(d.params).map(([key, spec]) => ({ key, ...spec })),
  }))
}
