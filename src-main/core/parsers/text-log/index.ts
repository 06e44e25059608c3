/**
 * The declarative text-log engine (lnav-style JSON formats): public surface for the registry and the
 * job layer. Definitions arrive as plain data; the core never reads files.
 */
export { compileLogFormat } from './compile'
export { encryptedLogFormat, encryptedLogSniff, byteEntropy } from './encrypted'
export { sniffTextLog, textLogFormat, textLogFormats } from './handler'
export { LOG_BATCH, TextLogParser } from './parser'
export type { ExtractorSet, ExtractorSpec, LogFormatDefinition, LogFormatFile, ParseResult } from './types'
export { type LinkError, linkLogFormats, validateLogFormat, validateLogFormatFile } from './validate'
