/**
 * Enumerates the entries of a bundle on disk: a single file, a folder (walked recursively), or an
 * archive (zip, tar, tar.gz), recognised by content. Archives are extracted into a private staging
 * folder under budget (decompression-bomb limits); an archive found inside the bundle is expanded
 * too, one level deep (deeper ones are listed as they are, with a warning). Symbolic links are
 * refused, never followed. Gzip-compressed entries open as a stream of their decompressed bytes.
 * `dispose()` removes the staging folder.
 */
import { createReadStream } from 'node:fs'
import { lstat, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join, relative, sep } from 'node:path'
import { type Readable, pipeline } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { Diagnostic } from '../core/model/call'
import { DEFAULT_LIMITS, ExtractBudget, type ExtractLimits } from './archive/extract-limits'
import { extractTar } from './archive/extract-tar'
import { extractZip } from './archive/extract-zip'
import { type ContainerKind, sniffContainer } from './archive/sniff-container'
import { limitBytes } from './limits'

/** One entry of a bundle. */
export interface EntrySource {
  /** Path inside the bundle, with forward slashes (an archive's members under `<archive>/`). */
  path: string
  /** Size on disk (compressed size for .gz). */
  sizeBytes: number
  /** When the file was last written (an archive member: when the archive was), epoch ms. */
  mtimeMs?: number
  /** Opens the entry's (decompressed) content. */
  open(): Readable
  /**
   * The file on disk holding exactly the entry's bytes, when there is one (a plain file, or an
   * archive member extracted to staging; not a gzip stream): it can then be read at any offset.
   */
  file?: string
}

export interface BundleListing {
  name: string
  entries: EntrySource[]
  diagnostics: Diagnostic[]
  sizeBytes: number
  dispose(): Promise<void>
}

export interface ListOptions { limits?: ExtractLimits; stagingRoot?: string }

const MAX_DEPTH = 8
/** Archives inside archives are expanded down to this nesting level (0 = the bundle itself). */
const MAX_ARCHIVE_NESTING = 1

interface Walk {
  entries: EntrySource[]
  diagnostics: Diagnostic[]
  budget: ExtractBudget
  staging: () => Promise<string>
}

/** Lists the entries of the file, folder or archive at `path`. Throws only when `path` itself is unreadable. */
export async function listBundle(path: string, opts: ListOptions = {}): Promise<BundleListing> {
  const st = await lstat(path)
  if (st.isSymbolicLink()) throw Object.assign(new Error(`${path} is a symbolic link; open its target instead`), { code: 'SYMLINK' })
  let stagingDir: string | null = null
  let stagingCount = 0
  const walk: Walk = {
    entries: [], diagnostics: [], budget: new ExtractBudget(opts.limits ?? DEFAULT_LIMITS),
    staging: async () => {
      stagingDir ??= await mkdtemp(join(opts.stagingRoot ?? tmpdir(), 'rtcwb-bundle-'))
      const dir = join(stagingDir, String(stagingCount++))
      await mkdir(dir)
      return dir
    },
  }
  const dispose = async () => {
    if (stagingDir) await rm(stagingDir, { recursive: true, force: true })
  }
  try {
    if (st.isDirectory()) await walkFolder(path, path, '', 0, 0, walk, null)
    else await addFile(path, basename(path), st.size, st.mtimeMs, 0, walk, true)
  } catch (e) {
    await dispose()
    throw e
  }
  return { name: basename(path), entries: walk.entries, diagnostics: walk.diagnostics, sizeBytes: st.size > 0 && !st.isDirectory() ? st.size : walk.entries.reduce((a, e) => a + e.sizeBytes, 0), dispose }
}

/** `archiveMtimeMs`: members extracted from an archive take the archive's time, not the extraction's. */
async function walkFolder(root: string, dir: string, prefix: string, depth: number, nesting: number, w: Walk, archiveMtimeMs: number | null): Promise<void> {
  if (depth > MAX_DEPTH) {
    w.diagnostics.push({ severity: 'warning', path: prefix + rel(root, dir), message: `folder nested deeper than ${MAX_DEPTH} levels; not read` })
    return
  }
  for (const name of (await readdir(dir)).sort()) {
    const full = join(dir, name)
    const st = await lstat(full)
    const path = prefix + rel(root, full)
    if (st.isSymbolicLink()) w.diagnostics.push({ severity: 'warning', path, message: `${path}: symbolic link refused (not followed)` })
    else if (st.isDirectory()) await walkFolder(root, full, prefix, depth + 1, nesting, w, archiveMtimeMs)
    else if (st.isFile()) {
      if (w.entries.length >= w.budget.limits.maxEntries) {
        w.diagnostics.push({ severity: 'warning', path, message: `more than ${w.budget.limits.maxEntries} files; the rest are not read` })
        return
      }
      await addFile(full, path, st.size, archiveMtimeMs ?? st.mtimeMs, nesting, w, false)
    }
  }
}

/** Adds a plain file as an entry, or expands it when it is an archive and nesting allows. */
async function addFile(full: string, path: string, size: number, mtimeMs: number, nesting: number, w: Walk, isBundleItself: boolean): Promise<void> {
  const kind = await sniffContainer(full)
  if (kind === 'zip' || kind === 'tar' || kind === 'tar.gz') {
    if (nesting > MAX_ARCHIVE_NESTING) {
      w.diagnostics.push({ severity: 'warning', path, message: `${path}: archive nested more than ${MAX_ARCHIVE_NESTING} level deep; not expanded` })
      w.entries.push(fileEntry(full, path, size, mtimeMs, 'plain'))
      return
    }
    const dest = await w.staging()
    const label = path
    if (kind === 'zip') await extractZip(full, label, size, dest, w.budget, w.diagnostics)
    else await extractTar(full, label, size, dest, w.budget, w.diagnostics)
    // Members of the bundle archive itself are named plainly; members of a nested archive under its name.
    await walkFolder(dest, dest, isBundleItself ? '' : `${path}/`, 0, nesting + 1, w, mtimeMs)
    return
  }
  w.entries.push(fileEntry(full, path, size, mtimeMs, kind))
}

function rel(root: string, full: string): string {
  return relative(root, full).split(sep).join('/')
}

function fileEntry(full: string, path: string, sizeBytes: number, mtimeMs: number, kind: ContainerKind): EntrySource {
  if (kind !== 'gzip') return { path, sizeBytes, mtimeMs, open: () => createReadStream(full), file: full }
  return {
    path: path.replace(/\.(gz|gzip)$/i, '') || path,
    sizeBytes,
    mtimeMs,
    // pipeline (not .pipe) so a corrupt or truncated gzip fails the stream being read, not the process.
    open: () => pipeline(createReadStream(full), createGunzip(), limitBytes(DEFAULT_LIMITS.maxEntryBytes, path), () => undefined),
  }
}
