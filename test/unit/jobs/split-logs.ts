/**
 * Generated text logs for the split-parse tests (not a test file): Agora 4.x with preamble,
 * continuations, error lines and a bad time; Jitsi with stack traces; a user format with epoch times,
 * unmatched lines, series on streams, connection events and late meta.
 */
import { Rng } from '../../fixtures/generate/prng'
import { T0, agora4x, agoraLikeChunks, jitsiLine } from '../../fixtures/generate/text-log'

/** A non-multiline format with epoch times, series on streams, connection events and late meta. */
export const EPOCH_FORMAT = {
  id: 'test-epoch',
  title: 'Test epoch log',
  samples: ['1709631000000 I conn=c1 stream=s1 fps=30'],
  timeFormat: ['%Q'],
  patterns: [{ regex: '^(?<time>\\d{13}) (?<level>[A-Z]) (?<message>.*)$' }],
  levels: { I: 'info', W: 'warning', E: 'error' },
  multiline: false,
  sniff: { weight: 1, minFraction: 0.5, requires: '^\\d{13} [IWE] ' },
  extractors: [
    {
      id: 'fps', keyword: 'fps=', regex: 'conn=(?<conn>\\w+) stream=(?<stream>\\w+) fps=(?<fps>\\d+)',
      series: [{ metric: 'fps', value: 'fps', stream: '{stream}', connection: '{conn}', streamKind: 'video', direction: 'recv' }],
    },
    { id: 'raw', keyword: 'raw=', regex: 'conn=(?<conn>\\w+) stream=(?<stream>\\w+) raw=(?<fps>\\d+)', series: [{ metric: 'fps', value: 'fps', stream: '{stream}', connection: '{conn}' }] },
    { id: 'state', keyword: 'state=', regex: 'conn=(?<conn>\\w+) state=(?<state>\\w+)', event: { type: 'ice.state', severity: 'info', message: '{conn} is {state}', connection: '{conn}' } },
    { id: 'late', keyword: 'build=', regex: 'build=(?<b>\\S+)', meta: { build: '{b}' } },
  ],
}

/** Agora 4.x: a preamble, the bench generator's records, continuation lines after some records. */
export function agoraLog(bytes: number, seed: number, opts: { crlf?: boolean; bom?: boolean; tail?: boolean } = {}): string {
  const rng = new Rng(seed)
  const out = ['agora log start', '']
  for (const chunk of agoraLikeChunks(bytes, seed, 16 * 1024)) {
    for (const line of chunk.split('\n')) {
      if (!line) continue
      out.push(line)
      if (rng.chance(0.02)) out.push(agora4x(T0 + out.length, 9, 'E', `[ERR] failure ${out.length}`))
      if (rng.chance(0.03)) for (let k = rng.int(1, 4); k > 0; k--) out.push(`    continuation ${k} of a dump: 加入频道 ${rng.int(0, 1e6)}`)
    }
  }
  // A record whose time does not parse (month 13): the parser's bad-time diagnostic.
  out.splice(Math.floor(out.length * 0.8), 0, agora4x(T0, 7, 'I', 'bad time follows').replace(/^\[\d\d/, '[13'))
  const nl = opts.crlf ? '\r\n' : '\n'
  return (opts.bom ? '\uFEFF' : '') + out.join(nl) + (opts.tail === false ? '' : nl)
}

/** Jitsi: records with module names, stack traces as continuations, ICE events on endpoints. */
export function jitsiLog(lines: number, seed: number): string {
  const rng = new Rng(seed)
  const out: string[] = []
  let ms = Date.UTC(2024, 2, 5, 9, 30)
  for (let i = 0; i < lines; i++) {
    ms += rng.int(0, 50)
    const ep = `ep${rng.int(1, 9)}`
    switch (rng.int(0, 5)) {
      case 0:
        out.push(jitsiLine(ms, 'SEVERE', 19, `AbstractHealthCheckService.run#174: Health check failed ${i}:`), 'java.lang.Exception: boom', '\tat org.jitsi.Foo.run(Foo.kt:100)')
        break
      case 1:
        out.push(jitsiLine(ms, 'INFO', 52, `[confId=0a1b epId=${ep} gid=f00001] IceTransport.iceStateChanged#321: ICE state changed old=Running new=Failed`))
        break
      case 2:
        out.push(jitsiLine(ms, 'WARNING', 7, `Endpoint.doSomething#12: slow ${rng.int(0, 1000)} ms`))
        break
      default:
        out.push(jitsiLine(ms, 'INFO', 11, `Videobridge.tick#10: tick ${i}`))
    }
  }
  if (lines > 100) out.splice(lines - 50, 0, jitsiLine(ms, 'INFO', 11, 'AbstractVersionActivator.start#91: VersionService registered: JVB 2.9.0-late'))
  return `${out.join('\n')}\n`
}

/** The epoch format: unmatched lines (non-multiline), bad times, series, events, a late meta value. */
export function epochLog(lines: number, seed: number, opts: { rawUntil?: number; fpsFrom?: number } = {}): string {
  const rng = new Rng(seed)
  const out: string[] = ['# header line']
  let ms = T0
  for (let i = 0; i < lines; i++) {
    ms += rng.int(0, 20)
    const f = i / lines
    const conn = `c${rng.int(1, 4)}`
    const r = rng.next()
    if (r < 0.02) out.push(`stray line ${i}`)
    else if (r < 0.025) out.push(`9999999999999 I value out of range ${i}`)
    else if (r < 0.3 && f >= (opts.fpsFrom ?? 0)) out.push(`${ms} I conn=${conn} stream=s${rng.int(1, 3)} fps=${rng.int(10, 30)}`)
    else if (r < 0.4 && f < (opts.rawUntil ?? 0)) out.push(`${ms} I conn=${conn} stream=s${rng.int(1, 3)} raw=${rng.int(10, 30)}`)
    else if (r < 0.45) out.push(`${ms} W conn=${conn} state=${rng.pick(['new', 'checking', 'connected', 'failed'])}`)
    else if (r < 0.5) out.push(`${ms - rng.int(0, 500)} E something failed ${i}`)
    else out.push(`${ms} I tick ${i}`)
  }
  out.splice(Math.floor(out.length * 0.9), 0, `${ms} I build=1.2.${seed}`)
  return `${out.join('\n')}\n`
}

