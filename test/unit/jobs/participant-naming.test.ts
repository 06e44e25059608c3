/**
 * Participant names as the import job gives them, over real files: from the folder a generic dump
 * sits in, the owner in a file name, an SDK log's own uid, the folder imported when nothing inside
 * names anyone, and never one name for two different dumps of one folder.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runParseJob } from '../../../src-main/jobs/parse-job'
import { agoraCallScript } from '../../fixtures/generate/text-log'

const DUMP = resolve(import.meta.dirname, '../../fixtures/generated/standard-small.json')
const never = () => new AbortController().signal

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rtcwb-names-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function put(rel: string, from?: string): void {
  const full = join(dir, rel)
  mkdirSync(join(full, '..'), { recursive: true })
  if (from) copyFileSync(from, full)
  else writeFileSync(full, `${agoraCallScript().lines.join('\n')}\n`)
}

async function names(path: string): Promise<[string, string][]> {
  const out = await runParseJob({ path }, () => {}, never())
  return out.entries.map((e) => [e.path, e.participant])
}

describe('participant names at import', () => {
  it('names each entry of a ticket folder after its person', async () => {
    put('ticket-881/carol/webrtc_internals_dump (3).txt', DUMP)
    put('ticket-881/dave-webrtc-internals.txt', DUMP)
    put('ticket-881/logs/agorasdk.log')
    expect(await names(join(dir, 'ticket-881'))).toEqual([
      ['carol/webrtc_internals_dump (3).txt', 'carol'],
      ['dave-webrtc-internals.txt', 'dave'],
      // the SDK log says whose it is (its join line's uid)
      ['logs/agorasdk.log', 'uid 424242'],
    ])
  })

  it('takes the imported folder’s name when nothing inside names anyone, but not for a lone file', async () => {
    put('erin/webrtc_internals_dump.txt', DUMP)
    expect(await names(join(dir, 'erin'))).toEqual([['webrtc_internals_dump.txt', 'erin']])
    expect(await names(join(dir, 'erin', 'webrtc_internals_dump.txt'))).toEqual([['webrtc_internals_dump.txt', 'webrtc_internals_dump']])
  })

  it('keeps two dumps of one folder apart', async () => {
    put('case-4711/webrtc_internals_dump (1).txt', DUMP)
    put('case-4711/webrtc_internals_dump (2).txt', DUMP)
    expect(await names(join(dir, 'case-4711'))).toEqual([
      ['webrtc_internals_dump (1).txt', 'webrtc_internals_dump (1)'],
      ['webrtc_internals_dump (2).txt', 'webrtc_internals_dump (2)'],
    ])
  })
})
