/**
 * Clock offsets between the sources of one case: estimated where two entries saw the same RTP
 * stream (core/timeline/clock-offset.ts, chained from a reference entry), and set by hand.
 */
import type { ClockOffsetDto } from '../contract/dto'
import { DomainError } from '../contract/errors'
import { CLOCK_OFFSET_METRICS, estimateEntryOffsets } from '../core/timeline/clock-offset'
import type { Db } from '../store/db'
import { loadCaseEntries } from '../store/repos/call-repo'
import { getCase } from '../store/repos/cases-repo'
import { caseEntriesClock, setEntryClockOffset } from '../store/repos/timeline-repo'
import type { EventBus } from '../transport/event-bus'

export class ClockService {
  constructor(private readonly db: Db, private readonly bus: EventBus) {}

  async setOffset(entryId: number, offsetMs: number): Promise<null> {
    const caseId = await this.db.tx((t) => setEntryClockOffset(t, entryId, offsetMs))
    if (!caseId) throw new DomainError('NOT_FOUND', `no entry ${entryId}`)
    this.bus.emit('case.updated', { caseId })
    return null
  }

  async estimate(caseId: string): Promise<ClockOffsetDto[]> {
    if (!(await getCase(this.db, caseId))) throw new DomainError('NOT_FOUND', `no case ${caseId}`)
    const all = await caseEntriesClock(this.db, caseId)
    // Four counters and the RTT per stream are all the estimate needs: not every series BLOB of the case.
    const stored = await loadCaseEntries(this.db, caseId, { metrics: CLOCK_OFFSET_METRICS, events: false })
    const estimates = estimateEntryOffsets(stored.map((e) => e.parsed))
    const refIndex = estimates.findIndex((e) => e?.isReference)
    const refOffset = refIndex >= 0 ? stored[refIndex]!.clockOffsetMs : 0
    const byId = new Map(stored.map((e, i) => [e.entryId, estimates[i] ?? null]))
    return all.map((e) => {
      const est = byId.get(e.id) ?? null
      return {
        entryId: e.id, path: e.path, currentOffsetMs: e.clock_offset_ms, isReference: est?.isReference ?? false,
        suggestedOffsetMs: est ? Math.round(refOffset + est.offsetMs) : null,
        basis: est?.basis ? `RTP packet counters of SSRC ${est.basis.ssrc} (${est.basis.samples} samples, spread ${Math.round(est.basis.spreadMs)} ms)` : est?.isReference ? 'reference clock' : null,
      }
    })
  }
}
