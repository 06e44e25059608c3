/**
 * The summary: findings ranked by impact = duration (s, at least MIN_SECONDS for instant findings) ×
 * severity weight (info 1, warning 3, error 9), and grouped into clusters of findings that overlap in
 * time (give or take CLUSTER_MARGIN_MS), so one incident seen by several detectors and participants
 * reads as one line with its lead finding (an uplink/downlink attribution when there is one, since it
 * explains the rest; else the highest impact) and the rest as supporting evidence.
 * Info findings never join clusters, and findings spanning over half the call stand alone (they would
 * chain every incident together).
 */
import { span } from './evidence'
import type { CallScores } from './score'
import type { Category, CallView, Finding, FindingSeverity, Text } from './types'

export const SEVERITY_WEIGHT: Record<FindingSeverity, number> = { info: 1, warning: 3, error: 9 }
export const MIN_SECONDS = 5
export const CLUSTER_MARGIN_MS = 5000

export interface RankedFinding {
  findingId: string
  detectorId: string
  code: string
  severity: FindingSeverity
  category: Category
  title: Text
  participant?: string
  start: number
  end: number
  durationMs: number
  impact: number
}

export interface FindingCluster {
  start: number
  end: number
  leadId: string
  memberIds: string[]
  participants: string[]
  categories: Category[]
  impact: number
  title: Text
}

export interface CallSummary {
  ranked: RankedFinding[]
  clusters: FindingCluster[]
  counts: { bySeverity: Record<FindingSeverity, number>; byCategory: Record<Category, number> }
  headline: Text
}

/** Impact of one finding: duration in seconds (at least MIN_SECONDS) × severity weight. */
export function impactOf(f: Pick<Finding, 'start' | 'end' | 'severity'>): number {
  return Math.max(MIN_SECONDS, (f.end - f.start) / 1000) * SEVERITY_WEIGHT[f.severity]
}

export function summarize(view: CallView, findings: Finding[], scores?: CallScores): CallSummary {
  const ranked: RankedFinding[] = findings.map((f) => {
    const r: RankedFinding = {
      findingId: f.id, detectorId: f.detectorId, code: f.code, severity: f.severity, category: f.category, title: f.title,
      start: f.start, end: f.end, durationMs: Math.max(0, f.end - f.start), impact: Math.round(impactOf(f) * 10) / 10,
    }
    if (f.participant) r.participant = f.participant
    return r
  }).sort((a, b) => b.impact - a.impact || a.start - b.start)
  const byId = new Map(ranked.map((r) => [r.findingId, r]))
  // clusters: sweep over findings by start; info findings do not pull clusters together
  const clusters: FindingCluster[] = []
  let cur: { start: number; end: number; ids: string[] } | null = null
  const flush = () => {
    if (!cur) return
    // an attribution (uplink/downlink) explains the rest of its incident: it leads when present
    const members = cur.ids.map((id) => byId.get(id)!).sort((a, b) => b.impact - a.impact)
    const lead = members.find((m) => m.detectorId === 'direction' && m.code !== 'path-impairment') ?? members[0]!
    clusters.push({
      start: cur.start, end: cur.end, leadId: lead.findingId, memberIds: [lead, ...members.filter((m) => m !== lead)].map((m) => m.findingId),
      participants: [...new Set(members.map((m) => m.participant).filter((p): p is string => !!p))],
      categories: [...new Set(members.map((m) => m.category))],
      impact: Math.round((members[0]!.impact + 0.25 * members.slice(1).reduce((a, m) => a + m.impact, 0)) * 10) / 10,
      title: lead.title,
    })
    cur = null
  }
  const callMs = Math.max(1, view.end - view.start)
  const wholeCall = findings.filter((x) => x.severity !== 'info' && x.end - x.start > callMs / 2)
  for (const f of wholeCall) {
    cur = { start: f.start, end: f.end, ids: [f.id] }
    flush()
  }
  for (const f of [...findings].filter((x) => x.severity !== 'info' && !wholeCall.includes(x)).sort((a, b) => a.start - b.start)) {
    if (cur && f.start <= cur.end + CLUSTER_MARGIN_MS) {
      cur.end = Math.max(cur.end, f.end)
      cur.ids.push(f.id)
    } else {
      flush()
      cur = { start: f.start, end: f.end, ids: [f.id] }
    }
  }
  flush()
  clusters.sort((a, b) => b.impact - a.impact)
  const bySeverity: Record<FindingSeverity, number> = { info: 0, warning: 0, error: 0 }
  const byCategory: Record<Category, number> = { network: 0, media: 0, connectivity: 0, device: 0, integration: 0 }
  for (const f of findings) {
    bySeverity[f.severity]++
    byCategory[f.category]++
  }
  return { ranked, clusters, counts: { bySeverity, byCategory }, headline: headline(view, clusters, bySeverity, scores) }
}

function headline(view: CallView, clusters: FindingCluster[], sev: Record<FindingSeverity, number>, scores?: CallScores): Text {
  const worst = scores?.participants.filter((p) => p.overall !== undefined).sort((a, b) => a.overall! - b.overall!)[0]
  const score = worst ? { en: ` Lowest experience: ${worst.participant} (${worst.overall}).`, zh: `体验最差：${worst.participant}（${worst.overall}）。` } : { en: '', zh: '' }
  if (clusters.length === 0) {
    return { en: `No problems found (${sev.info} notes).${score.en}`, zh: `未发现问题（${sev.info} 条提示）。${score.zh}` }
  }
  const top = clusters[0]!
  const w = span(view, top.start, top.end)
  const who = top.participants.join(', ')
  const whoZh = top.participants.join('、')
  return {
    en: `${sev.error} errors, ${sev.warning} warnings in ${clusters.length} incident${clusters.length === 1 ? '' : 's'}. Biggest: ${top.title.en}${who ? ` (${who})` : ''} ${w.en}, with ${top.memberIds.length - 1} related finding${top.memberIds.length === 2 ? '' : 's'}.${score.en}`,
    zh: `共 ${sev.error} 个错误、${sev.warning} 个警告，归为 ${clusters.length} 个问题。影响最大：${top.title.zh}${whoZh ? `（${whoZh}）` : ''}，${w.zh}，另有 ${top.memberIds.length - 1} 条相关诊断结果。${score.zh}`,
  }
}
