/**
 * What the built parse worker loads when it starts (it starts cold on the first import after launch,
 * and again for a split log's segment worker): not zod, whose load was ~75 ms of that start. The
 * worker imports errors from `contract/domain-error`, not the zod schemas of `contract/errors`.
 * Follows the bundle's `require` graph in out/main (`npm run build`); skipped when it is not built.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const OUT = resolve(import.meta.dirname, '../../../out/main')
const WORKER = join(OUT, 'parse.worker.js')
const built = existsSync(WORKER)
if (!built) console.warn('[worker-bundle] out/main/parse.worker.js is missing (run `npm run build`): skipped')

/** Every module id the file and the bundle files it requires (relative paths) require. */
function requiredModules(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return new Set()
  seen.add(file)
  const out = new Set<string>()
  for (const m of readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
    const id = m[1]!
    if (id.startsWith('.')) for (const x of requiredModules(join(dirname(file), id), seen)) out.add(x)
    else out.add(id)
  }
  return out
}

describe.skipIf(!built)('the built parse worker', () => {
  it('does not load zod', () => {
    const modules = requiredModules(WORKER)
    expect(modules.has('node:worker_threads')).toBe(true)
    expect([...modules].filter((m) => m === 'zod' || m.startsWith('zod/'))).toEqual([])
  })
})
