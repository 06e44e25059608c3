/**
 * Field readers for hand-written validation of untrusted JSON (core may not use zod). Each reader
 * throws a FieldError whose message starts with the dotted path of the offending field, e.g.
 * `extractors[2].series[0].metric: must be a non-empty string`.
 */

/** A validation failure at a field path. */
export class FieldError extends Error {}

export type Obj = Record<string, unknown>

/** Fails at `path`. */
export function fail(path: string, message: string): never {
  throw new FieldError(`${path}: ${message}`)
}

/** Joins a parent path and a key. */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return path ? `${path}.${key}` : key
}

/** The value as a plain object, or a failure. */
export function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path || '(root)', 'must be an object')
  return v as Obj
}

/** Rejects keys not in `allowed` (typos in hand-written JSON otherwise go unnoticed). */
export function onlyKeys(o: Obj, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(o)) {
    if (k === '$schema' || k.startsWith('//')) continue
    if (!allowed.includes(k)) fail(at(path, k), `unknown field (allowed: ${allowed.join(', ')})`)
  }
}

/** A required non-empty string. */
export function reqStr(o: Obj, key: string, path: string): string {
  const v = o[key]
  if (typeof v !== 'string' || v.length === 0) fail(at(path, key), 'must be a non-empty string')
  return v
}

/** An optional string (undefined when absent). */
export function optStr(o: Obj, key: string, path: string): string | undefined {
  const v = o[key]
  if (v === undefined) return undefined
  if (typeof v !== 'string') fail(at(path, key), 'must be a string')
  return v
}

/** An optional boolean with a default. */
export function optBool(o: Obj, key: string, path: string, dflt: boolean): boolean {
  const v = o[key]
  if (v === undefined) return dflt
  if (typeof v !== 'boolean') fail(at(path, key), 'must be true or false')
  return v
}

/** An optional finite number with a default, within [min, max]. */
export function optNum(o: Obj, key: string, path: string, dflt: number, min = -Infinity, max = Infinity): number {
  const v = o[key]
  if (v === undefined) return dflt
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail(at(path, key), `must be a number in [${min}, ${max}]`)
  return v
}

/** A string or a non-empty array of strings, as an array (empty when absent and optional). */
export function strList(o: Obj, key: string, path: string, required: boolean): string[] {
  const v = o[key]
  if (v === undefined) {
    if (required) fail(at(path, key), 'is required (a string or an array of strings)')
    return []
  }
  if (typeof v === 'string' && v.length > 0) return [v]
  if (!Array.isArray(v) || (required && v.length === 0)) fail(at(path, key), 'must be a string or a non-empty array of strings')
  return v.map((s, i) => {
    if (typeof s !== 'string' || s.length === 0) fail(at(at(path, key), i), 'must be a non-empty string')
    return s
  })
}

/** An optional array of objects. */
export function objList(o: Obj, key: string, path: string): Obj[] {
  const v = o[key]
  if (v === undefined) return []
  if (!Array.isArray(v)) fail(at(path, key), 'must be an array')
  return v.map((x, i) => obj(x, at(at(path, key), i)))
}

/** An optional string -> string map. */
export function strMap(o: Obj, key: string, path: string): Record<string, string> | undefined {
  const v = o[key]
  if (v === undefined) return undefined
  const m = obj(v, at(path, key))
  const out: Record<string, string> = {}
  for (const [k, x] of Object.entries(m)) {
    if (typeof x !== 'string') fail(at(at(path, key), k), 'must be a string')
    out[k] = x
  }
  return out
}

/** Compiles a regex, failing at `path` with the engine's message. */
export function regex(source: string, flags: string, path: string): RegExp {
  try {
    return new RegExp(source, flags)
  } catch (e) {
    return fail(path, `invalid regex: ${(e as Error).message}`)
  }
}

/** Named capture groups of a regex source, in order. */
export function groupNames(source: string): string[] {
  return [...source.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]!)
}
