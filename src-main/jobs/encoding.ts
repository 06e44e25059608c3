/**
 * Text encoding of one entry, detected from its first bytes, and a streaming decoder for it.
 * Handles UTF-8 (with or without BOM; stray NUL bytes tolerated), UTF-16LE/BE (BOM, or the NUL
 * pattern of mostly-ASCII text), and GB18030/GBK (Chinese Windows clients: bytes that are not valid
 * UTF-8 but decode cleanly as GB18030). High-entropy or control-heavy content is `binary`.
 * TextDecoder decodes UTF-8/16 (and strips BOMs); iconv-lite decodes GB18030.
 */
import { TextDecoder } from 'node:util'
import iconv from 'iconv-lite'

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'binary'

export interface DetectedEncoding {
  encoding: TextEncodingName
  /** 0..1: 1 for a BOM, ~0.9 for clean pure ASCII, lower for heuristics with some doubt. */
  confidence: number
}

/** Bytes looked at for the NUL-pattern and validity checks. */
const SAMPLE = 64 * 1024

/** Detects the encoding of a file from its head (the first up to 64 KiB). */
export function detectEncoding(head: Uint8Array): DetectedEncoding {
  const b = head.length > SAMPLE ? head.subarray(0, SAMPLE) : head
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', confidence: 1 }
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', confidence: 1 }
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', confidence: 1 }
  if (b.length === 0) return { encoding: 'utf-8', confidence: 0.5 }

  const utf16 = nulPattern(b)
  if (utf16) return utf16

  const u = scanUtf8(b)
  const controls = controlRatio(b)
  if (u.invalid === 0) {
    if (controls > 0.1) return { encoding: 'binary', confidence: Math.min(1, 0.5 + controls) }
    return { encoding: 'utf-8', confidence: u.multibyte > 0 ? 1 : 0.9 }
  }
  const g = scanGb18030(b)
  if (g.multibyte > 0 && controls < 0.05 && g.invalid * 200 <= g.multibyte) {
    // The more UTF-8 errors the GB18030 reading repairs, the surer.
    const repaired = u.invalid / (u.invalid + u.multibyte)
    return { encoding: 'gb18030', confidence: Math.round((0.6 + 0.35 * repaired) * (g.multibyte / (g.multibyte + g.invalid)) * 100) / 100 }
  }
  const invalidRatio = u.invalid / Math.max(1, b.length / 16)
  if (controls > 0.05 || invalidRatio > 0.2) return { encoding: 'binary', confidence: Math.min(1, 0.5 + controls + invalidRatio / 2) }
  // Mostly text with a few bad bytes (a cut or damaged file): decode as UTF-8 with replacement characters.
  return { encoding: 'utf-8', confidence: 0.4 }
}

/** UTF-16 by the NUL bytes of ASCII characters: high bytes at odd offsets (LE) or even offsets (BE). */
function nulPattern(b: Uint8Array): DetectedEncoding | null {
  const n = Math.min(b.length, 8192) & ~1
  if (n < 16) return null
  let even = 0
  let odd = 0
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++
    if (b[i + 1] === 0) odd++
  }
  const pairs = n / 2
  if (odd / pairs > 0.2 && even / pairs < 0.05) return { encoding: 'utf-16le', confidence: Math.min(0.99, 0.5 + odd / pairs / 2) }
  if (even / pairs > 0.2 && odd / pairs < 0.05) return { encoding: 'utf-16be', confidence: Math.min(0.99, 0.5 + even / pairs / 2) }
  return null
}

/** Counts well-formed multi-byte sequences and invalid bytes; a sequence cut by the end of the sample is not an error. */
function scanUtf8(b: Uint8Array): { multibyte: number; invalid: number } {
  let multibyte = 0
  let invalid = 0
  const n = b.length
  let i = 0
  while (i < n) {
    const c = b[i]!
    if (c < 0x80) { i++; continue }
    let len: number
    let min: number
    if (c >= 0xc2 && c <= 0xdf) { len = 2; min = 0x80 } else if (c >= 0xe0 && c <= 0xef) { len = 3; min = 0x800 } else if (c >= 0xf0 && c <= 0xf4) { len = 4; min = 0x10000 } else { invalid++; i++; continue }
    if (i + len > n) {
      // Truncated at the end of the head: judge only the bytes present.
      let ok = true
      for (let k = i + 1; k < n; k++) if ((b[k]! & 0xc0) !== 0x80) ok = false
      if (!ok) invalid++
      break
    }
    let cp = c & (len === 2 ? 0x1f : len === 3 ? 0x0f : 0x07)
    let ok = true
    for (let k = 1; k < len; k++) {
      const cc = b[i + k]!
      if ((cc & 0xc0) !== 0x80) { ok = false; break }
      cp = (cp << 6) | (cc & 0x3f)
    }
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) { invalid++; i++; continue }
    multibyte++
    i += len
  }
  return { multibyte, invalid }
}

/** Counts GB18030 two- and four-byte sequences and bytes that fit neither. */
function scanGb18030(b: Uint8Array): { multibyte: number; invalid: number } {
  let multibyte = 0
  let invalid = 0
  const n = b.length
  let i = 0
  while (i < n) {
    const c = b[i]!
    if (c < 0x80) { i++; continue }
    if (c === 0x80 || c === 0xff) { invalid++; i++; continue }
    if (i + 1 >= n) break
    const d = b[i + 1]!
    if ((d >= 0x40 && d <= 0x7e) || (d >= 0x80 && d <= 0xfe)) { multibyte++; i += 2; continue }
    if (d >= 0x30 && d <= 0x39) {
      if (i + 3 >= n) break
      const e = b[i + 2]!
      const f = b[i + 3]!
      if (e >= 0x81 && e <= 0xfe && f >= 0x30 && f <= 0x39) { multibyte++; i += 4; continue }
    }
    invalid++
    i++
  }
  return { multibyte, invalid }
}

/** Fraction of bytes that are control characters other than tab, CR, LF, FF, ESC (a few NULs in a log are tolerated). */
function controlRatio(b: Uint8Array): number {
  let n = 0
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) n++
  }
  return n / b.length
}

/** Incremental decoding of byte chunks to text (multi-byte characters split across chunks are kept). */
export interface StreamingDecoder {
  readonly encoding: TextEncodingName
  write(chunk: Uint8Array): string
  /** Flushes what is left (an incomplete trailing character becomes U+FFFD). */
  end(): string
}

/** A streaming decoder for a detected encoding (`binary` decodes as UTF-8 with replacement characters). */
export function createStreamingDecoder(encoding: TextEncodingName | string): StreamingDecoder {
  const name = normalize(encoding)
  if (name === 'gb18030') return iconvDecoder('gb18030', name)
  let td: TextDecoder
  try {
    td = new TextDecoder(name === 'binary' ? 'utf-8' : name)
  } catch {
    // Node built without full ICU lacks utf-16be in TextDecoder.
    return iconvDecoder(name === 'utf-16be' ? 'utf16-be' : 'utf8', name)
  }
  return {
    encoding: name,
    write: (chunk) => td.decode(chunk, { stream: true }),
    end: () => td.decode(),
  }
}

function iconvDecoder(codec: string, name: TextEncodingName): StreamingDecoder {
  const d = iconv.getDecoder(codec, { stripBOM: true })
  return {
    encoding: name,
    write: (chunk) => d.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
    end: () => d.end() ?? '',
  }
}

function normalize(encoding: string): TextEncodingName {
  const e = encoding.toLowerCase().replace(/_/g, '-')
  if (e === 'utf8' || e === 'utf-8') return 'utf-8'
  if (e === 'utf-16le' || e === 'utf16le' || e === 'ucs-2' || e === 'utf-16') return 'utf-16le'
  if (e === 'utf-16be' || e === 'utf16be') return 'utf-16be'
  if (e === 'gb18030' || e === 'gbk' || e === 'gb2312' || e === 'cp936') return 'gb18030'
  if (e === 'binary') return 'binary'
  throw new Error(`unsupported text encoding "${encoding}"`)
}

/**
 * Detects and decodes a head in one go, for sniffing: text is null for `binary`. The last character
 * may be cut (the head ends at an arbitrary byte) and is dropped rather than shown as U+FFFD.
 */
export function decodeHead(head: Uint8Array): DetectedEncoding & { text: string | null } {
  const detected = detectEncoding(head)
  if (detected.encoding === 'binary') return { ...detected, text: null }
  const text = createStreamingDecoder(detected.encoding).write(head)
  return { ...detected, text: text.replace(/^\uFEFF/, '') }
}
