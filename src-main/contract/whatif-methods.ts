/**
 * Methods of what-if analysis on stored cases (issue 6), spread into the method table in
 * methods.ts: presets and codecs, the case's replayable streams, counterfactual replays of stored
 * streams, 2-D sweeps for heatmaps, and scenarios saved with the case.
 */
import { z } from 'zod'
import { Id } from './dto'
import {
  ConfigPatchDto, SWEEP_METRICS, SavedScenarioDto, ScenarioDto, ScenarioId, StreamReplayDto, SweepAxisDto, SweepDto, SweepNetworkDto, WhatIfCatalogDto,
  WhatIfStreamDto,
} from './whatif-dto'

const StreamId = z.number().int().positive()
const PresetId = z.string().min(1).max(80).regex(/^[a-z0-9-]+$/, 'a preset id is lowercase letters, digits and -')

export const whatifMethods = {
  /** The product presets (labels in en/zh, patches per media kind) and the codecs a scenario may choose. */
  'whatif.presets': { input: z.object({}).strict(), output: WhatIfCatalogDto },
  /** The case's audio and video streams, flagged when they can be replayed (a loss series exists). */
  'whatif.streams': { input: z.object({ caseId: Id }).strict(), output: z.array(WhatIfStreamDto) },
  /**
   * Replays stored streams of a case, second by second, under the baseline read from the data and
   * each scenario (the given ones, then the presets asked for): comparison table with deltas and the
   * projected columns over time (at most `maxPoints` points per column: seconds are averaged beyond).
   */
  'whatif.replay': {
    input: z.object({
      caseId: Id,
      streamIds: z.array(StreamId).min(1).max(8),
      scenarios: z.array(ScenarioDto).max(20).default([]),
      presets: z.array(PresetId).max(10).default([]),
      maxPoints: z.number().int().min(50).max(20_000).default(4000),
    }).strict().refine((i) => new Set(i.scenarios.map((s) => s.id)).size === i.scenarios.length, 'scenario ids must be unique'),
    output: z.array(StreamReplayDto),
  },
  /**
   * A metric over a grid of two parameters (≤ 41 values each) for one configuration and network point.
   * With `caseId` + `streamId` the kind, the baseline configuration and the network point come from
   * that stream's measured medians; `network` then overrides single values.
   */
  'whatif.sweep': {
    input: z.object({
      caseId: Id.optional(),
      streamId: StreamId.optional(),
      kind: z.enum(['audio', 'video']).default('audio'),
      x: SweepAxisDto,
      y: SweepAxisDto,
      metric: z.enum(SWEEP_METRICS).default('mos'),
      /** Applied to the base configuration (the stream's baseline, else the defaults). */
      patch: ConfigPatchDto.default({}),
      network: SweepNetworkDto.default({}),
    }).strict()
      .refine((i) => i.x.param !== i.y.param, 'the two axes must differ')
      .refine((i) => (i.streamId === undefined) === (i.caseId === undefined), 'caseId and streamId go together'),
    output: SweepDto,
  },
  /** The scenarios saved with the case, oldest first. */
  'whatif.listScenarios': { input: z.object({ caseId: Id }).strict(), output: z.array(SavedScenarioDto) },
  /** Saves a scenario with the case (a new one, or replacing the one with the same id). At most 100 per case. */
  'whatif.saveScenario': { input: z.object({ caseId: Id, scenario: ScenarioDto }).strict(), output: SavedScenarioDto },
  'whatif.deleteScenario': { input: z.object({ caseId: Id, scenarioId: ScenarioId }).strict(), output: z.null() },
} as const satisfies Record<string, { input: z.ZodTypeAny; output: z.ZodTypeAny }>
