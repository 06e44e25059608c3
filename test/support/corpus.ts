/**
 * Access to the shared public corpus (../shared/corpus). CI has it; a bare clone may not.
 * `describeCorpus` skips a whole block with a clear message when the corpus is absent.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe } from 'vitest'

export const CORPUS_DIR = resolve(import.meta.dirname, '../../../shared/corpus')
export const hasCorpus = existsSync(resolve(CORPUS_DIR, 'MANIFEST.tsv'))

if (!hasCorpus) {
  console.warn(`[corpus] ${CORPUS_DIR} is absent: tests over the real corpus are skipped`)
}

/** Absolute path of a corpus file, e.g. corpusPath('webrtc-internals/x/y.txt'). */
export function corpusPath(rel: string): string {
  return resolve(CORPUS_DIR, rel)
}

export function readCorpus(rel: string): Buffer {
  return readFileSync(corpusPath(rel))
}

/** A describe block that runs only when the corpus is present (skipped, with its name saying why, otherwise). */
export const describeCorpus = (name: string, fn: () => void) =>
  hasCorpus ? describe(name, fn) : describe.skip(`${name} (skipped: ../shared/corpus is absent)`, fn)
