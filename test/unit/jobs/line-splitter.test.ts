import { describe, expect, it } from 'vitest'
import { LineSplitter } from '../../../src-main/jobs/line-splitter'

function split(chunks: string[], max?: number) {
  const out: [number, string][] = []
  const s = new LineSplitter((line, n) => out.push([n, line]), max)
  for (const c of chunks) s.push(c)
  s.end()
  return { lines: out, diagnostics: s.diagnostics }
}

describe('LineSplitter', () => {
  it('splits LF and CRLF across chunk boundaries and keeps a last line without newline', () => {
    expect(split(['a\r', '\nbb\nc', 'c\r\n', 'dd']).lines).toEqual([[1, 'a'], [2, 'bb'], [3, 'cc'], [4, 'dd']])
    expect(split(['x\n']).lines).toEqual([[1, 'x']])
    expect(split(['\n\n']).lines).toEqual([[1, ''], [2, '']])
  })

  it('cuts an over-long line, reports it with its number, and goes on with the next line', () => {
    const { lines, diagnostics } = split(['ok\n', 'y'.repeat(7), 'y'.repeat(7), '\nafter\n'], 10)
    expect(lines).toEqual([[1, 'ok'], [2, 'yyyyyyyyyy'], [3, 'after']])
    expect(diagnostics).toEqual([{ severity: 'warning', line: 2, message: 'line 2 is longer than 10 characters; only its start is read' }])
  })

  it('bounds memory on a file that is one huge line', () => {
    const { lines, diagnostics } = split(Array.from({ length: 50 }, () => 'z'.repeat(1000)), 100)
    expect(lines).toEqual([[1, 'z'.repeat(100)]])
    expect(diagnostics).toHaveLength(1)
  })
})
