/**
 * The body of an import job, identical in a worker thread and inline: list the bundle's entries,
 * sniff each by content, parse it with its format handler while reporting progress, and return the
 * parsed model (log lines go out through the JobSink as they are read). Never touches the store.
 * A large text log whose format allows it is parsed in two parts (`split-entry.ts`): on a second
 * thread when the job runs in a worker, one after the other inline, with the same result.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { DomainError } from '../contract/domain-error'
import { type Diagnostic, type ParsedEntry, emptyEntry, entryTimeRange } from '../core/model/call'
import { guessParticipant, participantNames } from '../core/model/participant-name'
import type { FormatHandler } from '../core/model/parser'
import { builtinFormats, sniffFormat } from '../core/parsers/registry'
import { recordStartTest, unsegmentableReason } from '../core/parsers/text-log/segment'
import type { LogFormatDefinition } from '../core/parsers/text-log/types'
import { resourcesDir } from '../paths'
import { loadLogFormats } from './log-format-loader'
import type { ExtractLimits } from './archive/extract-limits'
import { type BundleListing, type EntrySource, listBundle } from './bundle-source'
import { type EntryIo, feedEntry, readHead } from './entry-reader'
import type { LogBatch } from './log-batch'
import type { JobProgress } from './protocol'
import { SPLIT_AT, SPLIT_BUFFER_BYTES, SPLIT_THRESHOLD_BYTES, type SegmentRunner, type SplitEvent, inlineSegments, parseSplit, planSplit } from './split-entry'

export interface ParseJobInput {
  path: string
  /** Name shown for the bundle (browser uploads keep the original file name here). */
  displayName?: string
  assumedUtcOffsetMin?: number
  /** Extraction budgets (tests lower them); defaults suit real bundles. */
  limits?: ExtractLimits
  /** Folders of log-format definitions, later ones overriding earlier ones (default: the built-in ones). */
  logFormatDirs?: string[]
  /**
   * A text log on disk at least this large (bytes) is parsed in two parts, on two threads in a
   * worker (default 32 MiB; Infinity = never). Tests lower it to split small files.
   */
  splitThresholdBytes?: number
  /** Where the first part ends, as a fraction of the file (moved forward to the next record start). */
  splitAt?: number
  /** Log text (bytes) the second part may parse ahead of the first. */
  splitBufferBytes?: number
}

export interface ParsedBundleEntry {
  path: string
  sizeBytes: number
  encoding: string | null
  participant: string
  parsed: ParsedEntry
}

export interface ParseJobOutput {
  name: string
  sizeBytes: number
  sha256: string
  timeStart: number | null
  timeEnd: number | null
  entries: ParsedBundleEntry[]
  diagnostics: Diagnostic[]
}

export type Report = (p: JobProgress) => void

/**
 * Where a job's streamed output goes while it parses: each entry is announced before its log lines
 * (so the store can give it a row), log lines go out in batches, and `ready()` is awaited between
 * chunks so a slow consumer holds the reader back instead of letting batches pile up in memory.
 */
export interface JobSink {
  entryStarted(entryIndex: number, path: string, sizeBytes: number): void
  /** Lines in order; a batch may come packed from another thread (`log-batch.ts`). */
  logs(entryIndex: number, lines: LogBatch): void
  ready(): Promise<void>
  /** True when log lines are dropped anyway (nothing consumes them): they need not be moved between threads. */
  readonly dropsLogs?: boolean
}

/** How the job runs where it runs: who parses the second part of a split text log. */
export interface JobEnv {
  /** Default: inline (after the first part, on this thread); null: text logs are never split. */
  segments?: SegmentRunner | null
  /** Told how each split parse went. */
  onSplit?: (e: SplitEvent) => void
}

export const NO_SINK: JobSink = { entryStarted: () => undefined, logs: () => undefined, ready: () => Promise.resolve(), dropsLogs: true }

/** Parses the bundle at `input.path`. Throws DomainError NOT_A_BUNDLE when no entry is recognised. */
export async function runParseJob(input: ParseJobInput, report: Report, signal: AbortSignal, sink: JobSink = NO_SINK, env: JobEnv = {}): Promise<ParseJobOutput> {
  let listing: BundleListing
  try {
    listing = await listBundle(input.path, input.limits ? { limits: input.limits } : {})
  } catch (e) {
    throw new DomainError('NOT_FOUND', `cannot read ${input.path}: ${(e as Error).message}`, { path: input.path })
  }
  try {
    const formats = await loadLogFormats(input.logFormatDirs ?? [join(resourcesDir(), 'log-formats')])
    listing.diagnostics.push(...formats.diagnostics)
    const job: Job = {
      input, handlers: builtinFormats(formats.definitions), sink, segments: env.segments === undefined ? inlineSegments() : env.segments,
      definitions: new Map(formats.definitions.map((d) => [`log:${d.id}`, d])), ...(env.onSplit ? { onSplit: env.onSplit } : {}),
    }
    return await parseListing(listing, job, report, signal)
  } finally {
    await listing.dispose()
  }
}

interface Job {
  input: ParseJobInput
  handlers: FormatHandler[]
  /** Text-log definitions by handler id. */
  definitions: Map<string, LogFormatDefinition>
  sink: JobSink
  segments: SegmentRunner | null
  onSplit?: (e: SplitEvent) => void
}

async function parseListing(listing: BundleListing, job: Job, report: Report, signal: AbortSignal): Promise<ParseJobOutput> {
  const { input, sink } = job
  const name = input.displayName ?? listing.name
  const hash = createHash('sha256')
  // Progress counts entry bytes (an archive's members, decompressed), the bundle size is its size on disk.
  const total = listing.entries.reduce((a, e) => a + e.sizeBytes, 0)
  let doneBefore = 0
  const entries: ParsedBundleEntry[] = []
  for (const source of listing.entries) {
    throwIfAborted(signal)
    const index = entries.length
    sink.entryStarted(index, source.path, source.sizeBytes)
    const io: EntryIo = {
      signal, hash, ready: () => sink.ready(),
      onBytes: (bytes) => report({ stage: 'parse', bytesDone: doneBefore + Math.min(bytes, source.sizeBytes), bytesTotal: total }),
      onLogs: (lines) => sink.logs(index, lines),
    }
    const entry = await parseEntry(source, job, io, index)
    doneBefore += source.sizeBytes
    report({ stage: 'parse', bytesDone: doneBefore, bytesTotal: total })
    entries.push(entry)
  }
  // Names need the whole bundle: two files of one format in one folder are two people.
  const only = listing.entries.length === 1 ? listing.entries[0]!.path : null
  const isSingleFile = only !== null && (only === listing.name || only === listing.name.replace(/\.(gz|gzip)$/i, ''))
  participantNames(entries.map((e) => ({ path: e.path, format: e.parsed.format, meta: e.parsed.meta })), isSingleFile ? undefined : name)
    .forEach((n, i) => { entries[i]!.participant = n })
  const recognised = entries.filter((e) => e.parsed.kind !== 'unknown' && e.parsed.kind !== 'binary')
  if (recognised.length === 0) {
    const reasons = [...listing.diagnostics, ...entries.flatMap((e) => e.parsed.diagnostics)].map(describeDiagnostic)
    throw new DomainError('NOT_A_BUNDLE', `${name} is not a dump, log, capture or bundle the workbench can read${reasons.length ? ` (${reasons.slice(0, 3).join('; ')})` : ''}`, { path: input.path, name })
  }
  const ranges = entries.map((e) => entryTimeRange(e.parsed)).filter((r): r is [number, number] => r !== null)
  return {
    name, sizeBytes: listing.sizeBytes, sha256: hash.digest('hex'),
    timeStart: ranges.length ? Math.min(...ranges.map((r) => r[0])) : null,
    timeEnd: ranges.length ? Math.max(...ranges.map((r) => r[1])) : null,
    entries, diagnostics: listing.diagnostics,
  }
}

async function parseEntry(source: EntrySource, job: Job, io: EntryIo, index: number): Promise<ParsedBundleEntry> {
  const { input, handlers } = job
  const base = { path: source.path, sizeBytes: source.sizeBytes, participant: participantFromPath(source.path) }
  let head
  try {
    head = await readHead(source)
  } catch (e) {
    return { ...base, encoding: null, parsed: failed(`cannot read: ${(e as Error).message}`) }
  }
  const match = sniffFormat(handlers, { path: source.path, head: head.bytes, text: head.text })
  if (!match) {
    const parsed = emptyEntry(head.text === null ? 'binary' : 'unknown', 'unknown')
    parsed.diagnostics.push({ severity: 'warning', path: source.path, message: `${source.path}: not a format the workbench recognises; kept in the bundle listing only` })
    return { ...base, encoding: head.encoding, parsed }
  }
  // Logs without a date (or year) are read as of the day the file was last written.
  // A sink that drops the lines lets the parser skip building them.
  const ctx = {
    path: source.path, emitLogs: io.onLogs, assumedUtcOffsetMin: input.assumedUtcOffsetMin ?? 0,
    ...(job.sink.dropsLogs === true ? { discardLogs: true } : {}),
    ...(source.mtimeMs !== undefined ? { assumedDateMs: Math.floor(source.mtimeMs / 86_400_000) * 86_400_000 } : {}),
  }
  let parsed: ParsedEntry
  try {
    const split = await splitPoint(source, job, match.handler, head.encoding, ctx.assumedUtcOffsetMin)
    parsed = split
      ? await parseSplit({
        source: split.source, handler: match.handler, definition: split.definition, ctx, io, at: split.at,
        forward: (batch) => job.sink.logs(index, batch), runner: split.runner, bufferBytes: input.splitBufferBytes ?? SPLIT_BUFFER_BYTES,
        sendLogs: job.sink.dropsLogs !== true, ...(job.onSplit ? { onSplit: job.onSplit } : {}),
      })
      : await feedEntry(source, match.handler.create(ctx), head.encoding, io)
  } catch (e) {
    if (e instanceof DomainError) throw e
    parsed = failed(`${source.path}: ${(e as Error).message}`)
  }
  for (const d of parsed.diagnostics) d.path ??= source.path
  return { ...base, encoding: head.encoding, parsed }
}

/**
 * Where to cut a text log in two, if it is parsed in parts: a UTF-8 file on disk over the threshold,
 * of a format whose lines can be parsed without the ones before a record start.
 */
async function splitPoint(
  source: EntrySource, job: Job, handler: FormatHandler, encoding: string | null, assumedUtcOffsetMin: number,
): Promise<{ source: EntrySource & { file: string }; definition: LogFormatDefinition; at: number; runner: SegmentRunner } | null> {
  const definition = job.definitions.get(handler.id)
  const file = source.file
  const runner = job.segments
  if (!definition || file === undefined || encoding !== 'utf-8' || runner === null) return null
  if (source.sizeBytes < (job.input.splitThresholdBytes ?? SPLIT_THRESHOLD_BYTES)) return null
  if (unsegmentableReason(definition) !== null) return null
  const at = await planSplit(file, source.sizeBytes, job.input.splitAt ?? SPLIT_AT, recordStartTest(definition, assumedUtcOffsetMin))
  return at === null ? null : { source: { ...source, file }, definition, at, runner }
}

function failed(message: string): ParsedEntry {
  const parsed = emptyEntry('unknown', 'unreadable')
  parsed.diagnostics.push({ severity: 'error', message })
  return parsed
}

/** An entry's participant before the bundle is complete (`participantNames` settles it). */
export function participantFromPath(path: string): string {
  return guessParticipant(path).name
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new DomainError('CANCELLED', 'import cancelled')
}

/** A diagnostic as one line that names its file (and line), e.g. `logs/agora.log:12: bad time`. */
export function describeDiagnostic(d: Diagnostic): string {
  if (!d.path || d.message.startsWith(d.path)) return d.message
  return `${d.path}${d.line ? `:${d.line}` : ''}: ${d.message}`
}
