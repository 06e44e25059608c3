/** Stream guards against hostile input: a byte ceiling for decompressed content (zip/gzip bombs). */
import { Transform } from 'node:stream'

/** Passes bytes through until `max` is exceeded, then fails with a message naming the entry. */
export function limitBytes(max: number, label: string): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length
      if (seen > max) done(new Error(`${label}: decompressed size exceeds ${Math.round(max / 1024 ** 2)} MiB; refused as a possible decompression bomb`))
      else done(null, chunk)
    },
  })
}
