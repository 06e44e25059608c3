/** The workbench version, read from package.json at run time (one source of truth). */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { appRoot } from './paths'

export function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return '0.0.0'
  }
}
