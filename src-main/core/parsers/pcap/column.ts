/**
 * A growable Float64 column for per-second aggregates (never per packet): doubling growth, copied out
 * once at the end.
 */

/** Append-only Float64 column. */
export class Column {
  private a: Float64Array
  n = 0

  constructor(capacity = 16) {
    this.a = new Float64Array(capacity)
  }

  push(v: number): void {
    if (this.n === this.a.length) {
      const grown = new Float64Array(this.a.length * 2)
      grown.set(this.a)
      this.a = grown
    }
    this.a[this.n++] = v
  }

  at(i: number): number {
    return this.a[i]!
  }

  /** A right-sized copy. */
  toArray(): Float64Array {
    return this.a.slice(0, this.n)
  }
}
