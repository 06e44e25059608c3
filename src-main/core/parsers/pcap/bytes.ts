/**
 * Allocation-free integer reads over a Uint8Array (big- and little-endian). Callers check bounds
 * first: out-of-range reads yield garbage (NaN-free: `undefined` coerces to 0 in the bit operations),
 * never a throw. Results are unsigned unless the name says otherwise.
 */

/** Unsigned 16-bit big-endian at `o`. */
export function u16be(b: Uint8Array, o: number): number {
  return ((b[o]! << 8) | b[o + 1]!) >>> 0
}

/** Unsigned 16-bit little-endian at `o`. */
export function u16le(b: Uint8Array, o: number): number {
  return ((b[o + 1]! << 8) | b[o]!) >>> 0
}

/** Unsigned 24-bit big-endian at `o`. */
export function u24be(b: Uint8Array, o: number): number {
  return ((b[o]! << 16) | (b[o + 1]! << 8) | b[o + 2]!) >>> 0
}

/** Unsigned 32-bit big-endian at `o`. */
export function u32be(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0
}

/** Unsigned 32-bit little-endian at `o`. */
export function u32le(b: Uint8Array, o: number): number {
  return ((b[o + 3]! << 24) | (b[o + 2]! << 16) | (b[o + 1]! << 8) | b[o]!) >>> 0
}

/** Unsigned 16-bit in the given byte order. */
export function u16(b: Uint8Array, o: number, littleEndian: boolean): number {
  return littleEndian ? u16le(b, o) : u16be(b, o)
}

/** Unsigned 32-bit in the given byte order. */
export function u32(b: Uint8Array, o: number, littleEndian: boolean): number {
  return littleEndian ? u32le(b, o) : u32be(b, o)
}

/** Lower-case hex of `n` as an unsigned 32-bit value, zero-padded to 8 digits. */
export function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0')
}
