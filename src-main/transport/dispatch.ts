/**
 * The one dispatcher behind both transports: validate the method name and the input (zod), call the
 * handler, and turn every outcome into a Reply. Outputs are checked against the contract in tests.
 */
import { z } from 'zod'
import { DomainError, type Reply } from '../contract/errors'
import { type MethodName, methods } from '../contract/methods'
import type { CallCtx, Handlers } from '../services/handlers'

export type Dispatch = (method: unknown, input: unknown, ctx: CallCtx) => Promise<Reply<unknown>>

export interface DispatchOptions { checkOutputs: boolean; log: (message: string, error?: unknown) => void }

export function createDispatcher(handlers: Handlers, opts: DispatchOptions): Dispatch {
  return async (method, raw, ctx) => {
    if (typeof method !== 'string' || !Object.hasOwn(methods, method)) {
      return fail('UNKNOWN_METHOD', `unknown method ${String(method).slice(0, 100)}`)
    }
    const name = method as MethodName
    const spec = methods[name]
    const parsed = spec.input.safeParse(raw ?? {})
    if (!parsed.success) return fail('INVALID_INPUT', `${name}: ${z.prettifyError(parsed.error)}`)
    try {
      const handler = handlers[name] as (input: unknown, ctx: CallCtx) => Promise<unknown>
      const value = await handler(parsed.data, ctx)
      if (opts.checkOutputs) {
        const checked = spec.output.safeParse(value)
        if (!checked.success) throw new Error(`${name} returned a value outside the contract: ${z.prettifyError(checked.error)}`)
      }
      return { ok: true, value }
    } catch (e) {
      if (e instanceof DomainError) return { ok: false, error: e.toDto() }
      opts.log(`${name} failed`, e)
      return fail('INTERNAL', `${name} failed: ${(e as Error).message}`)
    }
  }
}

function fail(code: 'UNKNOWN_METHOD' | 'INVALID_INPUT' | 'INTERNAL', message: string): Reply<never> {
  return { ok: false, error: { code, message } }
}
