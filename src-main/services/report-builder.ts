/**
 * Builds the report model of a case from the store: fields and SLA clocks, bundles, fresh findings
 * (the detector engine), annotations with category labels, the notable events, and up to four
 * chart panels (bitrate, loss, RTT, jitter) of the streams that matter most (annotated first, then
 * those with findings), drawn from the stored series downsampled to what a report page shows.
 */
import type { Finding } from '../core/detectors'
import { metricDef } from '../core/model/metrics'
import { type SlaTargets, slaClocks } from '../core/cases/sla'
import { categoryLabel, type Taxonomy } from '../core/cases/taxonomy'
import type { CaseReport, ReportChart, ReportLang } from '../core/report/model'
import { downsampleMinMax } from '../core/timeline/downsample'
import type { Db } from '../store/db'
import { listAnnotations } from '../store/repos/annotations-repo'
import { reportBundles, reportEntries } from '../store/repos/report-repo'
import { caseEvents, caseSeriesInfo, caseStreams, seriesPoints, type SeriesInfoRow, type StreamRow } from '../store/repos/timeline-repo'
import type { EvidenceRefDto } from '../contract/cases-dto'
import type { CaseDetailDto } from '../contract/dto'

const PANELS = ['bitrate', 'loss_pct', 'rtt_ms', 'jitter_ms'] as const
const MAX_STREAMS = 4
const MAX_EVENTS = 100
const BUCKETS = 300

export interface ReportInputs { detail: CaseDetailDto; findings: Finding[]; taxonomy: Taxonomy; targets: SlaTargets; lang: ReportLang; generator: string; now: number }

export async function buildReport(db: Db, x: ReportInputs): Promise<CaseReport> {
  const caseId = x.detail.id
  const [bundles, entries, annotations, streams, series, events] = await Promise.all([
    reportBundles(db, caseId), reportEntries(db, caseId), listAnnotations(db, caseId), caseStreams(db, caseId), caseSeriesInfo(db, caseId), caseEvents(db, caseId),
  ])
  const participantOf = new Map(entries.map((e) => [e.id, e.participant]))
  const d = x.detail
  const report: CaseReport = {
    generator: x.generator, generatedAt: x.now, lang: x.lang, isRedacted: false,
    case: {
      id: d.id, title: d.title, customer: d.customer, appVersion: d.appVersion, scenario: d.scenario, priority: d.priority, tier: d.tier, status: d.status,
      owner: d.owner, tags: d.tags, description: d.description, createdAt: d.createdAt, updatedAt: d.updatedAt,
      firstResponseAt: d.firstResponseAt, resolvedAt: d.resolvedAt, closedAt: d.closedAt,
    },
    sla: slaClocks({ priority: d.priority, createdAt: d.createdAt, firstResponseAt: d.firstResponseAt, resolvedAt: d.resolvedAt, closedAt: d.closedAt }, x.targets, x.now),
    bundles: bundles.map((b) => ({
      id: b.id, name: b.name, sha256: b.sha256, sizeBytes: b.size_bytes, importedAt: b.imported_at,
      entries: entries.filter((e) => e.bundle_id === b.id).map((e) => ({ path: e.path, format: e.format, kind: e.kind, participant: e.participant })),
    })),
    findings: x.findings.map((f) => ({
      id: f.id, signature: f.signature, severity: f.severity, category: f.category, title: f.title[x.lang], explanation: f.explanation[x.lang],
      nextSteps: f.nextSteps[x.lang], start: f.start, end: f.end, participant: f.participant ?? '', streamKey: f.streamKey ?? '',
    })),
    annotations: annotations.map((a) => ({
      id: a.id, start: a.t_start, end: a.t_end, category: a.category, categoryLabel: categoryLabel(x.taxonomy, a.category, x.lang), confidence: a.confidence,
      note: a.note, stream: a.stream_label ?? '', participant: a.participant, updatedAt: a.updated_at,
      evidence: (JSON.parse(a.evidence) as EvidenceRefDto[]).map((e) => `${e.kind}: ${e.label || (e.kind === 'log' ? e.lineId : e.kind === 'event' ? e.eventId : e.findingId)}`),
    })),
    charts: [],
    events: events.filter((e) => e.severity !== 'info').slice(0, MAX_EVENTS).map((e) => ({
      t: e.t, severity: e.severity, type: e.type, message: e.message, participant: participantOf.get(e.entry_id) ?? '',
    })),
  }
  const chosen = chooseStreams(streams, annotations.map((a) => a.stream_id), x.findings)
  report.charts = await charts(db, chosen, series, report, x)
  return report
}

/** Annotated streams first, then streams with findings, then the rest (video before audio). */
function chooseStreams(streams: StreamRow[], annotated: (number | null)[], findings: Finding[]): StreamRow[] {
  const rank = (s: StreamRow) =>
    (annotated.includes(s.id) ? 0 : findings.some((f) => f.streamKey === s.key && f.entryId === String(s.entry_id)) ? 1 : 2) * 2 + (s.kind === 'video' ? 0 : 1)
  return [...streams].sort((a, b) => rank(a) - rank(b) || a.id - b.id).slice(0, MAX_STREAMS)
}

async function charts(db: Db, chosen: StreamRow[], series: SeriesInfoRow[], report: CaseReport, x: ReportInputs): Promise<ReportChart[]> {
  const starts = series.map((s) => s.t_start).filter((t): t is number => t !== null)
  const ends = series.map((s) => s.t_end).filter((t): t is number => t !== null)
  if (!starts.length || !chosen.length) return []
  const start = Math.min(...starts)
  const end = Math.max(...ends)
  const bands: ReportChart['bands'] = [
    ...report.annotations.map((a) => ({ start: a.start, end: a.end, kind: 'annotation' as const, label: a.categoryLabel })),
    ...mergeRanges(report.findings.filter((f) => f.severity !== 'info')).map((r) => ({ ...r, kind: 'finding' as const })),
  ]
  const out: ReportChart[] = []
  for (const metric of PANELS) {
    const lines: ReportChart['lines'] = []
    for (const s of chosen) {
      const info = series.find((x) => x.metric === metric && x.stream_id === s.id)
        ?? series.find((x) => x.metric === metric && x.stream_id === null && x.entry_id === s.entry_id && x.connection_key !== null && x.connection_key === s.connection_key)
      if (!info) continue
      const data = await seriesPoints(db, info.id)
      if (!data || data.t.length === 0) continue
      const p = downsampleMinMax(data.t, data.v, start, end, BUCKETS)
      lines.push({ label: `${s.participant ? `${s.participant} · ` : ''}${s.kind} ${s.direction}${s.ssrc !== null ? ` ${s.ssrc}` : ''}`, t: Array.from(p.t), v: Array.from(p.v, (v) => (Number.isFinite(v) ? v : null)) })
    }
    if (!lines.length) continue
    const def = metricDef(metric)
    out.push({ title: def.label[x.lang], unit: def.unit, start, end, lines, bands })
  }
  return out
}

/** Overlapping finding ranges as one shaded band each (their titles joined): stacked bands hide the lines. */
function mergeRanges(fs: { start: number; end: number; title: string }[]): { start: number; end: number; label: string }[] {
  const out: { start: number; end: number; label: string }[] = []
  for (const f of [...fs].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1]
    if (last && f.start <= last.end) {
      last.end = Math.max(last.end, f.end)
      if (!last.label.includes(f.title)) last.label = `${last.label}; ${f.title}`.slice(0, 300)
    } else out.push({ start: f.start, end: f.end, label: f.title })
  }
  return out
}
