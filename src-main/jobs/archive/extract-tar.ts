/**
 * Extracts a tar or tar.gz archive into a staging folder with the npm `tar` stream parser, writing
 * each member ourselves so every one passes our rules first: only regular files (links and devices
 * refused), safe relative names, declared sizes within the bundle's budget (a tar member's bytes
 * must really be in the stream, so its declared size is what gets written). A truncated or corrupt
 * archive becomes a diagnostic naming it; members completed before the damage are kept, a member
 * cut short is removed.
 */
import { createReadStream, createWriteStream, mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Parser, type ReadEntry } from 'tar'
import type { Diagnostic } from '../../core/model/call'
import { BombError, type ExtractBudget } from './extract-limits'
import { safeEntryPath } from './safe-entry-path'

const REGULAR = new Set(['File', 'OldFile', 'ContiguousFile'])

export async function extractTar(file: string, label: string, sizeBytes: number, dest: string, budget: ExtractBudget, diagnostics: Diagnostic[]): Promise<void> {
  let written = 0
  let stopped: string | null = null
  const members = new Map<string, { size: number; done: Promise<number> }>()
  const warn = (member: string, message: string) => diagnostics.push({ severity: 'warning', path: `${label}/${member}`, message: `${label}: ${member}: ${message}` })

  const accept = (entry: ReadEntry): string | null => {
    if (stopped || entry.type === 'Directory') return null
    if (!REGULAR.has(entry.type)) {
      warn(entry.path, `${entry.type} member refused (only regular files are read)`)
      return null
    }
    const safe = safeEntryPath(entry.path)
    if (!safe.ok) {
      warn(entry.path, `${safe.reason}; member not extracted`)
      return null
    }
    if (members.has(safe.path)) {
      warn(safe.path, 'a member of the same name was already extracted; this one is skipped')
      return null
    }
    try {
      budget.addEntry(label)
      written += entry.size
      budget.addBytes(entry.size, label, safe.path, entry.size, sizeBytes, written)
    } catch (e) {
      if (!(e instanceof BombError)) throw e
      if (entry.size > budget.limits.maxEntryBytes) warn(safe.path, e.message)
      else stopped = `${e.message}; extraction of ${label} stopped at ${safe.path}`
      return null
    }
    return safe.path
  }

  const parser = new Parser({
    strict: false,
    onwarn: (_code, message) => diagnostics.push({ severity: 'warning', path: label, message: `${label}: ${String(message)}` }),
    onReadEntry: (entry) => {
      const path = accept(entry)
      if (!path) {
        entry.resume()
        return
      }
      const target = join(dest, path)
      mkdirSync(dirname(target), { recursive: true })
      let count = 0
      entry.on('data', (c: Buffer) => (count += c.length))
      const done = new Promise<number>((resolve) => {
        const out = createWriteStream(target, { flags: 'wx' })
        out.on('close', () => resolve(count))
        out.on('error', () => resolve(-1))
        entry.pipe(out)
      })
      members.set(path, { size: entry.size, done })
    },
  })
  try {
    await pipeline(createReadStream(file), parser)
  } catch (e) {
    diagnostics.push({ severity: 'error', path: label, message: `${label}: not a readable tar archive (${(e as Error).message})` })
  }
  parser.abort?.(new Error('extraction finished'))
  if (stopped) diagnostics.push({ severity: 'error', path: label, message: stopped })
  await removeCutMembers(dest, members, warn)
}

/** A member the archive ended in the middle of is removed: a half file must not be read as a whole one. */
async function removeCutMembers(dest: string, members: Map<string, { size: number; done: Promise<number> }>, warn: (member: string, message: string) => void): Promise<void> {
  for (const [path, m] of members) {
    // A member whose bytes stopped arriving never ends its stream: wait briefly, then judge by bytes seen.
    const got = await Promise.race([m.done, new Promise<null>((r) => setTimeout(() => r(null), 50))])
    if (got === m.size) continue
    rmSync(join(dest, path), { force: true })
    warn(path, `cut short by the end of the archive (${m.size} bytes declared); not read`)
  }
}
