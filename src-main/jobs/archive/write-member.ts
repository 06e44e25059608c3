/**
 * Writes one archive member's bytes to a file in the staging folder, counting them against the
 * bundle's budget as they flow (declared sizes are not trusted). A member that fails half-way is removed.
 */
import { createWriteStream, rmSync } from 'node:fs'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ExtractBudget } from './extract-limits'

export interface ArchiveTally { name: string; bytes: number; written: number }

export async function writeMember(source: Readable, target: string, budget: ExtractBudget, archive: ArchiveTally, member: string): Promise<number> {
  let memberBytes = 0
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      memberBytes += chunk.length
      archive.written += chunk.length
      try {
        budget.addBytes(chunk.length, archive.name, member, memberBytes, archive.bytes, archive.written)
        done(null, chunk)
      } catch (e) {
        done(e as Error)
      }
    },
  })
  try {
    await pipeline(source, count, createWriteStream(target, { flags: 'wx' }))
  } catch (e) {
    // A member refused half-way (bomb, corrupt data) must not be read as if it were whole.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') rmSync(target, { force: true })
    throw e
  }
  return memberBytes
}
