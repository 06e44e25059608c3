/**
 * Connection state timelines from events. The same transition often arrives twice (the updateLog
 * callback and the transport stats, a few hundred ms apart): a change to the state already held is
 * dropped, so each transition appears once. Also Agora SDK connection states (`sdk.state`, codes 1-5).
 */
import type { CallEvent } from '../model/call'

export interface StateChange { t: number; state: string; event: CallEvent }

/** The state an event moves to (`data.state` from the API log, `data.to` from stats), lower-case. */
export function stateOf(e: CallEvent): string {
  const s = e.data?.state ?? e.data?.to
  return typeof s === 'string' ? s.toLowerCase() : typeof s === 'number' ? String(s) : ''
}

/** Deduplicated transitions of one event type on one connection (all connections when key is undefined). */
export function stateTimeline(events: readonly CallEvent[], type: string, connectionKey?: string): StateChange[] {
  const out: StateChange[] = []
  let current = ''
  for (const e of events) {
    if (e.type !== type || (connectionKey !== undefined && e.connectionKey !== connectionKey)) continue
    const state = stateOf(e)
    if (!state || state === current) continue
    current = state
    out.push({ t: e.t, state, event: e })
  }
  return out
}

/** The ICE timeline of a connection, falling back to the connection (DTLS+ICE) state when ICE states are absent. */
export function iceTimeline(events: readonly CallEvent[], connectionKey: string): StateChange[] {
  const ice = stateTimeline(events, 'ice.state', connectionKey)
  return ice.length > 0 ? ice : stateTimeline(events, 'pc.state', connectionKey)
}

/** Agora connection state codes (CONNECTION_STATE_TYPE) to names. */
const AGORA: Record<string, string> = { '1': 'disconnected', '2': 'connecting', '3': 'connected', '4': 'reconnecting', '5': 'failed' }

/** SDK connection states of an entry, normalized to disconnected/connecting/connected/reconnecting/failed. */
export function sdkTimeline(events: readonly CallEvent[]): StateChange[] {
  const out: StateChange[] = []
  let current = ''
  for (const e of events) {
    if (e.type !== 'sdk.state') continue
    const raw = e.data?.to ?? e.data?.state
    const state = (AGORA[String(raw)] ?? String(e.data?.state ?? raw ?? '')).toLowerCase()
    if (!state || state === current) continue
    current = state
    out.push({ t: e.t, state, event: e })
  }
  return out
}

export const UP_STATES = new Set(['connected', 'completed'])
