/**
 * Recognises containers by their bytes (names lie): zip (PK signatures), tar (ustar magic at
 * offset 257), gzip (1f 8b) and, inside gzip, tar. Anything else is a plain entry.
 */
import { open } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'

export type ContainerKind = 'zip' | 'tar' | 'tar.gz' | 'gzip' | 'plain'

const HEAD = 4096

export async function sniffContainer(file: string): Promise<ContainerKind> {
  const fh = await open(file, 'r')
  let head: Buffer
  try {
    const buf = Buffer.alloc(HEAD)
    const { bytesRead } = await fh.read(buf, 0, HEAD, 0)
    head = buf.subarray(0, bytesRead)
  } finally {
    await fh.close()
  }
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) return 'zip'
  if (isTar(head)) return 'tar'
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return isTar(gunzipHead(head)) ? 'tar.gz' : 'gzip'
  return 'plain'
}

function isTar(b: Buffer): boolean {
  return b.length >= 262 && b.toString('latin1', 257, 262) === 'ustar'
}

/** The first bytes of a gzip stream from its first 4 KiB (a partial inflate: the tail is missing on purpose). */
function gunzipHead(head: Buffer): Buffer {
  try {
    return gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH: accept a truncated stream */ })
  } catch {
    return Buffer.alloc(0)
  }
}
