/** Two detectors as `detectors.describe` returns them, for the settings tests. */
import type { DetectorDto } from '../../../src-renderer/lib/threshold-draft'

export function describedDetectors(): DetectorDto[] {
  return [
    {
      id: 'high-rtt', version: 1, category: 'network', sources: [],
      title: { en: 'High round-trip time', zh: '往返时延过高' },
      description: { en: 'RTT above a conversational limit.', zh: 'RTT 持续高于通话可接受上限。' },
      params: [
        { key: 'warnMs', default: 300, min: 0, max: 10_000, unit: 'ms', doc: { en: 'RTT above this crosses.', zh: 'RTT 高于此值即判为超限。' } },
        { key: 'riseFactor', default: 3, min: 1, max: 100, unit: '×', doc: { en: 'Multiple of the baseline.', zh: '基线的倍数。' } },
      ],
    },
    {
      id: 'video-freeze', version: 2, category: 'media', sources: [],
      title: { en: 'Video freezes', zh: '视频卡顿' },
      description: { en: 'Frames stop arriving.', zh: '画面停止更新。' },
      params: [{ key: 'minFreezeMs', default: 600, min: 100, max: 60_000, unit: 'ms', doc: { en: 'Shortest freeze reported.', zh: '报告的最短卡顿。' } }],
    },
  ]
}
