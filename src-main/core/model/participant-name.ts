/**
 * Readable participant names for the entries of one bundle, from what the entry says about its
 * owner (rtcstats identity, a client or user id in its meta) or else from its path: an Agora-style
 * `uid_1234` anywhere gives "uid 1234"; a file named after its owner ("alice-webrtc-internals.txt")
 * gives the owner; a generic file name ("webrtc_internals_dump (3).txt", "agorasdk.1.log") takes the
 * nearest folder that is not generic itself ("alice/", "bob.zip/"), or else the folder or archive
 * imported; otherwise the file's base name without extensions. Two different files of one format in one folder never share a derived name
 * (each keeps its own base name then), while an SDK's rotated logs ("agorasdk.log", "agorasdk.1.log") do.
 */
import type { Scalar } from './call'

export interface NamedEntryInput {
  /** The entry's path inside the bundle, `/`-separated (e.g. `alice/webrtc_internals_dump (3).txt`). */
  path: string
  /** The parsed format, e.g. `webrtc-internals/standard`; entries of one family (`webrtc-internals`) are compared. */
  format: string
  meta: Record<string, Scalar>
}

export type NameBasis = 'meta' | 'uid' | 'file' | 'folder' | 'fallback'

export interface ParticipantGuess {
  name: string
  basis: NameBasis
}

/** Meta keys that name the entry's owner, best first (rtcstats identity records, SDK client/user ids). */
const META_KEYS = ['participant', 'identity.displayName', 'identity.userId', 'identity.endpointId', 'identity.user', 'clientId', 'userId', 'uid']

/** Words that only say what kind of file or folder this is, never whose. */
const FORMAT_WORDS = new Set([
  'webrtc', 'internals', 'internal', 'dump', 'dumps', 'rtcstats', 'stats', 'getstats', 'agorasdk', 'agoraapi', 'agora', 'iris',
  'sdk', 'api', 'log', 'logs', 'logcat', 'pcap', 'pcapng', 'capture', 'captures', 'trace', 'traces',
])
/** Folder names that group files rather than name a person. */
const GENERIC_FOLDERS = new Set([
  'bundle', 'bundles', 'files', 'file', 'data', 'tmp', 'temp', 'export', 'exports', 'download', 'downloads', 'attachments',
  'upload', 'uploads', '__macosx', '.', '..', 'client', 'clients', 'server', 'output', 'out', 'raw',
])

const FILE_EXT = /\.(txt|json|jsonl|ndjson|log|gz|gzip|pcapng|pcap|cap|bak|old|out|csv)$/i
const ARCHIVE_EXT = /\.(zip|tgz|tar\.gz|tar|gz|7z|rar)$/i
/** `agorasdk.1` (a rotated log's index), not the last part of a version such as `4.2.2`. */
const ROTATION = /(?<![\d.])\.\d{1,2}$/
const COPY_SUFFIX = /\s*\(\d+\)$/
const UID = /(?:^|[^a-z0-9])uid[\s_-]*(\d+)(?![0-9])/i
/** A token that is a number, a date, a time or a date-time (`20240501`, `01T10`, `2024`). */
const NUMERIC = /^\d+([tT]\d+)?$/
const VERSION_OR_BROWSER = /^(\d|(chrome|firefox|safari|edge|opera)\d)/i

/** `webrtc_internals_dump (3).txt` -> `webrtc_internals_dump (3)`; `agorasdk.1.log` -> `agorasdk`. */
export function fileStem(file: string): string {
  let s = file
  for (let i = 0; i < 4 && FILE_EXT.test(s) && s.replace(FILE_EXT, '') !== ''; i++) s = s.replace(FILE_EXT, '')
  if (ROTATION.test(s) && s.replace(ROTATION, '') !== '') s = s.replace(ROTATION, '')
  return s
}

function isFormatOrNumber(token: string): boolean {
  return FORMAT_WORDS.has(token.toLowerCase()) || NUMERIC.test(token)
}

/**
 * The owner part of a file or folder name: trailing format words (and the dates or numbers among
 * them) removed, e.g. `alice-webrtc-internals` -> `alice`, `bob_rtcstats_dump_20240501` -> `bob`.
 * Empty when the name is generic (only format words, numbers and a copy suffix).
 */
export function ownerPart(name: string): { owner: string; stripped: boolean } {
  const base = name.replace(COPY_SUFFIX, '').trim()
  const parts = base.split(/([-_.\s]+)/)
  const tokens = parts.filter((_, i) => i % 2 === 0)
  if (tokens.every((t) => t === '' || isFormatOrNumber(t))) return { owner: '', stripped: true }
  let end = tokens.length
  let sawFormat = false
  while (end > 0 && isFormatOrNumber(tokens[end - 1]!)) {
    if (!NUMERIC.test(tokens[end - 1]!)) sawFormat = true
    end--
  }
  if (!sawFormat || end === tokens.length) return { owner: base, stripped: false }
  const owner = parts.slice(0, end * 2 - 1).join('')
  return { owner, stripped: true }
}

function uidOf(text: string): string | null {
  const m = UID.exec(text)
  return m ? `uid ${m[1]}` : null
}

function metaName(meta: Record<string, Scalar>): string | null {
  for (const key of META_KEYS) {
    const v = meta[key]
    if (typeof v === 'number' && Number.isFinite(v)) return key === 'uid' ? `uid ${v}` : String(v)
    if (typeof v === 'string' && v.trim() !== '') {
      const text = v.trim()
      return key === 'uid' && /^\d+$/.test(text) ? `uid ${text}` : text
    }
  }
  return null
}

/** The name a folder gives its files, or null when the folder is generic (`logs`, `dumps`, `2024-05-01`). */
function folderName(folder: string): string | null {
  const name = folder.replace(ARCHIVE_EXT, '')
  const uid = uidOf(name)
  if (uid) return uid
  if (GENERIC_FOLDERS.has(name.toLowerCase())) return null
  const { owner } = ownerPart(name)
  return owner === '' ? null : owner
}

/**
 * One entry's participant, without looking at the other entries of the bundle. `container` is the
 * name of the folder or archive the bundle was (`alice`, `alice_logs.zip`): it names the files whose
 * own name and folders say nothing, as when each person's folder is imported on its own.
 */
export function guessParticipant(path: string, meta: Record<string, Scalar> = {}, container?: string): ParticipantGuess {
  const segments = path.split(/[\\/]+/).filter((s) => s !== '')
  const file = segments.pop() ?? path
  const stem = fileStem(file)
  const fallback: ParticipantGuess = { name: stem || file || path, basis: 'fallback' }
  const fromMeta = metaName(meta)
  if (fromMeta) return { name: fromMeta, basis: 'meta' }
  const fileUid = uidOf(stem)
  if (fileUid) return { name: fileUid, basis: 'uid' }
  const { owner, stripped } = ownerPart(stem)
  // "alice-webrtc-internals": a format word after a name says whose file it is.
  if (owner !== '' && stripped && !VERSION_OR_BROWSER.test(owner)) return { name: owner, basis: 'file' }
  // A file name that says something ("chrome86-2pc-interview") beats the bundle's name, not a folder's.
  const folders = owner === '' && container ? [container, ...segments] : segments
  for (const folder of [...folders].reverse()) {
    const name = folderName(folder)
    if (name) return { name, basis: name.startsWith('uid ') ? 'uid' : 'folder' }
  }
  return fallback
}

/** The family of a format: `webrtc-internals/standard` -> `webrtc-internals`. */
function family(format: string): string {
  return format.split('/')[0] ?? format
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/')
  return i < 0 ? '' : path.slice(0, i)
}

/**
 * Participant names for all entries of one bundle, in order. A name derived from a folder or a file
 * name is given up (for the file's own base name) where it would merge two different files of the
 * same format family in the same folder: those are two people (or two sessions), not one.
 */
export function participantNames(entries: readonly NamedEntryInput[], container?: string): string[] {
  const guesses = entries.map((e) => guessParticipant(e.path, e.meta, container))
  const names = guesses.map((g) => g.name)
  const groups = new Map<string, number[]>()
  entries.forEach((e, i) => {
    const g = guesses[i]!
    if (g.basis !== 'folder' && g.basis !== 'file') return
    if (e.format === 'unknown' || e.format === 'unreadable') return
    const key = `${g.name}\u0000${family(e.format)}\u0000${dirOf(e.path)}`
    groups.set(key, [...(groups.get(key) ?? []), i])
  })
  for (const members of groups.values()) {
    const stems = new Set(members.map((i) => fileStem(entries[i]!.path.split('/').pop() ?? '')))
    if (stems.size < 2) continue
    for (const i of members) names[i] = fileStem(entries[i]!.path.split('/').pop() ?? '') || entries[i]!.path
  }
  return names
}
