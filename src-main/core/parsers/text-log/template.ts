/**
 * Message/data templates of extractors: literal text with `{group}` or `{group:filter}` references.
 * Filters: `number`, `lower`, `upper`, `trim`, or the name of a lookup table (value -> text, with an
 * optional `*` default; a value missing from the table is kept as is). A missing group renders as ''.
 */
import type { Scalar } from '../../model/call'

/** Reads a capture group by name (extractor groups first, then the record's). */
export type GroupReader = (name: string) => string | undefined

type Part = string | { group: string; filter: string }

/** A compiled template. */
export interface Template {
  source: string
  /** Group names referenced (for validation). */
  groups: string[]
  /** Filter names used (for validation). */
  filters: string[]
  /** True when the template is exactly one `{group:number}`: `value()` then yields a number. */
  numeric: boolean
  render(read: GroupReader): string
  /** The typed value for event data / meta: a number for numeric templates, else the string; null = omit. */
  value(read: GroupReader): Scalar
}

export const BUILTIN_FILTERS = new Set(['number', 'lower', 'upper', 'trim'])

/** Compiles a template against lookup tables. Throws an Error for unbalanced braces. */
export function compileTemplate(source: string, lookups: ReadonlyMap<string, Record<string, string>>): Template {
  const parts = parseParts(source)
  const refs = parts.filter((p): p is { group: string; filter: string } => typeof p !== 'string')
  const numeric = parts.length === 1 && refs.length === 1 && refs[0]!.filter === 'number'
  const apply = (raw: string | undefined, filter: string): string => {
    const v = raw ?? ''
    switch (filter) {
      case '': case 'number': return v
      case 'lower': return v.toLowerCase()
      case 'upper': return v.toUpperCase()
      case 'trim': return v.trim()
      default: {
        const table = lookups.get(filter)
        if (!table) return v
        return table[v] ?? table['*'] ?? v
      }
    }
  }
  const render = (read: GroupReader): string => {
    let out = ''
    for (const p of parts) out += typeof p === 'string' ? p : apply(read(p.group), p.filter)
    return detach(out)
  }
  return {
    source,
    groups: refs.map((r) => r.group),
    filters: refs.map((r) => r.filter).filter((f) => f !== ''),
    numeric,
    render,
    value(read) {
      if (numeric) {
        const raw = read(refs[0]!.group)
        if (raw === undefined || raw.trim() === '') return null
        const n = Number(raw.trim())
        return Number.isFinite(n) ? n : null
      }
      const s = render(read)
      return s === '' ? null : s
    },
  }
}

function parseParts(source: string): Part[] {
  const parts: Part[] = []
  let lit = ''
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!
    if (c === '}') throw new Error(`unbalanced "}" at ${i} in "${source}"`)
    if (c !== '{') { lit += c; continue }
    const close = source.indexOf('}', i)
    if (close < 0) throw new Error(`unclosed "{" at ${i} in "${source}"`)
    const body = source.slice(i + 1, close)
    const colon = body.indexOf(':')
    const group = (colon < 0 ? body : body.slice(0, colon)).trim()
    const filter = colon < 0 ? '' : body.slice(colon + 1).trim()
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(group)) throw new Error(`bad group name "${group}" in "${source}"`)
    if (lit) parts.push(lit)
    lit = ''
    parts.push({ group, filter })
    i = close
  }
  if (lit) parts.push(lit)
  return parts
}

/**
 * A copy of `s` that shares no memory with the (possibly huge) string it was sliced from: V8 sliced
 * and cons strings keep their parent alive, so anything kept past the current line goes through this.
 */
export function detach(s: string): string {
  return (' ' + s).slice(1)
}
