/**
 * Direction of RTP streams seen from the capture point: the capture host of each address family is
 * inferred from the conversations (the address with the most distinct peers), then each stream is
 * `send` or `recv` by the first rule that applies (see `direction`). Addresses are `ipText` strings.
 */
import { isGroupIp, isPrivateIp } from './addr'
import type { Conv } from './conversation'

/** The inferred capture host address per family, when there is one. */
export interface CaptureHosts { v4?: string; v6?: string }

/**
 * The capture host of each address family: the address with the most distinct peers over all
 * conversations, when it has at least 2 and no other address has as many.
 */
export function captureHosts(convs: Pick<Conv, 'aIp' | 'bIp'>[]): CaptureHosts {
  const peers = new Map<string, Set<string>>()
  const add = (a: string, b: string) => {
    let s = peers.get(a)
    if (!s) peers.set(a, (s = new Set()))
    s.add(b)
  }
  for (const c of convs) {
    add(c.aIp, c.bIp)
    add(c.bIp, c.aIp)
  }
  const out: CaptureHosts = {}
  for (const fam of ['v4', 'v6'] as const) {
    let best = ''
    let bestN = 0
    let tie = false
    for (const [ip, s] of peers) {
      if (ip.includes(':') !== (fam === 'v6') || isGroupIp(ip)) continue
      const n = [...s].filter((x) => !isGroupIp(x)).length
      if (n > bestN) {
        best = ip
        bestN = n
        tie = false
      } else if (n === bestN) tie = true
    }
    if (bestN >= 2 && !tie) out[fam] = best
  }
  return out
}

/**
 * Direction of a stream, by the first rule that applies:
 *  1. `capture-host`: the source is the capture host of its address family → send; the destination is → recv.
 *  2. `private-public`: a private/link-local/ULA source sending to a public address → send; the reverse → recv.
 *  3. `default`: recv.
 */
export function direction(src: string, dst: string, host: CaptureHosts): { direction: 'send' | 'recv'; rule: string } {
  const h = src.includes(':') ? host.v6 : host.v4
  if (h !== undefined) {
    if (src === h) return { direction: 'send', rule: 'capture-host' }
    if (dst === h) return { direction: 'recv', rule: 'capture-host' }
  }
  const sp = isPrivateIp(src)
  const dp = isPrivateIp(dst)
  if (sp && !dp && !isGroupIp(dst)) return { direction: 'send', rule: 'private-public' }
  if (!sp && dp) return { direction: 'recv', rule: 'private-public' }
  return { direction: 'recv', rule: 'default' }
}
