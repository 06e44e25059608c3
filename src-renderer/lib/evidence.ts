/**
 * Evidence references of an annotation, on the renderer side: a log viewer row as a reference (a
 * line by its id, an event by minus its row id), one key per referenced thing (no duplicates), and
 * where an evidence link takes the timeline and the log viewer.
 */
import type { CaseFindingDto, EvidenceRefDto } from '@contract/cases-dto'
import type { LogRowDto } from '@contract/dto'
import type { MsRange } from './time-range'

/** The reference to a log viewer row (its label and time as shown; the main side fills in its own). */
export function rowEvidence(row: LogRowDto): EvidenceRefDto {
  return row.kind === 'log'
    ? { kind: 'log', lineId: row.id, label: `${row.path}${row.line !== null ? `:${row.line}` : ''} ${row.message}`.slice(0, 500), t: row.t }
    : { kind: 'event', eventId: -row.id, label: `${row.module ?? ''}: ${row.message}`.slice(0, 500), t: row.t }
}

/** One key per referenced finding, line or event. */
export function evidenceKey(e: EvidenceRefDto): string {
  return e.kind === 'finding' ? `finding:${e.findingId}` : e.kind === 'log' ? `log:${e.lineId}` : `event:${e.eventId}`
}

/** The log viewer row id of a line or event reference (events are negative there); null for a finding. */
export function evidenceRowId(e: EvidenceRefDto): number | null {
  return e.kind === 'log' ? e.lineId : e.kind === 'event' ? -e.eventId : null
}

/** `list` with `more` appended, skipping what it already references. */
export function addEvidence(list: readonly EvidenceRefDto[], more: readonly EvidenceRefDto[]): EvidenceRefDto[] {
  const seen = new Set(list.map(evidenceKey))
  const out = [...list]
  for (const e of more) {
    const k = evidenceKey(e)
    if (!seen.has(k)) {
      seen.add(k)
      out.push(e)
    }
  }
  return out
}

export interface EvidenceTarget {
  /** The moment to scroll the log viewer to. */
  t: number
  /** The range to show on the timeline (a finding's); absent: just bring `t` into view. */
  range?: MsRange
  /** The log viewer row to highlight. */
  rowId: number | null
}

/**
 * Where an evidence link goes: a finding's range (looked up among the case's findings), a line's or
 * event's time; the annotation's own start when the reference has no time (older annotations, a
 * finding since recomputed away).
 */
export function evidenceTarget(e: EvidenceRefDto, findings: readonly CaseFindingDto[], annotation: MsRange): EvidenceTarget {
  if (e.kind === 'finding') {
    const f = findings.find((x) => x.id === e.findingId) ?? findings.find((x) => e.signature !== '' && x.signature === e.signature)
    return f ? { t: f.start, range: { start: f.start, end: Math.max(f.end, f.start + 1000) }, rowId: null } : { t: annotation.start, range: annotation, rowId: null }
  }
  return { t: e.t ?? annotation.start, rowId: evidenceRowId(e) }
}

/** Findings overlapping the range first (each group in its given order), then the others. */
export function findingsByOverlap(findings: readonly CaseFindingDto[], range: MsRange | null): { f: CaseFindingDto; isInRange: boolean }[] {
  const all = findings.map((f) => ({ f, isInRange: range !== null && f.start <= range.end && f.end >= range.start }))
  return [...all.filter((x) => x.isInRange), ...all.filter((x) => !x.isInRange)]
}
