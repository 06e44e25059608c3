/**
 * Static analysis of record-regex sources, for speed: named groups are turned into plain numbered
 * groups (no `groups` object per exec) with a name -> index map, and the first character an anchored
 * regex requires is found so most non-matching lines are rejected with one charCodeAt.
 */

/** A regex source without group names, and where each name was. */
export interface IndexedRegex {
  source: string
  /** Group name -> capture index (1-based, as in the exec array). */
  index: Map<string, number>
  /** Number of capturing groups. */
  groupCount: number
}

/**
 * Rewrites `(?<name>...)` into `(...)`. Throws on `\k<name>` back-references (they would break)
 * and on duplicate names. With `keep`, named groups not in it become non-capturing `(?:...)`: a
 * capture nobody reads would still cost a substring per match.
 */
export function indexNamedGroups(source: string, keep?: ReadonlySet<string>): IndexedRegex {
  if (source.includes('\\k<')) throw new Error('named back-references (\\k<name>) are not supported in record patterns')
  const index = new Map<string, number>()
  const seen = new Set<string>()
  let out = ''
  let count = 0
  let inClass = false
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!
    if (c === '\\') { out += c + (source[i + 1] ?? ''); i++; continue }
    if (inClass) { if (c === ']') inClass = false; out += c; continue }
    if (c === '[') { inClass = true; out += c; continue }
    if (c !== '(') { out += c; continue }
    if (source[i + 1] !== '?') { count++; out += c; continue }
    const named = /^\(\?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(source.slice(i, i + 64))
    if (named) {
      count++
      const name = named[1]!
      if (index.has(name) || seen.has(name)) throw new Error(`group "${name}" is defined twice`)
      seen.add(name)
      if (keep && !keep.has(name)) {
        count--
        out += '(?:'
        i += named[0].length - 1
        continue
      }
      index.set(name, count)
      out += '('
      i += named[0].length - 1
      continue
    }
    out += c
  }
  return { source: out, index, groupCount: count }
}

/** What the first character of a matching line must be, when the regex tells. */
export type FirstChar = { kind: 'char'; code: number } | { kind: 'digit' } | null

const META = '.[](){}*+?|^$\\/'

/** The required first character of a `^`-anchored regex, or null when it cannot be decided simply. */
export function requiredFirstChar(source: string): FirstChar {
  if (!source.startsWith('^')) return null
  let atom: FirstChar
  let len: number
  const c = source[1]
  if (c === undefined) return null
  if (c === '\\') {
    const e = source[2]
    if (e === undefined) return null
    if (e === 'd') atom = { kind: 'digit' }
    else if (!/[A-Za-z0-9]/.test(e)) atom = { kind: 'char', code: e.charCodeAt(0) }
    else return null
    len = 3
  } else if (!META.includes(c)) {
    atom = { kind: 'char', code: c.charCodeAt(0) }
    len = 2
  } else return null
  const next = source[len]
  // A quantifier that allows zero repetitions (or alternation at top level) makes the atom optional.
  if (next === '?' || next === '*' || next === '|' || (next === '{' && source[len + 1] === '0')) return null
  if (source.includes('|') && hasTopLevelAlternation(source)) return null
  return atom
}

/** True when the regex source has a `|` outside any group or class. */
export function hasTopLevelAlternation(source: string): boolean {
  let depth = 0
  let inClass = false
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c === '\\') { i++; continue }
    if (inClass) { if (c === ']') inClass = false; continue }
    if (c === '[') inClass = true
    else if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === '|' && depth === 0) return true
  }
  return false
}

/** True when `line` can start a match according to `fc`. */
export function firstCharOk(fc: FirstChar, line: string): boolean {
  if (fc === null) return true
  const code = line.charCodeAt(0)
  return fc.kind === 'char' ? code === fc.code : code >= 48 && code <= 57
}

/** Escapes text for literal use inside a regex. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
