/**
 * Markdown → HTML for exported reports, safe without a DOM sanitiser: raw HTML in the source is
 * shown as text, links keep only http(s)/mailto targets, images become their alt text (a report
 * loads nothing remote). The renderer does the same with marked + DOMPurify (lib/markdown.ts): the
 * renderer may not run src-main modules beyond a few pure core helpers (test/architecture.test.ts),
 * so the ~15 lines of marked setup are written twice; tests on both sides check the same cases.
 */
import { Marked } from 'marked'

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export function safeHref(href: string): string | null {
  const h = href.trim()
  return /^(https?:|mailto:)/i.test(h) ? h : null
}

const marked = new Marked({ gfm: true, breaks: true, async: false })
marked.use({
  renderer: {
    html({ text }) {
      return esc(text)
    },
    link({ href, tokens }) {
      const inner = this.parser.parseInline(tokens)
      const safe = safeHref(href)
      return safe ? `<a href="${esc(safe)}" rel="noopener noreferrer">${inner}</a>` : inner
    },
    image({ text }) {
      return esc(`[${text}]`)
    },
  },
})

export function markdownToSafeHtml(src: string): string {
  return marked.parse(src, { async: false }) as string
}
