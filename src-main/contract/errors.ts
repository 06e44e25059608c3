/**
 * Errors travel as data: every call returns a Reply, never a rejected promise, so both transports
 * (Electron IPC, which keeps only an error's message, and HTTP) carry the same typed code.
 */
import { z } from 'zod'
import { ERROR_CODES, type ErrorData } from './domain-error'

export { DomainError, ERROR_CODES, type ErrorCode } from './domain-error'

export const ApiErrorDto = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Extra facts for the UI (e.g. the file that was not a dump). JSON-safe. */
  details: z.record(z.string(), z.unknown()).optional(),
})
export type ApiErrorDto = z.infer<typeof ApiErrorDto>

export type Reply<T> = { ok: true; value: T } | { ok: false; error: ApiErrorDto }

// The wire schema and the error's own shape must stay the same type.
const sameShape: [ApiErrorDto, ErrorData] extends [ErrorData, ApiErrorDto] ? true : never = true
void sameShape
