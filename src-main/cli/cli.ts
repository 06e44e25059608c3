/**
 * `rtcwb`: the workbench from a terminal. Every command goes through the same dispatcher and
 * contract as the desktop app and the browser, on the same store. Exit codes: 0 ok, 1 the work
 * failed (message on stderr), 2 the command line was wrong.
 */
import { serveFromArgs } from '../server'
import { appVersion } from '../version'
import { UsageError, parseArgs } from './args'
import { CASES_USAGE, casesCommand } from './cases-command'
import { type CliContext, openCli } from './context'
import { describeImport, importCommand } from './import-command'
import { analyzeArgs, analyzeCommand, describeAnalysis } from './analyze-command'
import { describeInspect, inspectCommand } from './inspect-command'
import { describeReplays, whatifBundleArgs, whatifBundleCommand } from './whatif-bundle-command'
import { WHATIF_USAGE, runWhatIf } from './whatif-command'

export const HELP = `rtcwb — RTC Workbench from the command line

Usage:
  rtcwb serve [--port N] [--open] [--no-demo]   serve the workbench on http://127.0.0.1 (browser mode)
  rtcwb import <file|folder> [--case ID] [--json]
                                                 import a bundle (a new case, or into case ID)
  rtcwb inspect <file|folder> [--json]          describe a bundle (entries, streams, events) without storing it
  rtcwb analyze <file|folder> | --case ID [--lang en|zh] [--json]
                                                 findings of the detectors, ranked by impact, with evidence and next steps
${WHATIF_USAGE}
  rtcwb whatif <file|folder> --scenario FILE.json [--stream KEY|SSRC] [--per-second] [--json]
                                                 replay a bundle's streams under other codec/network settings
${CASES_USAGE}
  rtcwb --help | --version

Options for every command:
  --data-dir DIR   the store's folder (default: $RTC_WORKBENCH_DATA, else $XDG_DATA_HOME/rtc-workbench,
                   else ~/.rtc-workbench)

Bundles: a file, a folder, or a zip / tar / tar.gz archive (nested archives one level deep); entries are
recognised by content. See README "Formats supported".
`

export async function runCli(argv: string[], out: (s: string) => void = (s) => console.log(s)): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(HELP)
    return command ? 0 : 2
  }
  if (command === '--version' || command === '-v') {
    out(appVersion())
    return 0
  }
  if (command === 'serve') {
    await serveFromArgs(rest)
    return new Promise<number>(() => undefined) // runs until a signal stops the server
  }
  if (command === 'import') {
    const a = parseArgs(rest, { boolean: ['json'], string: ['case', 'data-dir'] })
    if (a.positionals.length !== 1) throw new UsageError('import takes exactly one file or folder')
    return withCli(a.flags['data-dir'], async (ctx) => {
      const caseId = typeof a.flags.case === 'string' ? a.flags.case : undefined
      const result = await importCommand(ctx, a.positionals[0]!, { json: a.flags.json === true, ...(caseId ? { caseId } : {}) })
      out(a.flags.json ? JSON.stringify(result, null, 2) : describeImport(result))
    })
  }
  if (command === 'inspect') {
    const a = parseArgs(rest, { boolean: ['json'], string: ['data-dir'] })
    if (a.positionals.length !== 1) throw new UsageError('inspect takes exactly one file or folder')
    return withCli(a.flags['data-dir'], async (ctx) => {
      const result = await inspectCommand(ctx, a.positionals[0]!)
      out(a.flags.json ? JSON.stringify(result, null, 2) : describeInspect(result))
    })
  }
  if (command === 'analyze') {
    const args = analyzeArgs(rest)
    return withCli(args.dataDir, async (ctx) => {
      const result = await analyzeCommand(ctx, args)
      out(args.json ? JSON.stringify(result, null, 2) : describeAnalysis(result, args.lang))
    })
  }
  if (command === 'whatif') {
    // `whatif <bundle> --scenario f.json` replays a bundle; `whatif --codec … --loss …` rates one point.
    if (rest[0] !== undefined && !rest[0].startsWith('-')) {
      const args = whatifBundleArgs(rest)
      return withCli(args.dataDir, async (ctx) => {
        const result = await whatifBundleCommand(ctx, args)
        out(args.json ? JSON.stringify(result, null, 2) : describeReplays(result))
      })
    }
    out(runWhatIf(rest))
    return 0
  }
  if (command === 'cases') return casesCommand(rest, out, withCli)
  throw new UsageError(`unknown command ${command}`)
}

async function withCli(dataDir: unknown, fn: (ctx: CliContext) => Promise<void>): Promise<number> {
  const ctx = await openCli(typeof dataDir === 'string' ? dataDir : undefined)
  try {
    await fn(ctx)
    return 0
  } finally {
    await ctx.app.dispose()
  }
}

export async function main(): Promise<void> {
  let code: number
  try {
    code = await runCli(process.argv.slice(2))
  } catch (e) {
    const isUsage = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    console.error(`rtcwb: ${(e as Error).message}${isUsage ? '\n(see rtcwb --help)' : ''}`)
    code = isUsage ? 2 : 1
  }
  process.exitCode = code
}

if (require.main === module) void main()
