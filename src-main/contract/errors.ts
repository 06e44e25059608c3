/**
 * Errors travel as data: every call returns a Reply, never a rejected promise, so both transports
 * (Electron IPC, which keeps only an error's message, and HTTP) carry the same typed code.
 */
import { z } from 'zod'

export const ERROR_CODES = [
  'UNKNOWN_METHOD', 'INVALID_INPUT', 'UNAUTHORIZED', 'NOT_FOUND', 'NOT_A_BUNDLE', 'IMPORT_FAILED',
  'CANCELLED', 'CONFLICT', 'BUSY', 'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export const ApiErrorDto = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Extra facts for the UI (e.g. the file that was not a dump). JSON-safe. */
  details: z.record(z.string(), z.unknown()).optional(),
})
export type ApiErrorDto = z.infer<typeof ApiErrorDto>

export type Reply<T> = { ok: true; value: T } | { ok: false; error: ApiErrorDto }

/** Thrown by services and jobs for expected failures; the dispatcher turns it into `{ ok: false, error }`. */
export class DomainError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly details?: Record<string, unknown>) {
    super(message)
    this.name = 'DomainError'
  }

  toDto(): ApiErrorDto {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message }
  }
}
