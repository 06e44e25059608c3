/**
 * Splits decoded text chunks into lines (LF or CRLF) for line parsers, with a ceiling on line
 * length: a hostile or broken file with a 10 MB "line" (or no newline at all) is cut at
 * MAX_LINE_CHARS and reported once per line, so memory stays bounded and the rest still parses.
 * The common case (a whole line inside one chunk, shorter than the ceiling) is one `indexOf` and
 * one `slice` per line; only lines that straddle chunks or are too long take the carrying path.
 */
import type { Diagnostic } from '../core/model/call'

export const MAX_LINE_CHARS = 1_000_000

/** The warning for a line cut at `maxChars`. */
export function longLineMessage(lineNo: number, maxChars: number): string {
  return `line ${lineNo} is longer than ${maxChars} characters; only its start is read`
}

export class LineSplitter {
  private carry = ''
  private isSkipping = false
  private lineNo = 0
  readonly diagnostics: Diagnostic[] = []

  constructor(private readonly onLine: (line: string, lineNo: number) => void, private readonly maxChars = MAX_LINE_CHARS) {}

  /** Lines emitted so far. */
  get lineCount(): number {
    return this.lineNo
  }

  push(text: string): void {
    let start = 0
    let nl = text.indexOf('\n')
    if (nl < 0) {
      this.append(text)
      return
    }
    if (this.carry !== '' || this.isSkipping) {
      this.emit(text.slice(0, nl))
      start = nl + 1
      nl = text.indexOf('\n', start)
    }
    const onLine = this.onLine
    const max = this.maxChars
    while (nl >= 0) {
      if (nl - start > max) {
        this.emit(text.slice(start, nl))
      } else {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl
        onLine(text.slice(start, end), ++this.lineNo)
      }
      start = nl + 1
      nl = text.indexOf('\n', start)
    }
    if (start < text.length) this.append(start === 0 ? text : text.slice(start))
  }

  end(): void {
    if (this.carry || this.isSkipping) this.emit('')
  }

  private append(part: string): void {
    if (this.isSkipping) return
    if (this.carry.length + part.length <= this.maxChars) {
      this.carry += part
      return
    }
    // The line is too long: keep its head, drop the rest up to the next newline.
    this.carry = (this.carry + part).slice(0, this.maxChars)
    this.isSkipping = true
  }

  private emit(tail: string): void {
    this.append(tail)
    let line = this.carry
    if (line.endsWith('\r')) line = line.slice(0, -1)
    this.lineNo++
    if (this.isSkipping) this.diagnostics.push({ severity: 'warning', line: this.lineNo, message: longLineMessage(this.lineNo, this.maxChars) })
    this.carry = ''
    this.isSkipping = false
    this.onLine(line, this.lineNo)
  }
}
