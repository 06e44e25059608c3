/**
 * Extracts a zip archive (yauzl) into a staging folder, member by member. Hostile members are
 * refused with a warning naming them and the rest still extracts: zip-slip and absolute names,
 * symbolic links, encrypted members, oversize or bomb-like members. A truncated or corrupt archive
 * yields an error diagnostic for what could not be read.
 */
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Readable } from 'node:stream'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import type { Diagnostic } from '../../core/model/call'
import { BombError, type ExtractBudget } from './extract-limits'
import { safeEntryPath } from './safe-entry-path'
import { type ArchiveTally, writeMember } from './write-member'

const S_IFMT = 0o170000
const S_IFLNK = 0o120000

export async function extractZip(file: string, label: string, sizeBytes: number, dest: string, budget: ExtractBudget, diagnostics: Diagnostic[]): Promise<void> {
  let zip: ZipFile
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, decodeStrings: false, autoClose: false, validateEntrySizes: true })
  } catch (e) {
    diagnostics.push({ severity: 'error', path: label, message: `${label}: not a readable zip archive (${(e as Error).message})` })
    return
  }
  const tally: ArchiveTally = { name: label, bytes: sizeBytes, written: 0 }
  const warn = (member: string, message: string) => diagnostics.push({ severity: 'warning', path: `${label}/${member}`, message: `${label}: ${member}: ${message}` })
  try {
    for (;;) {
      let entry: Entry | null
      try {
        entry = await nextEntry(zip)
      } catch (e) {
        diagnostics.push({ severity: 'error', path: label, message: `${label}: archive is truncated or corrupt after ${tally.written} bytes (${(e as Error).message}); the members before it were kept` })
        return
      }
      if (!entry) return
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false)
      if (name.endsWith('/') || name.endsWith('\\')) continue
      const safe = safeEntryPath(name)
      if (!safe.ok) {
        warn(name, `${safe.reason}; member not extracted`)
        continue
      }
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
        warn(safe.path, 'symbolic link refused (not followed)')
        continue
      }
      if (entry.generalPurposeBitFlag & 1) {
        warn(safe.path, 'encrypted zip member; cannot be read without its password')
        continue
      }
      if (entry.uncompressedSize > budget.limits.maxEntryBytes) {
        warn(safe.path, `declares ${entry.uncompressedSize} bytes, over the ${budget.limits.maxEntryBytes}-byte member limit; refused`)
        continue
      }
      try {
        budget.addEntry(label)
        const target = join(dest, safe.path)
        mkdirSync(dirname(target), { recursive: true })
        await writeMember(await openStream(zip, entry), target, budget, tally, safe.path)
      } catch (e) {
        if (e instanceof BombError) {
          diagnostics.push({ severity: 'error', path: label, message: `${e.message}; extraction of ${label} stopped at ${safe.path}` })
          return
        }
        const code = (e as NodeJS.ErrnoException).code
        warn(safe.path, code === 'EEXIST' ? 'a member of the same name was already extracted; this one is skipped' : `unreadable member (${(e as Error).message})`)
      }
    }
  } finally {
    zip.close()
  }
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: Entry) => done(() => resolve(e))
    const onEnd = () => done(() => resolve(null))
    const onError = (err: Error) => done(() => reject(err))
    const done = (fn: () => void) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError)
      fn()
    }
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError)
    zip.readEntry()
  })
}

function openStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(err ?? new Error('no stream')) : resolve(stream))))
}
