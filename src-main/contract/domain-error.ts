/**
 * The error codes and the error that services and jobs throw, without the contract's zod schemas:
 * the parse worker imports this, and loading zod cost its every cold start ~75 ms (measured).
 * `errors.ts` builds the wire schema from the same codes.
 */

export const ERROR_CODES = [
  'UNKNOWN_METHOD', 'INVALID_INPUT', 'UNAUTHORIZED', 'NOT_FOUND', 'NOT_A_BUNDLE', 'IMPORT_FAILED',
  'CANCELLED', 'CONFLICT', 'BUSY', 'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** An error as it travels (the shape `ApiErrorDto` in errors.ts validates). */
export interface ErrorData {
  code: ErrorCode
  message: string
  /** Extra facts for the UI (e.g. the file that was not a dump). JSON-safe. */
  details?: Record<string, unknown>
}

/** Thrown by services and jobs for expected failures; the dispatcher turns it into `{ ok: false, error }`. */
export class DomainError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly details?: Record<string, unknown>) {
    super(message)
    this.name = 'DomainError'
  }

  toDto(): ErrorData {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message }
  }
}
