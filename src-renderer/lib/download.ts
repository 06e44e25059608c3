/**
 * Saves exported content as a file through the browser's download (a Blob URL on a temporary link):
 * Chromium saves it, Electron asks where. Base64 content (PDF) is decoded to bytes first.
 */
export function downloadFile(filename: string, mimeType: string, content: string, encoding: 'utf8' | 'base64'): void {
  const data = encoding === 'base64' ? Uint8Array.from(atob(content), (c) => c.charCodeAt(0)) : content
  const url = URL.createObjectURL(new Blob([data], { type: mimeType }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.rel = 'noopener'
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** `2025-09-16T14:04:11` (an `<input type="datetime-local" step="1">` value, read as UTC) ↔ epoch ms. */
export function utcInputValue(ms: number | null): string {
  return ms === null || !Number.isFinite(ms) ? '' : new Date(ms).toISOString().slice(0, 19)
}

export function parseUtcInput(value: string): number | null {
  if (!value) return null
  const ms = Date.parse(value.length === 16 ? `${value}:00Z` : `${value}Z`)
  return Number.isFinite(ms) ? ms : null
}
