/** Shared test helpers for the what-if tests: seeded sequences and generators (fast-check is not installed). */
import { seededRandom } from '../../../../src-main/core/util/prng'

/** A loss indicator sequence drawn from a Gilbert chain (p: good→bad, q: bad→good). */
export function gilbertSequence(p: number, q: number, n: number, seed: number): Uint8Array {
  const rnd = seededRandom(seed)
  const out = new Uint8Array(n)
  let bad = rnd() < p / (p + q)
  for (let i = 0; i < n; i++) {
    out[i] = bad ? 1 : 0
    bad = bad ? rnd() >= q : rnd() < p
  }
  return out
}

/** A tiny seeded generator for property loops. */
export function gen(seed: number) {
  const rnd = seededRandom(seed)
  return {
    float: (lo: number, hi: number) => lo + (hi - lo) * rnd(),
    int: (lo: number, hi: number) => lo + Math.floor((hi - lo + 1) * rnd()),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!,
    bool: () => rnd() < 0.5,
  }
}
