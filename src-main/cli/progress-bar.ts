/**
 * Job progress for the terminal: a redrawn bar on a TTY (stderr, so stdout stays clean for --json),
 * and nothing on a pipe or in CI, where a redrawn line would only be noise.
 */
import type { JobDto } from '../contract/dto'

const WIDTH = 30

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`
}

/** One line of progress, e.g. `[██████░░░░] 61% parse 12.0 MiB / 19.6 MiB`. */
export function progressLine(job: Pick<JobDto, 'percent' | 'stage' | 'bytesDone' | 'bytesTotal'>): string {
  const filled = Math.round((Math.max(0, Math.min(100, job.percent)) / 100) * WIDTH)
  const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled)
  return `[${bar}] ${job.percent.toFixed(0).padStart(3)}% ${job.stage} ${formatBytes(job.bytesDone)} / ${formatBytes(job.bytesTotal)}`
}

export class ProgressBar {
  private isDrawn = false
  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  get isEnabled(): boolean {
    return this.out.isTTY === true
  }

  update(job: JobDto): void {
    if (!this.isEnabled) return
    this.out.write(`\r${progressLine(job)}\x1b[K`)
    this.isDrawn = true
  }

  clear(): void {
    if (this.isDrawn) this.out.write('\r\x1b[K')
    this.isDrawn = false
  }
}
