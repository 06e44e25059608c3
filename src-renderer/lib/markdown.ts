/**
 * Markdown notes shown in the UI, safe by construction and then sanitised: marked renders with raw
 * HTML shown as text, links kept only for http(s)/mailto (opening outside the app) and images as
 * their alt text (no remote content); DOMPurify then removes anything executable that could remain.
 * Two layers, so a note pasted from a customer's ticket can never run code in the workbench.
 */
import DOMPurify from 'dompurify'
import { Marked } from 'marked'

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const marked = new Marked({ gfm: true, breaks: true, async: false })
marked.use({
  renderer: {
    html({ text }) {
      return esc(text)
    },
    link({ href, tokens }) {
      const inner = this.parser.parseInline(tokens)
      return /^(https?:|mailto:)/i.test(href.trim()) ? `<a href="${esc(href.trim())}" target="_blank" rel="noopener noreferrer">${inner}</a>` : inner
    },
    image({ text }) {
      return esc(`[${text}]`)
    },
  },
})

const purify = DOMPurify(window)

export function renderMarkdown(src: string): string {
  const html = marked.parse(src, { async: false }) as string
  return purify.sanitize(html, {
    FORBID_TAGS: ['style', 'iframe', 'form', 'input', 'button', 'textarea', 'select', 'object', 'embed', 'img'],
    FORBID_ATTR: ['style'],
    ADD_ATTR: ['target'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  })
}
