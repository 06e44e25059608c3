/** The error every failed API call throws: the contract's typed code, message and details. */
import type { Ref } from 'vue'
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

/**
 * Runs `fn` with `busy` set meanwhile: its result and `error` cleared, or null and its failure in
 * `error` (for actions a panel shows a busy state and an error banner for).
 */
export async function withBusy<T>(busy: Ref<boolean>, error: Ref<ApiError | null>, fn: () => Promise<T>): Promise<T | null> {
  busy.value = true
  try {
    const r = await fn()
    error.value = null
    return r
  } catch (e) {
    error.value = toApiError(e)
    return null
  } finally {
    busy.value = false
  }
}
