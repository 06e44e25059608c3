/**
 * Literal keyword search for the extractors' trigger: does a text hold any of the keywords, and
 * which? Run on every record, so it must be cheap for the ~95% of lines that hold none. A regex
 * alternation of ~20 literals scans every character (irregexp cannot skip with so many
 * alternatives); this is Wu-Manber: a window as long as the shortest keyword slides over the text,
 * and the two characters ending the window say how far it may jump (usually the window's length
 * minus one), so only a fraction of the characters is read. Where the jump is 0, the keywords whose
 * window-long prefix ends with those two characters are compared in place. Exact: a keyword is
 * reported iff it occurs in the text (the property test compares with `String.includes`).
 */

/** Window-ending character pairs hash into this many shift slots (collisions only shorten jumps). */
const SLOTS = 1 << 12
/** Longer windows jump further but only the shortest keyword's length is usable; capped to fit a byte. */
const MAX_WINDOW = 64

function slot(a: number, b: number): number {
  return ((a << 5) ^ b) & (SLOTS - 1)
}

export class KeywordSet {
  /** Distinct keywords; `collect` marks them by index. */
  readonly words: readonly string[]
  /** The window: the shortest keyword's length (capped). */
  private readonly m: number
  /** Per slot: how far the window may move when it ends with a pair of that slot. */
  private readonly shift: Uint8Array
  /** Per slot with shift 0: indexes of the keywords whose window-long prefix ends with such a pair. */
  private readonly candidates: (number[] | undefined)[]
  /** A one-character keyword leaves no window to slide: then every keyword is looked for with indexOf. */
  private readonly plain: boolean

  constructor(words: readonly string[]) {
    this.words = [...new Set(words)]
    if (this.words.length === 0) throw new Error('no keywords')
    const m = Math.min(MAX_WINDOW, ...this.words.map((w) => w.length))
    this.m = m
    this.plain = m < 2
    this.shift = new Uint8Array(SLOTS).fill(Math.max(m - 1, 1))
    this.candidates = new Array<number[] | undefined>(SLOTS)
    if (this.plain) return
    this.words.forEach((w, i) => {
      // A pair ending at j in a keyword's prefix: the window may move only far enough to align it with the window's end.
      for (let j = 1; j < m; j++) {
        const k = slot(w.charCodeAt(j - 1), w.charCodeAt(j))
        this.shift[k] = Math.min(this.shift[k]!, m - 1 - j)
      }
      ;(this.candidates[slot(w.charCodeAt(m - 2), w.charCodeAt(m - 1))] ??= []).push(i)
    })
  }

  /** True when `text` holds a keyword at or after `from`. */
  test(text: string, from = 0): boolean {
    return this.scan(text, from, null)
  }

  /** Sets `found[i]` to 1 for every keyword i that `text` holds at or after `from` (others untouched); true when any. */
  collect(text: string, from: number, found: Uint8Array): boolean {
    return this.scan(text, from, found)
  }

  private scan(text: string, from: number, found: Uint8Array | null): boolean {
    if (this.plain) return this.scanPlain(text, from, found)
    const m = this.m
    const shift = this.shift
    const n = text.length
    let any = false
    for (let end = from + m - 1; end < n;) {
      const k = slot(text.charCodeAt(end - 1), text.charCodeAt(end))
      const s = shift[k]!
      if (s !== 0) {
        end += s
        continue
      }
      const start = end - m + 1
      const list = this.candidates[k]!
      for (let c = 0; c < list.length; c++) {
        const i = list[c]!
        if (!text.startsWith(this.words[i]!, start)) continue
        if (found === null) return true
        found[i] = 1
        any = true
      }
      end++
    }
    return any
  }

  private scanPlain(text: string, from: number, found: Uint8Array | null): boolean {
    let any = false
    for (let i = 0; i < this.words.length; i++) {
      if (text.indexOf(this.words[i]!, from) < 0) continue
      if (found === null) return true
      found[i] = 1
      any = true
    }
    return any
  }
}
