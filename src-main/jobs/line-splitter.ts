/**
 * Splits decoded text chunks into lines (LF or CRLF) for line parsers, with a ceiling on line
 * length: a hostile or broken file with a 10 MB "line" (or no newline at all) is cut at
 * MAX_LINE_CHARS and reported once per line, so memory stays bounded and the rest still parses.
 */
import type { Diagnostic } from '../core/model/call'

export const MAX_LINE_CHARS = 1_000_000

export class LineSplitter {
  private carry = ''
  private isSkipping = false
  private lineNo = 0
  readonly diagnostics: Diagnostic[] = []

  constructor(private readonly onLine: (line: string, lineNo: number) => void, private readonly maxChars = MAX_LINE_CHARS) {}

  push(text: string): void {
    let start = 0
    for (;;) {
      const nl = text.indexOf('\n', start)
      if (nl < 0) break
      this.emit(text.slice(start, nl))
      start = nl + 1
    }
    this.append(text.slice(start))
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
    if (this.isSkipping) {
      this.diagnostics.push({ severity: 'warning', line: this.lineNo, message: `line ${this.lineNo} is longer than ${this.maxChars} characters; only its start is read` })
    }
    this.carry = ''
    this.isSkipping = false
    this.onLine(line, this.lineNo)
  }
}
