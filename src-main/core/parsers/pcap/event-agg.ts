/**
 * De-duplicated protocol events: at most one event per (event type, conversation) per window (1 s; 10 s
 * for the media-carrying TURN kinds ChannelData and Send/Data indications). The event is stamped at the
 * window's first packet and carries counts in `data`: `count` in total and one counter per sub-kind
 * (`requests`, `success`, `errors`, `indications`, or handshake message names...), plus the first value of
 * each descriptive field (mapped address, error code...). Memory: one open aggregate per pair.
 */
import type { CallEvent, Scalar, Severity } from '../../model/call'

/** Event types whose window is 10 s (they come with every media packet). */
const LONG_WINDOW = new Set(['turn.channel-data', 'turn.send', 'turn.data'])

interface Agg {
  type: string
  connectionKey: string
  /** Conversation label for the message, e.g. `10.0.0.2:5000 ↔ 1.2.3.4:3478`. */
  where: string
  t: number
  window: number
  severity: Severity
  count: number
  counts: Map<string, number>
  fields: Record<string, Scalar>
  /** Ordered distinct sub-kinds (e.g. DTLS handshake message names). */
  order: string[]
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 }

export class EventAggregator {
  private readonly open = new Map<string, Agg>()
  readonly out: CallEvent[] = []

  /**
   * One occurrence at epoch `t`: `key` identifies (type, conversation) cheaply; `sub` is the counter to
   * bump; `fields` are kept from the first occurrence that has them.
   */
  add(key: string, type: string, connectionKey: string, where: string, t: number, sub: string, severity: Severity,
    fields?: Record<string, Scalar>): void {
    let a = this.open.get(key)
    if (a && t - a.t >= a.window) {
      this.flush(a)
      a = undefined
    }
    if (!a) {
      a = {
        type, connectionKey, where, t, window: LONG_WINDOW.has(type) ? 10_000 : 1000, severity, count: 0,
        counts: new Map(), fields: {}, order: [],
      }
      this.open.set(key, a)
    }
    a.count++
    const c = a.counts.get(sub)
    if (c === undefined) {
      a.counts.set(sub, 1)
      a.order.push(sub)
    } else a.counts.set(sub, c + 1)
    if (RANK[severity] > RANK[a.severity]) a.severity = severity
    if (fields) for (const k in fields) if (!(k in a.fields) && fields[k] !== '' && fields[k] !== undefined) a.fields[k] = fields[k]!
  }

  /** Flushes every open aggregate; returns all events sorted by time. */
  finish(): CallEvent[] {
    for (const a of this.open.values()) this.flush(a)
    this.open.clear()
    this.out.sort((x, y) => x.t - y.t)
    return this.out
  }

  private flush(a: Agg): void {
    const data: Record<string, Scalar> = { count: a.count }
    for (const [k, n] of a.counts) data[k] = n
    Object.assign(data, a.fields)
    const parts = a.order.map((k) => `${a.counts.get(k)} ${k}`).join(', ')
    this.out.push({
      t: a.t, type: a.type, severity: a.severity, connectionKey: a.connectionKey, data,
      message: `${a.type}: ${parts} (${a.where})`,
    })
  }
}
