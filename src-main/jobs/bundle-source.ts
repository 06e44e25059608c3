/**
 * Enumerates the entries of a bundle on disk: a single file (gzip-compressed or not) or a folder
 * (walked recursively; symbolic links are refused, not followed). Each entry opens as a stream of
 * its decompressed bytes. Archives (zip, tar) plug in here too.
 */
import { createReadStream } from 'node:fs'
import { lstat, open, readdir } from 'node:fs/promises'
import { basename, join, relative, sep } from 'node:path'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { Diagnostic } from '../core/model/call'
import { limitBytes } from './limits'

/** One entry of a bundle. */
export interface EntrySource {
  /** Path inside the bundle, with forward slashes. */
  path: string
  /** Size on disk (compressed size for .gz). */
  sizeBytes: number
  /** Opens the entry's (decompressed) content. */
  open(): Readable
}

export interface BundleListing { name: string; entries: EntrySource[]; diagnostics: Diagnostic[]; sizeBytes: number }

const MAX_DEPTH = 8
const MAX_ENTRIES = 10_000
/** A decompressed entry may not exceed this (zip-bomb guard); research shows real bundles are < 2 GiB. */
export const MAX_ENTRY_BYTES = 4 * 1024 ** 3

/** Lists the entries of the file or folder at `path`. Throws only when `path` itself is unreadable. */
export async function listBundle(path: string): Promise<BundleListing> {
  const st = await lstat(path)
  const diagnostics: Diagnostic[] = []
  if (st.isSymbolicLink()) throw Object.assign(new Error(`${path} is a symbolic link; open its target instead`), { code: 'SYMLINK' })
  if (st.isDirectory()) {
    const entries: EntrySource[] = []
    await walk(path, path, 0, entries, diagnostics)
    return { name: basename(path), entries, diagnostics, sizeBytes: entries.reduce((a, e) => a + e.sizeBytes, 0) }
  }
  return { name: basename(path), entries: [await fileEntry(path, basename(path), st.size)], diagnostics, sizeBytes: st.size }
}

async function walk(root: string, dir: string, depth: number, out: EntrySource[], diagnostics: Diagnostic[]): Promise<void> {
  if (depth > MAX_DEPTH) {
    diagnostics.push({ severity: 'warning', path: rel(root, dir), message: `folder nested deeper than ${MAX_DEPTH} levels; not read` })
    return
  }
  const names = (await readdir(dir)).sort()
  for (const name of names) {
    const full = join(dir, name)
    const st = await lstat(full)
    if (st.isSymbolicLink()) {
      diagnostics.push({ severity: 'warning', path: rel(root, full), message: 'symbolic link refused (not followed)' })
    } else if (st.isDirectory()) {
      await walk(root, full, depth + 1, out, diagnostics)
    } else if (st.isFile()) {
      if (out.length >= MAX_ENTRIES) {
        diagnostics.push({ severity: 'warning', path: rel(root, full), message: `more than ${MAX_ENTRIES} files; the rest are not read` })
        return
      }
      out.push(await fileEntry(full, rel(root, full), st.size))
    }
  }
}

function rel(root: string, full: string): string {
  return relative(root, full).split(sep).join('/')
}

async function fileEntry(full: string, path: string, sizeBytes: number): Promise<EntrySource> {
  const isGzip = await startsWith(full, [0x1f, 0x8b])
  if (!isGzip) return { path, sizeBytes, open: () => createReadStream(full) }
  return {
    path: path.replace(/\.(gz|gzip)$/i, '') || path,
    sizeBytes,
    open: () => createReadStream(full).pipe(createGunzip()).pipe(limitBytes(MAX_ENTRY_BYTES, path)),
  }
}

async function startsWith(file: string, magic: number[]): Promise<boolean> {
  const fh = await open(file, 'r')
  try {
    const buf = Buffer.alloc(magic.length)
    const { bytesRead } = await fh.read(buf, 0, magic.length, 0)
    return bytesRead === magic.length && magic.every((b, i) => buf[i] === b)
  } finally {
    await fh.close()
  }
}
