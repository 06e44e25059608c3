/**
 * The contract is defined once and every method is served: a handler per method (checked at run
 * time as well as by `satisfies`), JSON-safe payloads that survive both transports, and a surface
 * snapshot so any API change shows up in review.
 */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { events } from '../../src-main/contract/events'
import { methods } from '../../src-main/contract/methods'
import type { Services } from '../../src-main/services/services'
import { createHandlers } from '../../src-main/services/handlers'

describe('contract', () => {
  it('has a handler for every method and no handler outside it', () => {
    const handlers = createHandlers({} as Services)
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(methods).sort())
  })

  it('names methods noun.verb and events noun.pastTense/progress', () => {
    for (const m of Object.keys(methods)) expect(m).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/)
    for (const e of Object.keys(events)) expect(e).toMatch(/^[a-z]+\.(progress|[a-z]+ed)$/)
  })

  it('round-trips sample payloads through JSON and structuredClone unchanged', () => {
    const samples: [z.ZodTypeAny, unknown][] = [
      [methods['timeline.points'].output, [{ id: 1, t: [1, 2], v: [0.5, null], isExact: true }]],
      [events['job.progress'], { jobId: 'j1', kind: 'import', label: 'a.json', state: 'running', stage: 'parse', percent: 50, bytesDone: 5, bytesTotal: 10 }],
      [events['job.finished'], { jobId: 'j1', state: 'failed', error: { code: 'NOT_A_BUNDLE', message: 'x.txt is not a dump' } }],
    ]
    for (const [schema, sample] of samples) {
      const parsed = schema.parse(sample)
      expect(JSON.parse(JSON.stringify(parsed))).toEqual(parsed)
      expect(structuredClone(parsed)).toEqual(parsed)
    }
  })

  it('keeps its surface (update the snapshot deliberately when the API changes)', () => {
    const surface = {
      methods: Object.fromEntries(Object.entries(methods).map(([k, v]) => [k, { input: z.toJSONSchema(v.input, { io: 'input', unrepresentable: 'any' }), output: z.toJSONSchema(v.output, { unrepresentable: 'any' }) }])),
      events: Object.fromEntries(Object.entries(events).map(([k, v]) => [k, z.toJSONSchema(v, { unrepresentable: 'any' })])),
    }
    expect(surface).toMatchSnapshot()
  })
})
