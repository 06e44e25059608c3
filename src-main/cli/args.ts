/**
 * Command-line parsing on top of Node's `util.parseArgs` (strict: an unknown flag is an error that
 * names it, so a typo never silently does something else).
 */
import { parseArgs as nodeParseArgs } from 'node:util'

export interface ParsedArgs {
  positionals: string[]
  flags: Record<string, string | boolean | undefined>
}

export function parseArgs(argv: string[], spec: { boolean?: string[]; string?: string[] }): ParsedArgs {
  const options: Record<string, { type: 'boolean' | 'string' }> = {}
  for (const name of spec.boolean ?? []) options[name] = { type: 'boolean' }
  for (const name of spec.string ?? []) options[name] = { type: 'string' }
  const { values, positionals } = nodeParseArgs({ args: argv, options, allowPositionals: true, strict: true })
  return { positionals, flags: values as Record<string, string | boolean | undefined> }
}

/** A wrong command line (exit code 2), as opposed to work that failed (exit code 1). */
export class UsageError extends Error {}
