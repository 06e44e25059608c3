/**
 * Archive member names are attacker-controlled: refuse absolute paths, drive letters, `..`
 * segments (zip-slip), NUL bytes and over-long names, and normalise separators. A refused name is
 * reported as a warning naming it; it never reaches the file system.
 */

export type SafePath = { ok: true; path: string } | { ok: false; reason: string }

const MAX_NAME = 1024

export function safeEntryPath(name: string): SafePath {
  if (name.length === 0) return { ok: false, reason: 'empty name' }
  if (name.length > MAX_NAME) return { ok: false, reason: `name longer than ${MAX_NAME} characters` }
  if (name.includes('\0')) return { ok: false, reason: 'NUL byte in the name' }
  const slashed = name.replace(/\\/g, '/')
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) return { ok: false, reason: 'absolute path refused' }
  const parts = slashed.split('/').filter((p) => p !== '' && p !== '.')
  if (parts.some((p) => p === '..')) return { ok: false, reason: '".." in the path refused (zip-slip)' }
  if (parts.length === 0) return { ok: false, reason: 'empty path' }
  return { ok: true, path: parts.join('/') }
}
