/**
 * The pcap / pcapng format handler: recognised by its magic number (never by name), parsed as a
 * BytesParser in streaming chunks by `CaptureAnalyzer`. Never throws on bad input: garbage, empty or
 * truncated captures end with diagnostics.
 */
import { emptyEntry, type ParsedEntry } from '../../model/call'
import type { BytesParser, FormatHandler, ParseContext, SniffInput } from '../../model/parser'
import { CaptureAnalyzer } from './analyzer'
import { u32 } from './bytes'
import { pcapMagic } from './pcap-classic-reader'

/** 0..1 confidence that the entry is a pcap or pcapng capture. */
export function sniffPcap(input: SniffInput): number {
  const h = input.head
  if (h.length < 4) return 0
  if (h[0] === 0x0a && h[1] === 0x0d && h[2] === 0x0d && h[3] === 0x0a) {
    if (h.length < 12) return 0.6
    const bom = ((h[8]! << 24) | (h[9]! << 16) | (h[10]! << 8) | h[11]!) >>> 0
    return bom === 0x1a2b3c4d || bom === 0x4d3c2b1a ? 0.99 : 0
  }
  const m = pcapMagic(h, 0)
  if (!m) return 0
  if (h.length < 24) return 0.6
  const major = m.littleEndian ? h[4]! | (h[5]! << 8) : (h[4]! << 8) | h[5]!
  return major === 2 && u32(h, 20, m.littleEndian) < 0x10000 ? 0.99 : 0.7
}

/** A streaming parser over one capture. */
export function createPcapParser(ctx?: Pick<ParseContext, 'path'>): BytesParser {
  const a = new CaptureAnalyzer(ctx?.path ?? '')
  let done: ParsedEntry | null = null
  return {
    mode: 'bytes',
    push(chunk: Uint8Array) {
      if (done) return
      try {
        a.push(chunk)
      } catch (e) {
        // A bug must not take the import down: report it and ignore the rest of the input.
        a.diag('error', `pcap parser failure: ${(e as Error).message}`)
        try {
          done = a.end()
        } catch {
          done = emptyEntry('pcap', 'pcap')
          done.diagnostics.push({ severity: 'error', message: `pcap parser failure: ${(e as Error).message}` })
        }
      }
    },
    end() {
      if (done) return done
      try {
        done = a.end()
      } catch (e) {
        done = emptyEntry('pcap', 'pcap')
        done.diagnostics.push({ severity: 'error', message: `pcap parser failure at end: ${(e as Error).message}` })
      }
      return done
    },
  }
}

/** Parses a whole capture held in memory (tests, small files). */
export function parsePcapBytes(bytes: Uint8Array, chunkSize = 1 << 16, path = ''): ParsedEntry {
  const p = createPcapParser({ path })
  for (let i = 0; i < bytes.length; i += chunkSize) p.push(bytes.subarray(i, Math.min(bytes.length, i + chunkSize)))
  return p.end()
}

/** The format handler registered with the importer. */
export const pcapFormat: FormatHandler = {
  id: 'pcap',
  sniff: sniffPcap,
  create(ctx: ParseContext): BytesParser {
    return createPcapParser(ctx)
  },
}
