/** The one place that maps a contract error code to its localized title key (messages: `errors.*`). */
import type { ErrorCode } from '@contract/errors'

const KNOWN: ReadonlySet<string> = new Set<ErrorCode>([
  'UNKNOWN_METHOD', 'INVALID_INPUT', 'UNAUTHORIZED', 'NOT_FOUND', 'NOT_A_BUNDLE', 'IMPORT_FAILED',
  'CANCELLED', 'CONFLICT', 'BUSY', 'INTERNAL',
])

/** The i18n key of the title for an error code; unknown codes read as INTERNAL. */
export function errorTitleKey(code: string | null | undefined): string {
  return `errors.${code && KNOWN.has(code) ? code : 'INTERNAL'}`
}
