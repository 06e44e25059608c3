/**
 * `npm run bench [-- name ...]`: the workbench's speed figures, each next to a baseline measured in
 * the same run on the same input (so a noisy shared machine hits both sides). Needs the build
 * (`npm run build`) for the benches that run the real worker. Prints a Markdown table for
 * BENCHMARKS.md. Names: core, import, text-log, analysis, timeline, search (builds a 100k-case store: minutes), memory (a 1 GiB import: minutes).
 */
import { analysisBenches } from './analysis.bench'
import { coreBenches } from './core.bench'
import { type BenchRow, table } from './harness'
import { importBenches } from './import.bench'
import { memoryBenches } from './memory.bench'
import { searchBenches } from './search.bench'
import { textLogBenches } from './text-log.bench'
import { timelineBenches } from './timeline.bench'

const BENCHES: Record<string, (rows: BenchRow[]) => Promise<void>> = { core: coreBenches, import: importBenches, 'text-log': textLogBenches, analysis: analysisBenches, timeline: timelineBenches, search: searchBenches, memory: memoryBenches }

async function main(): Promise<void> {
  const wanted = process.argv.slice(2)
  const unknown = wanted.filter((w) => !(w in BENCHES))
  if (unknown.length) throw new Error(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`)
  const rows: BenchRow[] = []
  for (const [name, run] of Object.entries(BENCHES)) {
    if (wanted.length && !wanted.includes(name)) continue
    console.error(`bench: ${name}…`)
    await run(rows)
  }
  console.log(table(rows))
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${(e as Error).message}`)
  process.exitCode = 1
})
