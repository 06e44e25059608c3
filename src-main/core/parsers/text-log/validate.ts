/**
 * Validation of untrusted log-format JSON (built-in files and users' own) without zod: every failure
 * names the JSON path of the offending field, e.g.
 * `extractors[2].series[0].metric: must be a non-empty string`. Validation compiles what it can
 * (regexes, time formats, template syntax) so a definition that passes never throws while parsing.
 * Checks that need the extractor sets a definition includes (template groups and lookup filters)
 * run in `linkLogFormats`, which also merges those sets into the definitions.
 */
import { metricDef } from '../../model/metrics'
import { compileLogFormat } from './compile'
import { indexNamedGroups } from './regex-source'
import { compileTemplate } from './template'
import { compileTimeFormat } from './time-format'
import type {
  DateHeader, EventSpec, ExtractorSet, ExtractorSpec, LogFormatDefinition, LogFormatFile, LogPattern, ParseResult, SeriesSpec, SniffSpec,
} from './types'
import { LOG_LEVELS } from './types'
import {
  type Obj, FieldError, at, fail, obj, objList, onlyKeys, optBool, optNum, optStr, regex, reqStr, strList, strMap,
} from './validate-fields'

const ID_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/
const NO_LOOKUPS: ReadonlyMap<string, Record<string, string>> = new Map()

const FORMAT_KEYS = [
  'kind', 'id', 'title', 'description', 'samples', 'timeFormat', 'patterns', 'levels', 'defaultLevel', 'multiline',
  'dateHeaders', 'sniff', 'errorEvents', 'lookups', 'extractorSets', 'extractors', 'source',
] as const
const SET_KEYS = ['kind', 'id', 'title', 'description', 'source', 'lookups', 'extractors'] as const

/** Validates one definition file: a log format (default) or an extractor set (`"kind": "extractor-set"`). */
export function validateLogFormatFile(json: unknown): ParseResult<LogFormatFile> {
  return guarded(() => {
    const root = obj(json, '')
    const kind = optStr(root, 'kind', '') ?? 'log-format'
    if (kind === 'extractor-set') return { kind, set: readSet(root) }
    if (kind !== 'log-format') fail('kind', 'must be "log-format" or "extractor-set"')
    return { kind: 'log-format', definition: readFormat(root) }
  })
}

/** Validates a log-format definition (not an extractor set). */
export function validateLogFormat(json: unknown): ParseResult<LogFormatDefinition> {
  const r = validateLogFormatFile(json)
  if (!r.ok) return r
  if (r.value.kind !== 'log-format') return { ok: false, error: 'kind: expected a log format, got an extractor set' }
  return { ok: true, value: r.value.definition }
}

/** A definition that could not be linked, and why. */
export interface LinkError {
  /** Id of the definition (or set) at fault. */
  id: string
  message: string
}

/**
 * Merges the extractor sets each definition names into it (its own lookups and extractors first, then
 * each set's in order) and checks what needs the merged result: template groups and filters. Returns
 * the definitions that link cleanly (with `extractorSets` emptied) and an error per one that does not.
 */
export function linkLogFormats(
  definitions: readonly LogFormatDefinition[], sets: readonly ExtractorSet[],
): { definitions: LogFormatDefinition[]; errors: LinkError[] } {
  const byId = new Map(sets.map((s) => [s.id, s]))
  const out: LogFormatDefinition[] = []
  const errors: LinkError[] = []
  for (const def of definitions) {
    const origins: string[] = def.extractors.map((_, i) => `extractors[${i}]`)
    const lookups: Record<string, Record<string, string>> = {}
    const extractors: ExtractorSpec[] = [...def.extractors]
    let missing: string | null = null
    for (const [k, setId] of def.extractorSets.entries()) {
      const set = byId.get(setId)
      if (!set) { missing = `extractorSets[${k}]: no extractor set with id "${setId}" (known: ${[...byId.keys()].join(', ') || 'none'})`; break }
      for (const [name, table] of Object.entries(set.lookups)) lookups[name] ??= table
      set.extractors.forEach((x, i) => { extractors.push(x); origins.push(`extractor set "${set.id}": extractors[${i}]`) })
    }
    if (missing) { errors.push({ id: def.id, message: missing }); continue }
    const linked: LogFormatDefinition = { ...def, lookups: { ...lookups, ...def.lookups }, extractorSets: [], extractors }
    try {
      compileLogFormat(linked, (i) => origins[i] ?? `extractors[${i}]`)
      out.push(linked)
    } catch (e) {
      if (!(e instanceof FieldError)) throw e
      errors.push({ id: def.id, message: e.message })
    }
  }
  return { definitions: out, errors }
}

function guarded<T>(fn: () => T): ParseResult<T> {
  try {
    return { ok: true, value: fn() }
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, error: e.message }
    throw e
  }
}

function readFormat(root: Obj): LogFormatDefinition {
  onlyKeys(root, FORMAT_KEYS, '')
  const id = readId(root)
  const timeFormat = strList(root, 'timeFormat', '', false)
  timeFormat.forEach((f, i) => timeSpec(f, at(at('', 'timeFormat'), i)))
  const patterns = readPatterns(root, timeFormat)
  const levels: LogFormatDefinition['levels'] = {}
  for (const [raw, level] of Object.entries(strMap(root, 'levels', '') ?? {})) levels[raw] = logLevel(level, at('levels', raw))
  const defaultLevel = optStr(root, 'defaultLevel', '')
  const lookups = readLookups(root, '')
  const def: LogFormatDefinition = {
    id,
    title: optStr(root, 'title', '') ?? id,
    samples: strList(root, 'samples', '', false),
    timeFormat,
    patterns,
    levels,
    multiline: optBool(root, 'multiline', '', true),
    dateHeaders: objList(root, 'dateHeaders', '').map((h, i) => readDateHeader(h, at('dateHeaders', i))),
    sniff: readSniff(root),
    errorEvents: optBool(root, 'errorEvents', '', true),
    lookups,
    extractorSets: strList(root, 'extractorSets', '', false),
    extractors: objList(root, 'extractors', '').map((x, i) => readExtractor(x, at('extractors', i))),
  }
  const description = optStr(root, 'description', '')
  if (description !== undefined) def.description = description
  if (defaultLevel !== undefined) def.defaultLevel = logLevel(defaultLevel, 'defaultLevel')
  checkSamples(def)
  return def
}

function readSet(root: Obj): ExtractorSet {
  onlyKeys(root, SET_KEYS, '')
  const set: ExtractorSet = {
    id: readId(root),
    source: strList(root, 'source', '', false),
    lookups: readLookups(root, ''),
    extractors: objList(root, 'extractors', '').map((x, i) => readExtractor(x, at('extractors', i))),
  }
  const title = optStr(root, 'title', '')
  if (title !== undefined) set.title = title
  if (set.extractors.length === 0 && Object.keys(set.lookups).length === 0) fail('extractors', 'an extractor set needs extractors or lookups')
  return set
}

function readId(root: Obj): string {
  const id = reqStr(root, 'id', '')
  if (!ID_RE.test(id)) fail('id', 'must be 1-64 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit')
  return id
}

function readPatterns(root: Obj, timeFormat: string[]): LogPattern[] {
  const list = objList(root, 'patterns', '')
  if (list.length === 0) fail('patterns', 'needs at least one record pattern')
  return list.map((p, i) => {
    const path = at('patterns', i)
    onlyKeys(p, ['regex', 'timeFormat', 'description'], path)
    const source = reqStr(p, 'regex', path)
    const names = groupsOf(source, at(path, 'regex'))
    regex(source, '', at(path, 'regex'))
    if (!names.includes('message')) fail(at(path, 'regex'), 'needs a (?<message>...) group')
    const own = strList(p, 'timeFormat', path, false)
    own.forEach((f, k) => timeSpec(f, at(at(path, 'timeFormat'), k)))
    if (names.includes('time') && own.length === 0 && timeFormat.length === 0) {
      fail(at(path, 'timeFormat'), 'the pattern has a (?<time>...) group but neither it nor the definition gives a timeFormat')
    }
    if (!names.includes('time') && own.length > 0) fail(at(path, 'timeFormat'), 'is set but the regex has no (?<time>...) group')
    const pattern: LogPattern = { regex: source }
    if (own.length > 0) pattern.timeFormat = own
    return pattern
  })
}

function readDateHeader(h: Obj, path: string): DateHeader {
  onlyKeys(h, ['regex', 'timeFormat'], path)
  const source = reqStr(h, 'regex', path)
  if (!groupsOf(source, at(path, 'regex')).includes('date')) fail(at(path, 'regex'), 'needs a (?<date>...) group')
  regex(source, '', at(path, 'regex'))
  const timeFormat = strList(h, 'timeFormat', path, true)
  timeFormat.forEach((f, k) => {
    if (timeSpec(f, at(at(path, 'timeFormat'), k)).kind !== 'full') fail(at(at(path, 'timeFormat'), k), 'a date header format needs a year, month and day')
  })
  return { regex: source, timeFormat }
}

function readSniff(root: Obj): SniffSpec {
  if (root.sniff === undefined) return { weight: 1, minFraction: 0.3, minLines: 0 }
  const s = obj(root.sniff, 'sniff')
  onlyKeys(s, ['weight', 'minFraction', 'minLines', 'requires'], 'sniff')
  const spec: SniffSpec = {
    weight: optNum(s, 'weight', 'sniff', 1, 0, 1),
    minFraction: optNum(s, 'minFraction', 'sniff', 0.3, 0.01, 1),
    minLines: optNum(s, 'minLines', 'sniff', 0, 0, 400),
  }
  if (!Number.isInteger(spec.minLines)) fail(at('sniff', 'minLines'), 'must be a whole number')
  const requires = optStr(s, 'requires', 'sniff')
  if (requires !== undefined) { regex(requires, '', at('sniff', 'requires')); spec.requires = requires }
  return spec
}

function readLookups(root: Obj, path: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {}
  if (root.lookups === undefined) return out
  const m = obj(root.lookups, at(path, 'lookups'))
  for (const name of Object.keys(m)) {
    if (name.startsWith('//') || name === '$schema') continue
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(at(at(path, 'lookups'), name), 'lookup names are identifiers (letters, digits, _)')
    out[name] = strMap(m, name, at(path, 'lookups')) ?? {}
  }
  return out
}

const EXTRACTOR_KEYS = ['id', 'description', 'keyword', 'regex', 'flags', 'field', 'event', 'series', 'meta', 'samples'] as const

function readExtractor(x: Obj, path: string): ExtractorSpec {
  onlyKeys(x, EXTRACTOR_KEYS, path)
  const id = reqStr(x, 'id', path)
  const source = reqStr(x, 'regex', path)
  const flags = optStr(x, 'flags', path) ?? ''
  if (!/^[imsu]*$/.test(flags) || new Set(flags).size !== flags.length) fail(at(path, 'flags'), 'may only hold the regex flags i, m, s and u, once each')
  groupsOf(source, at(path, 'regex'))
  const re = regex(source, flags, at(path, 'regex'))
  const field = optStr(x, 'field', path) ?? 'message'
  if (field !== 'message' && field !== 'line') fail(at(path, 'field'), 'must be "message" or "line"')
  const spec: ExtractorSpec = { id, regex: source, flags, field, series: [] }
  const keyword = optStr(x, 'keyword', path)
  if (keyword !== undefined) {
    if (keyword.length === 0) fail(at(path, 'keyword'), 'must not be empty (leave it out to run the regex on every record)')
    if (flags.includes('i')) fail(at(path, 'keyword'), 'is matched case-sensitively, so it cannot be combined with the "i" flag')
    spec.keyword = keyword
  }
  if (x.event !== undefined) spec.event = readEvent(obj(x.event, at(path, 'event')), at(path, 'event'))
  spec.series = objList(x, 'series', path).map((s, i) => readSeries(s, at(at(path, 'series'), i)))
  const meta = templates(strMap(x, 'meta', path), at(path, 'meta'))
  if (meta) spec.meta = meta
  if (!spec.event && spec.series.length === 0 && !spec.meta) fail(path, 'an extractor needs an event, series or meta')
  for (const [i, sample] of strList(x, 'samples', path, false).entries()) {
    if (keyword !== undefined && !sample.includes(keyword)) fail(at(at(path, 'samples'), i), `does not contain the keyword "${keyword}"`)
    if (!re.test(sample)) fail(at(at(path, 'samples'), i), 'does not match the regex')
  }
  return spec
}

function readEvent(e: Obj, path: string): EventSpec {
  onlyKeys(e, ['type', 'severity', 'message', 'data', 'connection', 'stream'], path)
  const type = reqStr(e, 'type', path)
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(type)) fail(at(path, 'type'), 'event types are lower-case dotted ids, e.g. "sdk.error"')
  const spec: EventSpec = {
    type,
    severity: template(optStr(e, 'severity', path) ?? 'info', at(path, 'severity')),
    message: template(reqStr(e, 'message', path), at(path, 'message')),
  }
  const data = templates(strMap(e, 'data', path), at(path, 'data'))
  if (data) spec.data = data
  const connection = optStr(e, 'connection', path)
  if (connection !== undefined) spec.connection = template(connection, at(path, 'connection'))
  const stream = optStr(e, 'stream', path)
  if (stream !== undefined) spec.stream = template(stream, at(path, 'stream'))
  return spec
}

function readSeries(s: Obj, path: string): SeriesSpec {
  onlyKeys(s, ['metric', 'unit', 'value', 'scale', 'stream', 'connection', 'streamKind', 'direction'], path)
  const metric = reqStr(s, 'metric', path)
  if (!/^[A-Za-z0-9_.-]+$/.test(metric)) fail(at(path, 'metric'), 'metric ids are letters, digits, "_", "." and "-"')
  const value = reqStr(s, 'value', path)
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) fail(at(path, 'value'), 'must name a capture group')
  const spec: SeriesSpec = {
    metric, value,
    unit: optStr(s, 'unit', path) ?? metricDef(metric).unit,
    scale: optNum(s, 'scale', path, 1),
  }
  if (spec.scale === 0) fail(at(path, 'scale'), 'must not be 0')
  const stream = optStr(s, 'stream', path)
  if (stream !== undefined) spec.stream = template(stream, at(path, 'stream'))
  const connection = optStr(s, 'connection', path)
  if (connection !== undefined) spec.connection = template(connection, at(path, 'connection'))
  const kind = optStr(s, 'streamKind', path)
  const direction = optStr(s, 'direction', path)
  if (kind !== undefined) {
    if (kind !== 'audio' && kind !== 'video') fail(at(path, 'streamKind'), 'must be "audio" or "video"')
    spec.streamKind = kind
  }
  if (direction !== undefined) {
    if (direction !== 'send' && direction !== 'recv') fail(at(path, 'direction'), 'must be "send" or "recv"')
    spec.direction = direction
  }
  if ((kind === undefined) !== (direction === undefined)) fail(path, 'streamKind and direction go together')
  if (kind !== undefined && stream === undefined) fail(at(path, 'stream'), 'is required with streamKind (the stream key template)')
  return spec
}

function template(source: string, path: string): string {
  try {
    compileTemplate(source, NO_LOOKUPS)
  } catch (e) {
    fail(path, (e as Error).message)
  }
  return source
}

function templates(m: Record<string, string> | undefined, path: string): Record<string, string> | undefined {
  if (!m) return undefined
  for (const [k, v] of Object.entries(m)) template(v, at(path, k))
  return m
}

function timeSpec(spec: string, path: string): ReturnType<typeof compileTimeFormat> {
  try {
    return compileTimeFormat(spec)
  } catch (e) {
    return fail(path, (e as Error).message)
  }
}

function logLevel(v: string, path: string): LogFormatDefinition['levels'][string] {
  if (!(LOG_LEVELS as readonly string[]).includes(v)) fail(path, `must be one of ${LOG_LEVELS.join(', ')}`)
  return v as LogFormatDefinition['levels'][string]
}

function groupsOf(source: string, path: string): string[] {
  try {
    return [...indexNamedGroups(source).index.keys()]
  } catch (e) {
    return fail(path, (e as Error).message)
  }
}

/** Each sample line must be a record of one of the patterns, with a time that parses. */
function checkSamples(def: LogFormatDefinition): void {
  if (def.samples.length === 0) return
  const compiled = compileLogFormat({ ...def, extractors: [], extractorSets: [] })
  def.samples.forEach((line, i) => {
    const r = compiled.matchRecord(line)
    if (r === null) fail(at('samples', i), 'matches none of the patterns')
    if (r.timeText !== undefined && !r.timeOk) fail(at('samples', i), `its time "${r.timeText}" fits none of the time formats`)
  })
}
