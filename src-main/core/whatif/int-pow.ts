/**
 * x^n for a whole exponent by repeated squaring. The replay raises loss rates to packet counts and
 * retry counts (small whole numbers) several times a second per scenario; `Math.pow` costs several
 * times more there. The result differs from `Math.pow` by a few ulps at most (tested); a fractional or
 * negative exponent falls back to `Math.pow`.
 */
export function powInt(x: number, n: number): number {
  if (!(n >= 0 && n <= 1024) || n !== Math.floor(n)) return Math.pow(x, n)
  let result = 1
  let base = x
  let e = n
  while (e > 0) {
    if (e & 1) result *= base
    e >>>= 1
    if (e > 0) base *= base
  }
  return result
}
