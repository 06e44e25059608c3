/**
 * The raw getStats series (`stat.<type>.<prop>`) any detector reads. A store may load every derived
 * series but only these raw ones for a diagnosis: raw series are about half of what a dump stores.
 * Kept complete by a test that scans the detector sources for `stat.` literals.
 */
export const DETECTOR_RAW_METRICS = [
  'stat.inbound-rtp.concealedSamples',
  'stat.inbound-rtp.concealmentEvents',
  'stat.inbound-rtp.insertedSamplesForDeceleration',
  'stat.inbound-rtp.jitterBufferFlushes',
  'stat.inbound-rtp.packetsReceived',
  'stat.inbound-rtp.removedSamplesForAcceleration',
  'stat.inbound-rtp.silentConcealedSamples',
  'stat.inbound-rtp.totalSamplesReceived',
  'stat.outbound-rtp.packetsSent',
] as const
