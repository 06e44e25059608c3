/**
 * A diagnosis loads only the raw getStats series listed in DETECTOR_RAW_METRICS: the list must name
 * every `stat.` metric a detector source mentions, or that detector would silently see nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DETECTOR_RAW_METRICS } from '../../../../src-main/core/detectors'

const DIR = resolve(import.meta.dirname, '../../../../src-main/core/detectors')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') && name !== 'raw-metrics.ts' ? [path] : []
  })
}

describe('DETECTOR_RAW_METRICS', () => {
  it('names exactly the raw metrics the detector sources read', () => {
    const used = new Set<string>()
    for (const file of sources(DIR)) for (const m of readFileSync(file, 'utf8').matchAll(/['"`](stat\.[\w-]+\.\w+)['"`]/g)) used.add(m[1]!)
    expect(used.size).toBeGreaterThan(5)
    expect([...used].sort()).toEqual([...DETECTOR_RAW_METRICS].sort())
  })
})
