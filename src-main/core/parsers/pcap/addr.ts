/**
 * IP address text and classification. IPv6 is printed in RFC 5952 form (longest zero run compressed)
 * and endpoints as `[v6]:port` so a port never reads as part of the address.
 */

/** Text of the 4- or 16-byte address at `b[o]`. */
export function ipText(b: Uint8Array, o: number, len: number): string {
  if (len === 4) return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`
  const words: number[] = []
  for (let i = 0; i < 8; i++) words.push((b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!)
  let bestAt = -1
  let bestLen = 1
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && words[j] === 0) j++
    if (j - i > bestLen) {
      bestAt = i
      bestLen = j - i
    }
    i = j
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':')
  if (bestAt < 0) return hex(words)
  return `${hex(words.slice(0, bestAt))}::${hex(words.slice(bestAt + bestLen))}`
}

/** `a.b.c.d:port` or `[v6]:port`. */
export function endpointText(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`
}

/** Private, link-local, CGNAT or unique-local address (a LAN-side endpoint). */
export function isPrivateIp(ip: string): boolean {
  if (ip.includes(':')) {
    const first = parseInt(ip.split(':')[0] || '0', 16)
    return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80
  }
  const [a = 0, b = 0] = ip.split('.').map(Number)
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254)
}

/** Multicast or broadcast (never a call endpoint). */
export function isGroupIp(ip: string): boolean {
  if (ip.includes(':')) return ip.toLowerCase().startsWith('ff')
  const a = Number(ip.split('.')[0])
  return (a >= 224 && a <= 239) || ip === '255.255.255.255' || ip.endsWith('.255')
}
