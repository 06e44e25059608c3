/** The error every failed API call throws: the contract's typed code, message and details. */
import type { ApiErrorDto, ErrorCode } from '@contract/errors'

export class ApiError extends Error {
  readonly code: ErrorCode
  readonly details: Record<string, unknown> | undefined

  constructor(dto: ApiErrorDto) {
    super(dto.message)
    this.name = 'ApiError'
    this.code = dto.code
    this.details = dto.details
  }
}

/** A plain error object for failures that never reached the main side (network, missing path). */
export function transportError(message: string, code: ErrorCode = 'INTERNAL'): ApiErrorDto {
  return { code, message }
}

/** Any thrown value as an ApiError (unexpected errors become INTERNAL, keeping their message). */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  const message = e instanceof Error ? e.message : String(e)
  return new ApiError({ code: 'INTERNAL', message })
}
