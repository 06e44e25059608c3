/**
 * Text encoding of one entry, detected from its first bytes, and a streaming decoder for it.
 * Handles UTF-8 (with or without BOM; stray NUL bytes tolerated), UTF-16LE/BE (BOM, or the NUL
 * pattern of mostly-ASCII text), and GB18030/GBK (Chinese Windows clients: bytes that are not valid
 * UTF-8 but decode cleanly as GB18030). High-entropy or control-heavy content is `binary`.
 * UTF-8 is decoded chunk by chunk on a fast path: pure-ASCII bytes become a Latin-1 slice (one-byte
 * strings, which the line regexes scan fastest), other complete sequences go through TextDecoder's
 * one-shot path, and an incomplete sequence at a chunk's end waits for the next chunk; the text is
 * exactly what a streaming TextDecoder gives. UTF-16 uses a streaming TextDecoder (which strips the
 * BOM); iconv-lite decodes GB18030.
 */
import { isAscii } from 'node:buffer'
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

export interface DecoderOptions {
  /**
   * Drop a byte-order mark at the start of the stream (default true). False when decoding a later
   * part of a file on its own: a U+FEFF there is text, as it is for a decoder that read what came before.
   */
  stripBom?: boolean
}

/** A streaming decoder for a detected encoding (`binary` decodes as UTF-8 with replacement characters). */
export function createStreamingDecoder(encoding: TextEncodingName | string, opts: DecoderOptions = {}): StreamingDecoder {
  const name = normalize(encoding)
  if (name === 'gb18030') return iconvDecoder('gb18030', name)
  if (name === 'utf-8' || name === 'binary') return new Utf8Decoder(name, opts.stripBom ?? true)
  let td: TextDecoder
  try {
    td = new TextDecoder(name, { ignoreBOM: opts.stripBom === false })
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

/**
 * UTF-8 in chunks without TextDecoder's streaming mode (which goes through ICU and yields two-byte
 * strings). Each chunk is cut before an incomplete trailing sequence, which is carried into the next
 * chunk: decoding stops and restarts at a lead byte, where a WHATWG decoder's state holds nothing but
 * that sequence, so the output (replacement characters included) equals a streaming decode.
 */
class Utf8Decoder implements StreamingDecoder {
  private pending: Buffer | null = null
  private readonly td = new TextDecoder('utf-8', { ignoreBOM: true })

  constructor(readonly encoding: TextEncodingName, private atStart: boolean) {}

  write(chunk: Uint8Array): string {
    let b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    if (this.pending !== null) {
      b = Buffer.concat([this.pending, b])
      this.pending = null
    }
    if (this.atStart) {
      if (b.length < 3 && isBomPrefix(b)) {
        this.pending = Buffer.from(b)
        return ''
      }
      this.atStart = false
      if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3)
    }
    const n = completeLength(b)
    // The chunk's memory may be reused by the reader: keep a copy of the carried bytes.
    if (n < b.length) this.pending = Buffer.from(b.subarray(n))
    return this.decode(n === b.length ? b : b.subarray(0, n))
  }

  end(): string {
    const rest = this.pending
    this.pending = null
    this.atStart = false
    return rest === null ? '' : this.td.decode(rest)
  }

  private decode(b: Buffer): string {
    if (b.length === 0) return ''
    return isAscii(b) ? b.toString('latin1') : this.td.decode(b)
  }
}

function isBomPrefix(b: Uint8Array): boolean {
  return (b.length === 0 || b[0] === 0xef) && (b.length < 2 || b[1] === 0xbb)
}

/** Length of `b` without an incomplete multi-byte sequence at its end (a lead byte followed by too few bytes). */
function completeLength(b: Uint8Array): number {
  const n = b.length
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k]!
    if (c < 0x80) return n
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2
      return k < need ? n - k : n
    }
  }
  return n
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
