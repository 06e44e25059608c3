import { describe, expect, it } from 'vitest'
import { markdownToSafeHtml, safeHref } from '../../../src-main/services/markdown-html'

describe('safe Markdown', () => {
  it('shows raw HTML as text, keeps only http(s)/mailto links and turns images into their alt text', () => {
    const html = markdownToSafeHtml('**b** <script>alert(1)</script> [doc](https://example.test/a) [js](javascript:alert(2)) ![cam](https://evil.test/x.png)')
    expect(html).toContain('<strong>b</strong>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('<a href="https://example.test/a" rel="noopener noreferrer">doc</a>')
    expect(html).not.toMatch(/javascript:|<img|<script/i)
    expect(html).toContain('[cam]')
  })

  it('judges hrefs by scheme, ignoring surrounding space and case', () => {
    expect(safeHref('  HTTPS://x.test ')).toBe('HTTPS://x.test')
    expect(safeHref('data:text/html,x')).toBeNull()
    expect(safeHref('//x.test')).toBeNull()
  })
})
