/**
 * The events lane's layout: each event's row (connection, media and devices, SDK and logs) from its
 * type, and events clustered per few pixels so thousands stay readable (the worst severity colours
 * a cluster; its tooltip lists its events). Pure: x positions come from the caller's scale.
 */
import type { EventDto } from '@contract/dto'

export type LaneRow = 0 | 1 | 2
export const LANE_ROWS = 3

/** Row of an event type: 0 connection/network, 1 media/devices, 2 SDK/logs/other. */
export function laneRow(type: string): LaneRow {
  const head = type.split('.')[0] ?? ''
  if (['pc', 'ice', 'dtls', 'signaling', 'sdp', 'reconnect', 'network', 'stun', 'rtp'].includes(head)) return 0
  if (['gum', 'device', 'track', 'codec', 'quality-limitation', 'layer'].includes(head)) return 1
  return 2
}

export interface EventCluster {
  row: LaneRow
  x: number
  t: number
  severity: 'info' | 'warning' | 'error'
  events: EventDto[]
}

const RANK = { info: 0, warning: 1, error: 2 } as const

/** Clusters events (sorted by time or not) whose x positions are within `px` of each other, per row. */
export function clusterEvents(events: readonly EventDto[], xOf: (t: number) => number, px = 4): EventCluster[] {
  const out: EventCluster[] = []
  const open: (EventCluster | undefined)[] = []
  for (const e of [...events].sort((a, b) => a.t - b.t)) {
    const row = laneRow(e.type)
    const x = xOf(e.t)
    const c = open[row]
    if (c && x - c.x <= px) {
      c.events.push(e)
      if (RANK[e.severity] > RANK[c.severity]) c.severity = e.severity
      continue
    }
    const next: EventCluster = { row, x, t: e.t, severity: e.severity, events: [e] }
    open[row] = next
    out.push(next)
  }
  return out
}

/** Clusters within `px` of x (any row), nearest first. */
export function clustersNear(clusters: readonly EventCluster[], x: number, px = 5): EventCluster[] {
  return clusters.filter((c) => Math.abs(c.x - x) <= px).sort((a, b) => Math.abs(a.x - x) - Math.abs(b.x - x))
}
