/**
 * Encrypted SDK logs: Agora SDK 4.x writes `agorasdk.log` encrypted by default (near-random bytes),
 * and other vendors do the same. Such a file cannot be parsed, but it must be listed as "encrypted"
 * (so the engineer asks for a plain log) rather than "unknown" or "binary". Recognised by a
 * high byte entropy in a file whose name looks like an SDK log, and no known compressed-file magic.
 */
import { emptyEntry } from '../../model/call'
import type { BytesParser, FormatHandler, SniffInput } from '../../model/parser'

/** Bits per byte above which content is treated as encrypted (plain logs are ~4.5-5.5; ciphertext ~8). */
export const ENCRYPTED_ENTROPY = 7.5
/** Fewer bytes than this say too little. */
const MIN_BYTES = 1024

const AGORA_NAME = /agora/i
const LOG_NAME = /\.(log|txt|xlog|glog|log\.\d+)$|(^|[/\\_.-])(log|logs|sdk)[/\\_.-]/i

/** Shannon entropy of the bytes, in bits per byte. */
export function byteEntropy(bytes: Uint8Array): number {
  const n = bytes.length
  if (n === 0) return 0
  const counts = new Uint32Array(256)
  for (let i = 0; i < n; i++) counts[bytes[i]!]!++
  let h = 0
  for (let b = 0; b < 256; b++) {
    const c = counts[b]!
    if (c === 0) continue
    const p = c / n
    h -= p * Math.log2(p)
  }
  return h
}

/** True for the magic numbers of compressed or media files (also high-entropy, but not encrypted logs). */
function knownBinaryMagic(b: Uint8Array): boolean {
  const at = (i: number) => b[i] ?? -1
  return (at(0) === 0x1f && at(1) === 0x8b) // gzip
    || (at(0) === 0x50 && at(1) === 0x4b) // zip
    || (at(0) === 0x28 && at(1) === 0xb5 && at(2) === 0x2f && at(3) === 0xfd) // zstd
    || (at(0) === 0xfd && at(1) === 0x37 && at(2) === 0x7a && at(3) === 0x58) // xz
    || (at(0) === 0x42 && at(1) === 0x5a && at(2) === 0x68) // bzip2
    || (at(0) === 0x37 && at(1) === 0x7a && at(2) === 0xbc && at(3) === 0xaf) // 7z
    || (at(0) === 0xd4 && at(1) === 0xc3 && at(2) === 0xb2 && at(3) === 0xa1) // pcap LE
    || (at(0) === 0xa1 && at(1) === 0xb2 && at(2) === 0xc3 && at(3) === 0xd4) // pcap BE
    || (at(0) === 0x0a && at(1) === 0x0d && at(2) === 0x0d && at(3) === 0x0a) // pcapng
    || (at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47) // png
    || (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) // jpeg
}

/** Confidence that the entry is an encrypted SDK log: 0.9 for Agora-named logs, 0.6 for other log names. */
export function encryptedLogSniff(input: SniffInput): number {
  const head = input.head
  if (head.length < MIN_BYTES || knownBinaryMagic(head)) return 0
  const name = input.path.split(/[/\\]/).pop() ?? input.path
  const agora = AGORA_NAME.test(name)
  if (!agora && !LOG_NAME.test(input.path)) return 0
  if (byteEntropy(head) < ENCRYPTED_ENTROPY) return 0
  return agora ? 0.9 : 0.6
}

/** The handler: no parsing, an `encrypted` entry with a diagnostic that says what to ask for. */
export const encryptedLogFormat: FormatHandler = {
  id: 'encrypted-log',
  sniff: encryptedLogSniff,
  create(ctx): BytesParser {
    const head: Uint8Array[] = []
    let headBytes = 0
    let size = 0
    return {
      mode: 'bytes',
      push(chunk) {
        size += chunk.length
        if (headBytes < 65536) { head.push(chunk.subarray(0, 65536 - headBytes).slice()); headBytes += Math.min(chunk.length, 65536 - headBytes) }
      },
      end() {
        const bytes = new Uint8Array(headBytes)
        let o = 0
        for (const c of head) { bytes.set(c, o); o += c.length }
        const name = ctx.path.split(/[/\\]/).pop() ?? ctx.path
        const agora = AGORA_NAME.test(name)
        const entry = emptyEntry('encrypted', agora ? 'encrypted/agora' : 'encrypted')
        const entropy = byteEntropy(bytes)
        const bits = entropy.toFixed(2)
        entry.meta.entropyBitsPerByte = Number(bits)
        entry.meta.sizeBytes = size
        entry.diagnostics.push({
          severity: 'warning',
          message: agora
            ? `${name}: encrypted Agora SDK log (${bits} bit/byte): it cannot be read here; ask for the plain-text log or decrypt it with Agora's tools first`
            : `${name}: encrypted or binary log (${bits} bit/byte): it cannot be read here`,
        })
        return entry
      },
    }
  },
}
