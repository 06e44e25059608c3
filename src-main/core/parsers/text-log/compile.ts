/**
 * Compiles a validated, linked definition into what the line loop needs: record regexes with numbered
 * groups (no `groups` object per exec) and a first-character pre-check, time formats, a level table,
 * and extractors with compiled templates. A pattern ending in `(?<message>.*)$` is matched without
 * that tail: the message is the rest of the line, so the regex never scans it. Extractor keywords
 * are gathered in one KeywordSet, so a line that holds none of them costs a single (skipping) scan.
 */
import type { LogLevel } from '../../model/call'
import { KeywordSet } from './keywords'
import { type FirstChar, firstCharOk, hasTopLevelAlternation, indexNamedGroups, requiredFirstChar } from './regex-source'
import { BUILTIN_FILTERS, type Template, compileTemplate } from './template'
import { type TimeFormat, compileTimeFormat, newTimeParts } from './time-format'
import type { ExtractorSpec, LogFormatDefinition } from './types'
import { at, fail } from './validate-fields'

export interface CompiledPattern {
  re: RegExp
  firstChar: FirstChar
  /** True when the message is the rest of the line after the match (the `(?<message>.*)$` tail was cut). */
  messageIsRest: boolean
  /** Group indexes (0 = the pattern has no such group). */
  message: number
  time: number
  level: number
  module: number
  file: number
  index: Map<string, number>
  timeFormats: TimeFormat[]
  /** Index of the time format that worked last (tried first next time). */
  lastFormat: number
}

export interface CompiledSeries {
  /** Index among all series specs of the format (the parser caches the buffer each one wrote to last). */
  slot: number
  /** True when neither the stream nor the connection template reads a group: every value goes to one buffer. */
  fixedKeys: boolean
  metric: string
  unit: string
  value: string
  scale: number
  stream: Template | null
  connection: Template | null
  streamKind: 'audio' | 'video' | null
  direction: 'send' | 'recv' | null
}

export interface CompiledEvent {
  type: string
  severity: Template
  message: Template
  data: [string, Template][]
  connection: Template | null
  stream: Template | null
}

export interface CompiledExtractor {
  id: string
  keyword: string | null
  /** Index of `keyword` in its trigger's `words` (-1 = no keyword: the extractor always runs). */
  keywordIx: number
  re: RegExp
  index: Map<string, number>
  onLine: boolean
  event: CompiledEvent | null
  series: CompiledSeries[]
  meta: [string, Template][]
}

export interface CompiledDateHeader {
  re: RegExp
  date: number
  formats: TimeFormat[]
}

/** Result of `matchRecord` (used by sample checks and sniffing, not by the hot loop). */
export interface RecordMatch {
  pattern: CompiledPattern
  timeText: string | undefined
  timeOk: boolean
}

export interface CompiledFormat {
  def: LogFormatDefinition
  patterns: CompiledPattern[]
  dateHeaders: CompiledDateHeader[]
  /** Raw level text -> level (exact keys, then lower-cased keys). */
  levelExact: Map<string, LogLevel>
  levelLower: Map<string, LogLevel>
  /** Extractors run on the message / on the whole line. */
  onMessage: CompiledExtractor[]
  onLine: CompiledExtractor[]
  /** The keywords of the extractors that have one (null when none has one). Extractors without one always run. */
  messageTrigger: KeywordSet | null
  lineTrigger: KeywordSet | null
  /** True when some message extractor has no keyword (then the trigger alone cannot skip them all). */
  messageAlways: boolean
  lineAlways: boolean
  requires: RegExp | null
  /** The record the line is, if any (first matching pattern), and whether its time parses. */
  matchRecord(line: string): RecordMatch | null
}

const MESSAGE_TAIL = /\(\?<message>\.\*\)\$?$/

/**
 * Compiles a definition whose extractor sets are already merged in. Throws a FieldError naming the
 * path for what only shows once sets are merged (unknown groups and lookup filters); `extractorPath`
 * names where extractor i came from.
 */
export function compileLogFormat(def: LogFormatDefinition, extractorPath: (i: number) => string = (i) => `extractors[${i}]`): CompiledFormat {
  // Record groups the engine or a template reads; the others are not captured at all.
  const used = new Set(['message', 'time', 'level', 'module', 'file'])
  for (const x of def.extractors) for (const g of templateGroups(x)) used.add(g)
  const patterns = def.patterns.map((p, i): CompiledPattern => {
    const messageIsRest = MESSAGE_TAIL.test(p.regex) && !hasTopLevelAlternation(p.regex)
    const source = messageIsRest ? p.regex.replace(MESSAGE_TAIL, '') : p.regex
    const ix = indexNamedGroups(source, used)
    const formats = (p.timeFormat ?? def.timeFormat).map(compileTimeFormat)
    if (ix.index.has('time') && formats.length === 0) fail(at('patterns', i), 'has a time group but no time format')
    return {
      re: new RegExp(ix.source),
      firstChar: requiredFirstChar(ix.source),
      messageIsRest,
      message: ix.index.get('message') ?? 0,
      time: ix.index.get('time') ?? 0,
      level: ix.index.get('level') ?? 0,
      module: ix.index.get('module') ?? 0,
      file: ix.index.get('file') ?? 0,
      index: ix.index,
      timeFormats: formats,
      lastFormat: 0,
    }
  })
  const recordGroups = new Set<string>(['message', 'line'])
  for (const p of def.patterns) for (const g of indexNamedGroups(p.regex).index.keys()) recordGroups.add(g)

  const lookups = new Map(Object.entries(def.lookups))
  const extractors = def.extractors.map((x, i) => compileExtractor(x, extractorPath(i), lookups, recordGroups))

  const levelExact = new Map<string, LogLevel>()
  const levelLower = new Map<string, LogLevel>()
  for (const [raw, level] of Object.entries(def.levels)) {
    levelExact.set(raw, level)
    if (!levelLower.has(raw.toLowerCase())) levelLower.set(raw.toLowerCase(), level)
  }

  let slot = 0
  for (const x of extractors) for (const s of x.series) s.slot = slot++
  const onMessage = extractors.filter((x) => !x.onLine)
  const onLine = extractors.filter((x) => x.onLine)
  const parts = newTimeParts()
  const cf: CompiledFormat = {
    def,
    patterns,
    dateHeaders: def.dateHeaders.map((h) => {
      const ix = indexNamedGroups(h.regex)
      return { re: new RegExp(ix.source), date: ix.index.get('date') ?? 0, formats: h.timeFormat.map(compileTimeFormat) }
    }),
    levelExact,
    levelLower,
    onMessage,
    onLine,
    messageTrigger: trigger(onMessage),
    lineTrigger: trigger(onLine),
    messageAlways: onMessage.some((x) => x.keyword === null),
    lineAlways: onLine.some((x) => x.keyword === null),
    requires: def.sniff.requires ? new RegExp(def.sniff.requires) : null,
    matchRecord(line) {
      for (const p of patterns) {
        if (!firstCharOk(p.firstChar, line)) continue
        const m = p.re.exec(line)
        if (m === null) continue
        const timeText = p.time ? m[p.time] : undefined
        const timeOk = timeText === undefined || p.timeFormats.some((f) => f.parse(timeText, parts))
        return { pattern: p, timeText, timeOk }
      }
      return null
    },
  }
  return cf
}

/** Group names an extractor's templates and series values refer to. */
function templateGroups(x: ExtractorSpec): string[] {
  const sources: string[] = []
  if (x.event) {
    sources.push(x.event.severity, x.event.message, ...Object.values(x.event.data ?? {}))
    if (x.event.connection !== undefined) sources.push(x.event.connection)
    if (x.event.stream !== undefined) sources.push(x.event.stream)
  }
  for (const s of x.series) {
    if (s.stream !== undefined) sources.push(s.stream)
    if (s.connection !== undefined) sources.push(s.connection)
  }
  sources.push(...Object.values(x.meta ?? {}))
  const out = x.series.map((s) => s.value)
  for (const src of sources) for (const m of src.matchAll(/\{\s*([A-Za-z_][A-Za-z0-9_]*)/g)) out.push(m[1]!)
  return out
}

/** The keywords of `list` as one set; each extractor learns its keyword's index in it. */
function trigger(list: CompiledExtractor[]): KeywordSet | null {
  const words = [...new Set(list.map((x) => x.keyword).filter((k): k is string => k !== null))]
  if (words.length === 0) return null
  const set = new KeywordSet(words)
  for (const x of list) x.keywordIx = x.keyword === null ? -1 : set.words.indexOf(x.keyword)
  return set
}

function compileExtractor(
  x: ExtractorSpec, path: string, lookups: ReadonlyMap<string, Record<string, string>>, recordGroups: ReadonlySet<string>,
): CompiledExtractor {
  const ix = indexNamedGroups(x.regex)
  const known = (g: string) => ix.index.has(g) || recordGroups.has(g)
  const tpl = (source: string, where: string): Template => {
    const t = compileTemplate(source, lookups)
    for (const g of t.groups) {
      if (!known(g)) fail(where, `unknown group "${g}" (the extractor regex has: ${[...ix.index.keys()].join(', ') || 'none'}; records have: ${[...recordGroups].join(', ')})`)
    }
    for (const f of t.filters) {
      if (!BUILTIN_FILTERS.has(f) && !lookups.has(f)) {
        fail(where, `unknown filter "${f}" (built-in: ${[...BUILTIN_FILTERS].join(', ')}; lookups: ${[...lookups.keys()].join(', ') || 'none'})`)
      }
    }
    return t
  }
  const opt = (source: string | undefined, where: string) => (source === undefined ? null : tpl(source, where))
  const e = x.event
  return {
    id: x.id,
    keyword: x.keyword ?? null,
    keywordIx: -1,
    re: new RegExp(ix.source, x.flags),
    index: ix.index,
    onLine: x.field === 'line',
    event: e
      ? {
          type: e.type,
          severity: tpl(e.severity, at(at(path, 'event'), 'severity')),
          message: tpl(e.message, at(at(path, 'event'), 'message')),
          data: Object.entries(e.data ?? {}).map(([k, v]) => [k, tpl(v, at(at(at(path, 'event'), 'data'), k))]),
          connection: opt(e.connection, at(at(path, 'event'), 'connection')),
          stream: opt(e.stream, at(at(path, 'event'), 'stream')),
        }
      : null,
    series: x.series.map((s, i) => {
      const where = at(at(path, 'series'), i)
      if (!known(s.value)) fail(at(where, 'value'), `unknown group "${s.value}"`)
      const stream = opt(s.stream, at(where, 'stream'))
      const connection = opt(s.connection, at(where, 'connection'))
      return {
        slot: -1,
        fixedKeys: (stream === null || stream.groups.length === 0) && (connection === null || connection.groups.length === 0),
        metric: s.metric, unit: s.unit, value: s.value, scale: s.scale,
        stream,
        connection,
        streamKind: s.streamKind ?? null,
        direction: s.direction ?? null,
      }
    }),
    meta: Object.entries(x.meta ?? {}).map(([k, v]) => [k, tpl(v, at(at(path, 'meta'), k))]),
  }
}
