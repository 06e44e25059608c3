/**
 * The metric catalog: every canonical metric a parser may emit, with its unit, its family (which
 * timeline panel it belongs to) and whether it is shown by default. Raw numeric getStats properties
 * are kept too, as `stat.<statsType>.<property>`, hidden by default (the metric picker lists them).
 */

export type MetricFamily =
  | 'bitrate' | 'loss' | 'rtt' | 'jitter' | 'jitter-buffer' | 'fps' | 'resolution' | 'freeze'
  | 'concealment' | 'cpu' | 'quality-limitation' | 'mos' | 'bandwidth' | 'packets' | 'keyframes'
  | 'audio-level' | 'delay' | 'other'

export interface MetricDef {
  id: string
  unit: string
  family: MetricFamily
  label: { en: string; zh: string }
  /** Shown in a new timeline without picking it. */
  isDefault: boolean
  /** How to read the value: a level at that time, or a state code (see `stateLabels`). */
  shape: 'level' | 'state'
  stateLabels?: Record<number, string>
}

/** Codes used by the `quality_limitation` state metric. */
export const QUALITY_LIMITATION_CODES: Record<string, number> = { none: 0, cpu: 1, bandwidth: 2, other: 3 }

const defs: MetricDef[] = [
  m('bitrate', 'kbps', 'bitrate', 'Bitrate', '码率', true),
  m('target_bitrate', 'kbps', 'bitrate', 'Encoder target bitrate', '编码目标码率', false),
  m('available_outgoing_bitrate', 'kbps', 'bandwidth', 'Available outgoing bandwidth (BWE)', '可用上行带宽（BWE）', true),
  m('available_incoming_bitrate', 'kbps', 'bandwidth', 'Available incoming bandwidth', '可用下行带宽', false),
  m('packets_per_s', 'pps', 'packets', 'Packets per second', '每秒包数', false),
  m('loss_pct', '%', 'loss', 'Packet loss', '丢包率', true),
  m('packets_lost', 'count', 'loss', 'Packets lost (cumulative)', '累计丢包数', false),
  m('rtt_ms', 'ms', 'rtt', 'Round-trip time', '往返时延', true),
  m('jitter_ms', 'ms', 'jitter', 'Jitter', '抖动', true),
  m('jb_delay_ms', 'ms', 'jitter-buffer', 'Jitter-buffer delay', '抖动缓冲延迟', true),
  m('jb_target_ms', 'ms', 'jitter-buffer', 'Jitter-buffer target delay', '抖动缓冲目标延迟', false),
  m('fps', 'fps', 'fps', 'Frames per second', '帧率', true),
  m('frame_height', 'px', 'resolution', 'Frame height', '分辨率高度', true),
  m('frame_width', 'px', 'resolution', 'Frame width', '分辨率宽度', false),
  m('freeze_count', 'count', 'freeze', 'Freezes (cumulative)', '卡顿次数（累计）', false),
  m('freeze_pct', '%', 'freeze', 'Time frozen', '卡顿率', true),
  m('frames_dropped_per_s', 'fps', 'fps', 'Frames dropped per second', '每秒丢帧数', false),
  m('concealed_pct', '%', 'concealment', 'Audio concealed', '音频丢包补偿占比', true),
  m('audio_level', 'level', 'audio-level', 'Audio level', '音量', false),
  m('nack_per_s', 'per s', 'packets', 'NACKs per second', '每秒 NACK', false),
  m('pli_per_s', 'per s', 'keyframes', 'PLIs per second', '每秒 PLI', false),
  m('fir_per_s', 'per s', 'keyframes', 'FIRs per second', '每秒 FIR', false),
  m('keyframes_per_s', 'per s', 'keyframes', 'Key frames per second', '每秒关键帧', false),
  m('encode_ms', 'ms', 'cpu', 'Encode time per frame', '单帧编码耗时', false),
  m('decode_ms', 'ms', 'cpu', 'Decode time per frame', '单帧解码耗时', false),
  m('cpu_pct', '%', 'cpu', 'CPU usage', 'CPU 占用率', true),
  m('e2e_delay_ms', 'ms', 'delay', 'End-to-end delay', '端到端延迟', false),
  m('mos', 'MOS', 'mos', 'MOS estimate', 'MOS 估算', true),
  {
    id: 'quality_limitation', unit: 'state', family: 'quality-limitation', isDefault: true, shape: 'state',
    label: { en: 'Quality limitation', zh: '质量受限原因' },
    stateLabels: { 0: 'none', 1: 'cpu', 2: 'bandwidth', 3: 'other' },
  },
]

function m(id: string, unit: string, family: MetricFamily, en: string, zh: string, isDefault: boolean): MetricDef {
  return { id, unit, family, label: { en, zh }, isDefault, shape: 'level' }
}

export const METRICS: ReadonlyMap<string, MetricDef> = new Map(defs.map((d) => [d.id, d]))

/** The definition of a metric id; raw `stat.*` metrics get a generated, hidden definition. */
export function metricDef(id: string, unit = ''): MetricDef {
  const known = METRICS.get(id)
  if (known) return known
  const name = id.startsWith('stat.') ? id.slice(5) : id
  return { id, unit, family: 'other', label: { en: name, zh: name }, isDefault: false, shape: 'level' }
}
