/** Events pushed from the main side to every renderer (IPC send, or SSE over HTTP). */
import { z } from 'zod'
import { ApiErrorDto } from './errors'
import { Id, ImportResultDto, JobDto } from './dto'

export const events = {
  /** Throttled to ≤ 10 per second per job; the last one always arrives. */
  'job.progress': JobDto,
  'job.finished': z.object({
    jobId: Id,
    state: z.enum(['done', 'failed', 'cancelled']),
    result: ImportResultDto.optional(),
    error: ApiErrorDto.optional(),
  }),
  'case.updated': z.object({ caseId: Id }),
  /** A case's annotations (or their history) changed: annotation views reload; timelines need not. */
  'annotations.changed': z.object({ caseId: Id }),
} as const satisfies Record<string, z.ZodTypeAny>

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.output<Events[E]>
