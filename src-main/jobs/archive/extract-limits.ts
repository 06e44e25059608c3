/**
 * Budgets that stop decompression bombs while extracting a bundle: total bytes written, number of
 * members, and the expansion ratio of an archive (written bytes / archive bytes). One budget is
 * shared by an archive and the archives nested in it.
 */

export interface ExtractLimits {
  /** All members of all archives of one bundle together. */
  maxTotalBytes: number
  /** One member. */
  maxEntryBytes: number
  maxEntries: number
  /** Written bytes may exceed the archive's own size by at most this factor (once past `ratioFloorBytes`). */
  maxRatio: number
  ratioFloorBytes: number
}

/** Real bundles: logs compress 10–50×, dumps up to ~100×; a 1 GiB log inside a bundle must pass. */
export const DEFAULT_LIMITS: ExtractLimits = {
  maxTotalBytes: 16 * 1024 ** 3,
  maxEntryBytes: 4 * 1024 ** 3,
  maxEntries: 10_000,
  maxRatio: 1000,
  ratioFloorBytes: 64 * 1024 ** 2,
}

export class BombError extends Error {}

/** Tracks what one bundle's extraction has written so far. */
export class ExtractBudget {
  private total = 0
  private entries = 0
  constructor(readonly limits: ExtractLimits) {}

  /** Counts a new member; throws BombError past the member limit. */
  addEntry(archive: string): void {
    if (++this.entries > this.limits.maxEntries) throw new BombError(`${archive}: more than ${this.limits.maxEntries} members; refused as a possible archive bomb`)
  }

  /** Counts `n` more bytes of a member of `archive` (whose own size is `archiveBytes`); throws BombError past a limit. */
  addBytes(n: number, archive: string, member: string, memberBytes: number, archiveBytes: number, archiveWritten: number): void {
    this.total += n
    const mib = (x: number) => `${Math.round(x / 1024 ** 2)} MiB`
    if (memberBytes > this.limits.maxEntryBytes) throw new BombError(`${archive}: ${member} expands past ${mib(this.limits.maxEntryBytes)}; refused as a possible decompression bomb`)
    if (this.total > this.limits.maxTotalBytes) throw new BombError(`${archive}: the bundle expands past ${mib(this.limits.maxTotalBytes)}; refused as a possible decompression bomb`)
    if (archiveWritten > this.limits.ratioFloorBytes && archiveWritten > archiveBytes * this.limits.maxRatio) {
      throw new BombError(`${archive}: expands more than ${this.limits.maxRatio}× its size; refused as a possible decompression bomb`)
    }
  }
}
