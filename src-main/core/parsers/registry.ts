/**
 * The built-in formats, and content sniffing: the handler with the highest confidence wins, if it
 * reaches `MIN_CONFIDENCE`. File names are never trusted (bundles' names lie).
 */
import type { FormatHandler, SniffInput } from '../model/parser'
import { webrtcInternalsFormat } from './webrtc-internals/parse'
import { rtcstatsFormat } from './rtcstats/parse'
import { pcapFormat } from './pcap/format'
import { encryptedLogFormat } from './text-log/encrypted'
import { textLogFormats } from './text-log/handler'
import type { LogFormatDefinition } from './text-log/types'

export const MIN_CONFIDENCE = 0.5

/**
 * Built-in handlers, most specific first (ties go to the earlier one). `logFormats` are the declarative
 * text-log definitions the job layer loaded (`jobs/log-format-loader.ts`: built-in JSON + the user's);
 * the core never reads them from disk. Without them, text logs are not recognised.
 */
export function builtinFormats(logFormats: readonly LogFormatDefinition[] = []): FormatHandler[] {
  return [webrtcInternalsFormat, rtcstatsFormat, pcapFormat, ...textLogFormats(logFormats), encryptedLogFormat]
}

/** The best handler for an entry and its confidence, or null when nothing recognises it. */
export function sniffFormat(handlers: readonly FormatHandler[], input: SniffInput): { handler: FormatHandler; confidence: number } | null {
  let best: { handler: FormatHandler; confidence: number } | null = null
  for (const handler of handlers) {
    const confidence = handler.sniff(input)
    if (confidence >= MIN_CONFIDENCE && (!best || confidence > best.confidence)) best = { handler, confidence }
  }
  return best
}
