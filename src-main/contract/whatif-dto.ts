/**
 * Wire shapes of what-if analysis (issue 6): configuration patches (the core's ConfigPatch, every
 * field bounded), scenarios, replay results of stored streams and sweep grids. JSON-safe: per-second
 * columns are plain arrays with null for a gap (the core's NaN); times are epoch ms with the entry's
 * clock offset applied, like the timeline.
 */
import { z } from 'zod'
import { EpochMs, Id } from './dto'

const Measured = z.literal('measured')
const num = (min: number, max: number) => z.number().finite().min(min).max(max)
const int = (min: number, max: number) => z.number().int().min(min).max(max)

export const VIDEO_CODECS = ['h264', 'vp8', 'vp9', 'h265', 'av1'] as const

/** Edits of the audio settings (codec: a codec-table id or alias; unknown ones are refused by the service). */
export const AudioPatchDto = z.object({
  codec: z.string().trim().min(1).max(40),
  hasPlc: z.boolean(),
  bitrateKbps: z.union([num(4, 1024), Measured]),
  packetMs: num(2.5, 120),
}).partial().strict()

export const VideoPatchDto = z.object({
  codec: z.enum(VIDEO_CODECS),
  bitrateKbps: z.union([num(30, 50_000), Measured]),
  width: z.union([int(16, 7680), Measured]),
  height: z.union([int(16, 4320), Measured]),
  fps: z.union([num(1, 120), Measured]),
  keyframeFactor: num(1, 50),
}).partial().strict()

/** Recovery edits: null switches a mechanism off, an object switches it on with these values. */
export const RecoveryPatchDto = z.object({
  opusFec: z.boolean(),
  red: z.object({ distance: int(0, 10) }).strict().nullable(),
  fec: z.object({ scheme: z.enum(['ulpfec', 'flexfec']), ratio: num(0, 1) }).strict().nullable(),
  nack: z.object({ maxRetries: int(0, 50) }).strict().nullable(),
}).partial().strict()

export const JitterBufferDto = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('adaptive'), targetLateLossPct: num(0.01, 50), minMs: num(0, 2000), maxMs: num(0, 5000) }).strict()
    .refine((j) => j.maxMs >= j.minMs, 'maxMs must not be below minMs'),
  z.object({ mode: z.literal('fixed'), delayMs: num(0, 5000) }).strict(),
  z.object({ mode: z.literal('measured') }).strict(),
])

/** Edits of the measured network (scales 1 and additions 0 leave it unchanged). */
export const NetworkPatchDto = z.object({
  lossScale: num(0, 10),
  lossAddPct: num(0, 100),
  rttScale: num(0, 10),
  rttAddMs: num(0, 5000),
  jitterScale: num(0, 10),
  bandwidthScale: num(0.01, 10),
  burstR: num(1, 8).nullable(),
  oneWayMs: num(0, 5000).nullable(),
}).partial().strict()

/** A partial configuration (the core's ConfigPatch). */
export const ConfigPatchDto = z.object({
  audio: AudioPatchDto,
  video: VideoPatchDto,
  recovery: RecoveryPatchDto,
  jitterBuffer: JitterBufferDto,
  deviceLatencyMs: num(0, 2000),
  network: NetworkPatchDto,
}).partial().strict()
export type ConfigPatchDto = z.infer<typeof ConfigPatchDto>

export const ScenarioId = z.string().min(1).max(80).regex(/^[A-Za-z0-9._-]+$/, 'a scenario id is letters, digits, ., - and _')

/** A named edit of the baseline: `audio` / `video` patches by the stream's kind, `patch` for a kind without its own. */
export const ScenarioDto = z.object({
  id: ScenarioId,
  label: z.string().trim().min(1).max(200),
  patch: ConfigPatchDto.optional(),
  audio: ConfigPatchDto.optional(),
  video: ConfigPatchDto.optional(),
}).strict()
export type ScenarioDto = z.infer<typeof ScenarioDto>

/** A scenario saved with a case. */
export const SavedScenarioDto = ScenarioDto.extend({ caseId: Id, createdAt: EpochMs, updatedAt: EpochMs })
export type SavedScenarioDto = z.infer<typeof SavedScenarioDto>

export const Bilingual = z.object({ en: z.string(), zh: z.string() })

export const PresetDto = z.object({
  id: z.string(),
  label: Bilingual,
  description: Bilingual,
  /** Why each choice (English, from the core's preset table). */
  rationale: z.string(),
  audio: ConfigPatchDto,
  video: ConfigPatchDto,
})
export type PresetDto = z.infer<typeof PresetDto>

export const WhatIfCatalogDto = z.object({
  presets: z.array(PresetDto),
  /** Audio codecs the E-model table knows: id, label, band. */
  audioCodecs: z.array(z.object({ id: z.string(), label: z.string(), band: z.enum(['nb', 'wb', 'fb']) })),
  videoCodecs: z.array(z.enum(VIDEO_CODECS)),
})
export type WhatIfCatalogDto = z.infer<typeof WhatIfCatalogDto>

/** A stream of the case and whether it can be replayed (it, or its connection, has a loss series). */
export const WhatIfStreamDto = z.object({
  streamId: z.number().int(),
  entryId: z.number().int(),
  key: z.string(),
  kind: z.enum(['audio', 'video']),
  direction: z.enum(['send', 'recv']),
  codec: z.string().nullable(),
  label: z.string(),
  participant: z.string(),
  isReplayable: z.boolean(),
  /** Mean measured loss (%) over the call, or null without a loss series. */
  lossMeanPct: z.number().nullable(),
})
export type WhatIfStreamDto = z.infer<typeof WhatIfStreamDto>

const Num = z.number().nullable()
const Column = z.array(Num)

/** One row of the comparison table (null where a value has no data). */
export const ComparisonRowDto = z.object({
  scenarioId: z.string(),
  label: z.string(),
  isBaseline: z.boolean(),
  seconds: z.number().int(),
  mosMean: Num,
  mosP5: Num,
  mosMin: Num,
  /** Lowest mean MOS over any 60 s window (the whole call when shorter). */
  worstMinuteMos: Num,
  pctSecondsBelow31: Num,
  mouthToEarMeanMs: Num,
  mouthToEarP95Ms: Num,
  freezeSeconds: Num,
  /** Frozen share of the projected seconds (%). */
  freezePct: Num,
  residualLossMeanPct: Num,
  lateLossMeanPct: Num,
  bandwidthMeanKbps: Num,
  bandwidthP95Kbps: Num,
  delta: z.object({ mosMean: Num, mosP5: Num, worstMinuteMos: Num, mouthToEarMeanMs: Num, freezeSeconds: Num, freezePct: Num, bandwidthMeanKbps: Num, residualLossMeanPct: Num }),
})
export type ComparisonRowDto = z.infer<typeof ComparisonRowDto>

/** Projected columns of one configuration, aligned with the stream's `t`. */
export const ProjectionDto = z.object({
  scenarioId: z.string(),
  label: z.string(),
  /** Audio: E-model MOS; video: G.1070-form score. */
  mos: Column,
  mouthToEarMs: Column,
  freezePct: Column,
  bandwidthKbps: Column,
  residualLossPct: Column,
})
export type ProjectionDto = z.infer<typeof ProjectionDto>

export const StreamReplayDto = z.object({
  stream: WhatIfStreamDto,
  /** Why the stream could not be replayed, or null. */
  skipped: z.string().nullable(),
  /** The configuration read from the data (core WhatIfConfig). */
  baselineConfig: z.record(z.string(), z.unknown()).nullable(),
  table: z.array(ComparisonRowDto),
  /** Seconds per point of the columns (1, or more when the call was longer than `maxPoints`). */
  stepSeconds: z.number().int(),
  /** Point times (epoch ms, entry clock offset applied). */
  t: z.array(EpochMs),
  measured: z.object({ lossPct: Column, rttMs: Column, jitterMs: Column, bitrateKbps: Column }),
  /** Baseline first, then the scenarios in the order asked. */
  projections: z.array(ProjectionDto),
})
export type StreamReplayDto = z.infer<typeof StreamReplayDto>

export const SWEEP_NETWORK_PARAMS = ['lossPct', 'burstR', 'rttMs', 'jitterMs', 'availableKbps'] as const
export const SWEEP_CONFIG_PARAMS = ['bitrateKbps', 'jitterBufferMs', 'fecRatio', 'redDistance', 'packetMs', 'deviceLatencyMs', 'fps', 'height'] as const
export const SWEEP_PARAMS = [...SWEEP_NETWORK_PARAMS, ...SWEEP_CONFIG_PARAMS] as const
export const SWEEP_METRICS = ['mos', 'r', 'mouthToEarMs', 'lateLossPct', 'residualLossPct', 'freezePct', 'bandwidthKbps', 'heldHeight', 'heldFps'] as const
export type SweepParam = (typeof SWEEP_PARAMS)[number]

/** The values an axis may take, per parameter. */
export const SWEEP_PARAM_RANGES: Readonly<Record<SweepParam, readonly [number, number]>> = Object.freeze({
  lossPct: [0, 100], burstR: [1, 8], rttMs: [0, 5000], jitterMs: [0, 2000], availableKbps: [1, 100_000],
  bitrateKbps: [4, 50_000], jitterBufferMs: [0, 5000], fecRatio: [0, 1], redDistance: [0, 10], packetMs: [2.5, 120],
  deviceLatencyMs: [0, 2000], fps: [1, 120], height: [90, 4320],
})

export const SweepAxisDto = z.object({
  param: z.enum(SWEEP_PARAMS),
  values: z.array(z.number().finite()).min(1).max(41),
}).strict().superRefine((a, ctx) => {
  const [lo, hi] = SWEEP_PARAM_RANGES[a.param]
  if (a.values.some((v) => v < lo || v > hi)) ctx.addIssue({ code: 'custom', message: `${a.param} values must be ${lo}…${hi}`, path: ['values'] })
})

/** The network point of a sweep (what the axes do not set). */
export const SweepNetworkDto = z.object({
  lossPct: num(0, 100),
  burstR: num(1, 8),
  rttMs: num(0, 5000),
  jitterMs: num(0, 2000),
  availableKbps: num(1, 100_000),
  bitrateKbps: num(4, 50_000),
  jbDelayMs: num(0, 5000),
  fps: num(1, 120),
  width: int(16, 7680),
  height: int(16, 4320),
}).partial().strict()
export type SweepNetworkDto = z.infer<typeof SweepNetworkDto>

export const SweepDto = z.object({
  kind: z.enum(['audio', 'video']),
  /** The stream whose measured medians gave the network point, or null. */
  streamId: z.number().int().nullable(),
  x: z.object({ param: z.enum(SWEEP_PARAMS), values: z.array(z.number()) }),
  y: z.object({ param: z.enum(SWEEP_PARAMS), values: z.array(z.number()) }),
  metric: z.enum(SWEEP_METRICS),
  /** Row-major: values[yi · x.values.length + xi]; null where the metric is undefined. */
  values: Column,
  min: Num,
  max: Num,
  /** The network point used (measured medians of the stream, then the request's values). */
  network: z.record(z.string(), z.number().nullable()),
})
export type SweepDto = z.infer<typeof SweepDto>
