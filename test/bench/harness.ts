/** Shared timing helpers and the result table of `npm run bench` (medians after a warm-up run). */

export interface BenchRow { name: string; value: string; baseline: string; ratio: string }

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Median ms of `runs` calls after one warm-up call. */
export function time(fn: () => void, runs = 5): number {
  fn()
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn()
    ms.push(performance.now() - t0)
  }
  return median(ms)
}

export async function timeAsync(fn: () => Promise<unknown>, runs = 3): Promise<number> {
  await fn()
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    ms.push(performance.now() - t0)
  }
  return median(ms)
}

export function table(rows: BenchRow[]): string {
  const head = ['benchmark', 'result (median)', 'baseline, same run', 'ratio']
  return [head, head.map(() => '---'), ...rows.map((r) => [r.name, r.value, r.baseline, r.ratio])].map((r) => `| ${r.join(' | ')} |`).join('\n')
}
