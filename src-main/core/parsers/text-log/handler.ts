/**
 * Format handlers built from declarative definitions: `textLogFormats(defs)` turns the definitions the
 * job layer loaded (built-in JSON plus the user's own, validated and linked by
 * `jobs/log-format-loader.ts`) into FormatHandlers with ids `log:<definition id>`. Sniffing scores the
 * fraction of the head's lines that are records (with a time that parses) against the definition's
 * `minFraction` and `weight`, so a specific format beats the generic one on the same lines.
 */
import type { FormatHandler, SniffInput } from '../../model/parser'
import { type CompiledFormat, compileLogFormat } from './compile'
import { TextLogParser } from './parser'
import type { LogFormatDefinition } from './types'

/** Lines of the head looked at when sniffing. */
const SNIFF_LINES = 400

/** One handler per definition, in the given order (ties in sniffing go to the earlier one). */
export function textLogFormats(defs: readonly LogFormatDefinition[]): FormatHandler[] {
  return defs.map(textLogFormat)
}

/** The handler of one validated, linked definition. Throws on a definition that did not pass validation. */
export function textLogFormat(def: LogFormatDefinition): FormatHandler {
  if (def.extractorSets.length > 0) throw new Error(`log format "${def.id}" still names extractor sets: link it first (linkLogFormats)`)
  const cf = compileLogFormat(def)
  return {
    id: `log:${def.id}`,
    sniff: (input) => sniffTextLog(cf, input),
    create: (ctx) => new TextLogParser(cf, ctx),
  }
}

/** The confidence that `input` is a log of this format (0..weight). */
export function sniffTextLog(cf: CompiledFormat, input: SniffInput): number {
  const text = input.text
  if (text === null) return 0
  const { weight, minFraction, minLines } = cf.def.sniff
  let requiresOk = cf.requires === null
  let total = 0
  let hits = 0
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0
  // The head is cut at an arbitrary byte: its last line may be partial, so it is not judged.
  const limit = text.lastIndexOf('\n')
  while (start < limit && total < SNIFF_LINES) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end)
    start = end + 1
    if (line.trim() === '') continue
    total++
    if (!requiresOk && cf.requires!.test(line)) requiresOk = true
    const r = cf.matchRecord(line)
    if (r !== null && r.timeOk) hits++
  }
  if (total === 0 && limit < 0 && text.length > 0) {
    // A one-line head without a newline: judge that line.
    total = 1
    if (!requiresOk && cf.requires!.test(text)) requiresOk = true
    const r = cf.matchRecord(text)
    if (r !== null && r.timeOk) hits = 1
  }
  if (total === 0 || hits === 0 || !requiresOk) return 0
  const f = hits / total
  let score = f >= minFraction ? (minFraction >= 1 ? 1 : 0.5 + (0.5 * (f - minFraction)) / (1 - minFraction)) : (0.5 * f) / minFraction
  if (minLines > 0 && hits >= minLines) score = Math.max(score, 0.6)
  return Math.min(1, score) * weight
}
