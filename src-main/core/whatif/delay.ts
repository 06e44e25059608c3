/**
 * Mouth-to-ear delay budget and the jitter-buffer trade-off. Delay parts in ms: codec frame +
 * look-ahead, extra packetization, network one-way (measured, else RTT/2), jitter buffer, device
 * (capture + playout). Late loss model (assumption, README "Jitter buffer"): the queueing delay
 * above the minimum is exponential with mean μ; for that law the RFC 3550 inter-arrival jitter
 * estimates E|D| = μ, so a buffer of b ms discards a fraction exp(−b/J) of packets as late.
 */

/** Every part of one mouth-to-ear delay (ms). */
export interface DelayBreakdown {
  codecMs: number
  packetizationMs: number
  networkMs: number
  jitterBufferMs: number
  deviceMs: number
  totalMs: number
}

/** Capture + playout latency assumed when the bundle does not say (ms): 20 + 20, typical desktop audio buffers (assumption). */
export const DEFAULT_DEVICE_LATENCY_MS = 40

/** Sums the delay parts. */
export function mouthToEar(parts: Omit<DelayBreakdown, 'totalMs'>): DelayBreakdown {
  const totalMs = parts.codecMs + parts.packetizationMs + parts.networkMs + parts.jitterBufferMs + parts.deviceMs
  return { ...parts, totalMs }
}

/** One-way network delay: the measured one when finite, else RTT / 2 (symmetric-path assumption). */
export function oneWayDelayMs(rttMs: number, measuredOneWayMs?: number): number {
  if (measuredOneWayMs !== undefined && Number.isFinite(measuredOneWayMs)) return measuredOneWayMs
  return Number.isFinite(rttMs) ? Math.max(0, rttMs) / 2 : 0
}

/** Fraction (0…1) of packets arriving after a buffer of `bufferMs` given RFC 3550 jitter J (ms): exp(−b/J). */
export function lateLossFraction(bufferMs: number, jitterMs: number): number {
  if (!(jitterMs > 0)) return 0
  return Math.exp(-Math.max(0, bufferMs) / jitterMs)
}

/**
 * Buffer an adaptive jitter buffer would hold to keep late loss at `targetLateLoss` (0…1):
 * b = −J·ln(target), clamped to [minMs, maxMs]. NetEq-style buffers aim at a high quantile of the
 * delay distribution; the target quantile is a configuration value (assumption, default 0.5 %).
 */
export function adaptiveBufferMs(jitterMs: number, targetLateLoss: number, minMs: number, maxMs: number): number {
  return adaptiveBufferFromLog(jitterMs, adaptiveTargetLog(targetLateLoss), minMs, maxMs)
}

/** ln of the (clamped) late-loss target of `adaptiveBufferMs`: constant per configuration. */
export function adaptiveTargetLog(targetLateLoss: number): number {
  return Math.log(Math.min(0.5, Math.max(1e-6, targetLateLoss)))
}

/** `adaptiveBufferMs` with the target given as `adaptiveTargetLog(target)` (the replay's hot path). */
export function adaptiveBufferFromLog(jitterMs: number, targetLog: number, minMs: number, maxMs: number): number {
  const j = jitterMs > 0 ? jitterMs : 0
  return Math.min(maxMs, Math.max(minMs, -j * targetLog))
}


/** One point of the jitter-buffer trade-off curve. */
export interface TradeoffPoint {
  bufferMs: number
  /** Late loss averaged over the call's seconds (%). */
  lateLossPct: number
  /** Seconds whose late loss exceeds 1 %. */
  secondsAbove1Pct: number
}

/**
 * Late loss against fixed buffer sizes over the measured per-second jitter distribution of a call
 * (NaN seconds skipped). Non-increasing in the buffer size by construction.
 */
export function jitterBufferTradeoff(jitterMs: ArrayLike<number>, buffersMs: readonly number[]): TradeoffPoint[] {
  return buffersMs.map((bufferMs) => {
    let sum = 0
    let n = 0
    let above = 0
    for (let i = 0; i < jitterMs.length; i++) {
      const j = jitterMs[i]!
      if (!Number.isFinite(j)) continue
      const l = lateLossFraction(bufferMs, j)
      sum += l
      n++
      if (l > 0.01) above++
    }
    return { bufferMs, lateLossPct: n ? (100 * sum) / n : NaN, secondsAbove1Pct: above }
  })
}
