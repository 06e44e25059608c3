/**
 * Loads declarative log-format definitions from folders: the built-in `resources/log-formats/` and the
 * user's `<data dir>/log-formats/` (later folders override earlier ones by id, so a user can replace a
 * built-in format). Each `*.json` file is one log format or one extractor set (`"kind":
 * "extractor-set"`). Validation is the core's hand-written validator (no zod: the same checks can run
 * wherever definitions are edited); this module adds the file names, so every problem reads
 * `<file>: <json path>: <message>`. A bad file never stops the others from loading.
 */
import { readFile, readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Diagnostic } from '../core/model/call'
import { linkLogFormats, validateLogFormatFile } from '../core/parsers/text-log/validate'
import type { ExtractorSet, LogFormatDefinition } from '../core/parsers/text-log/types'

/** Larger definition files are refused (they are hand-written JSON, a few KiB). */
export const MAX_DEFINITION_BYTES = 2 * 1024 * 1024

export interface LoadedLogFormats {
  /** Validated, linked definitions (extractor sets merged in): pass them to `builtinFormats()` / `textLogFormats()`. Later folders first. */
  definitions: LogFormatDefinition[]
  /** One per problem, `path` = the offending file. Errors mean the file (or the definition using it) was skipped. */
  diagnostics: Diagnostic[]
  /** Definition or set id -> the file it was loaded from. */
  files: Record<string, string>
}

/** The two standard folders: the built-in definitions, then the user's (`<dataDir>/log-formats`). */
export function logFormatDirs(resourcesDir: string, dataDir: string): string[] {
  return [join(resourcesDir, 'log-formats'), join(dataDir, 'log-formats')]
}

/** Reads, validates and links every `*.json` in `dirs` (missing folders are skipped silently). */
export async function loadLogFormats(dirs: readonly string[]): Promise<LoadedLogFormats> {
  const diagnostics: Diagnostic[] = []
  const formats = new Map<string, { def: LogFormatDefinition; file: string; dir: number }>()
  const sets = new Map<string, { set: ExtractorSet; file: string; dir: number }>()
  for (const [dirIndex, dir] of dirs.entries()) {
    let names: string[]
    try {
      names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.json')).sort()
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code !== 'ENOENT' && code !== 'ENOTDIR') diagnostics.push({ severity: 'error', path: dir, message: `${dir}: cannot list log formats: ${(e as Error).message}` })
      continue
    }
    for (const name of names) {
      const file = join(dir, name)
      const text = await readDefinition(file, diagnostics)
      if (text === null) continue
      let json: unknown
      try {
        json = JSON.parse(text.replace(/^\uFEFF/, ''))
      } catch (e) {
        diagnostics.push({ severity: 'error', path: file, message: `${file}: not valid JSON: ${(e as Error).message}` })
        continue
      }
      const r = validateLogFormatFile(json)
      if (!r.ok) {
        diagnostics.push({ severity: 'error', path: file, message: `${file}: ${r.error}` })
        continue
      }
      const v = r.value
      const id = v.kind === 'log-format' ? v.definition.id : v.set.id
      const table: Map<string, { file: string; dir: number }> = v.kind === 'log-format' ? formats : sets
      const prev = table.get(id)
      if (prev && prev.dir === dirIndex) {
        diagnostics.push({ severity: 'error', path: file, message: `${file}: id "${id}" is already defined by ${basename(prev.file)} in the same folder; this file is skipped` })
        continue
      }
      if (prev) diagnostics.push({ severity: 'info', path: file, message: `${file}: overrides the ${v.kind} "${id}" from ${prev.file}` })
      if (v.kind === 'log-format') formats.set(id, { def: v.definition, file, dir: dirIndex })
      else sets.set(id, { set: v.set, file, dir: dirIndex })
    }
  }
  // Later folders (the user's) first, so they win ties in sniffing; file order within a folder.
  const ordered = [...formats.values()].sort((a, b) => b.dir - a.dir)
  const linked = linkLogFormats(ordered.map((f) => f.def), [...sets.values()].map((s) => s.set))
  for (const err of linked.errors) {
    const file = formats.get(err.id)?.file ?? err.id
    diagnostics.push({ severity: 'error', path: file, message: `${file}: ${err.message}` })
  }
  const files: Record<string, string> = {}
  for (const [id, f] of formats) files[id] = f.file
  for (const [id, s] of sets) files[id] ??= s.file
  return { definitions: linked.definitions, diagnostics, files }
}

async function readDefinition(file: string, diagnostics: Diagnostic[]): Promise<string | null> {
  try {
    const info = await stat(file)
    if (!info.isFile()) return null
    if (info.size > MAX_DEFINITION_BYTES) {
      diagnostics.push({ severity: 'error', path: file, message: `${file}: ${info.size} bytes is more than a log-format definition may hold (${MAX_DEFINITION_BYTES})` })
      return null
    }
    return await readFile(file, 'utf8')
  } catch (e) {
    diagnostics.push({ severity: 'error', path: file, message: `${file}: cannot read: ${(e as Error).message}` })
    return null
  }
}
