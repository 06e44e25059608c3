/**
 * Packet-loss patterns as a 2-state Gilbert–Elliott chain (simple Gilbert model: every packet in the
 * bad state is lost, none in the good state). p = P(good → bad), q = P(bad → good) per packet;
 * loss rate π = p/(p+q); mean loss-run length 1/q; G.107's burst ratio BurstR = 1/(p+q), i.e. the
 * observed mean run length over the mean run length of random loss at the same rate (G.107 §7.5).
 * Fractions are 0…1 here; percentages only at the edges.
 */

/** Per-packet transition probabilities of the 2-state chain. */
export interface GilbertModel {
  /** P(good → bad). */
  p: number
  /** P(bad → good). */
  q: number
}

/** A loss pattern summarised the way the engine uses it. */
export interface LossStats extends GilbertModel {
  /** Loss rate π, 0…1. */
  lossRate: number
  /** Mean loss-run length (packets). */
  meanBurst: number
  /** G.107 burst ratio (1 = random). */
  burstR: number
}

/** Run-length histogram of a loss indicator sequence: entry k counts runs of exactly k lost packets. */
export function runLengthHistogram(lost: ArrayLike<number | boolean>): number[] {
  const hist: number[] = [0]
  let run = 0
  const close = () => {
    if (run === 0) return
    while (hist.length <= run) hist.push(0)
    hist[run]! += 1
    run = 0
  }
  for (let i = 0; i < lost.length; i++) {
    if (lost[i]) run++
    else close()
  }
  close()
  return hist
}

/** Loss stats of a chain. */
export function statsOf(m: GilbertModel): LossStats {
  const s = m.p + m.q
  const lossRate = s > 0 ? m.p / s : 0
  return { ...m, lossRate, meanBurst: m.q > 0 ? 1 / m.q : Infinity, burstR: s > 0 ? 1 / s : 1 }
}

/**
 * Maximum-likelihood chain from a loss indicator sequence (1/true = lost): p = #(good→bad) / #good
 * transitions observed, q = #(bad→good) / #bad. A sequence without losses gives p = 0, q = 1.
 */
export function gilbertFromIndicators(lost: ArrayLike<number | boolean>): LossStats {
  let goodFrom = 0
  let badFrom = 0
  let gb = 0
  let bg = 0
  for (let i = 0; i + 1 < lost.length; i++) {
    const a = Boolean(lost[i])
    const b = Boolean(lost[i + 1])
    if (a) {
      badFrom++
      if (!b) bg++
    } else {
      goodFrom++
      if (b) gb++
    }
  }
  return statsOf({ p: goodFrom > 0 ? gb / goodFrom : 0, q: badFrom > 0 ? bg / badFrom : 1 })
}

/**
 * Chain from a run-length histogram and the number of packets it covers (e.g. from a pcap or
 * RTCP XR): q = runs / lost packets, p = runs / received packets.
 */
export function gilbertFromRuns(histogram: readonly number[], totalPackets: number): LossStats {
  let runs = 0
  let lost = 0
  for (let k = 1; k < histogram.length; k++) {
    runs += histogram[k]!
    lost += k * histogram[k]!
  }
  const received = totalPackets - lost
  if (runs === 0 || received <= 0) return statsOf({ p: runs === 0 ? 0 : 1, q: runs === 0 ? 1 : 0 })
  return statsOf({ p: Math.min(1, runs / received), q: Math.min(1, runs / lost) })
}

/**
 * Chain with a given loss rate and G.107 burst ratio: p = π/BurstR, q = (1−π)/BurstR (a BurstR
 * below 1, or NaN, is taken as 1; with BurstR ≥ 1 both stay ≤ 1). This is how the engine turns per-second
 * loss into a pattern: the burst ratio is kept while the loss rate varies.
 */
export function gilbertFromLossAndBurstR(lossRate: number, burstR: number): LossStats {
  const pi = Math.min(0.999, Math.max(0, lossRate))
  const b = burstR > 1 ? burstR : 1
  return statsOf({ p: pi / b, q: (1 - pi) / b })
}

/** Chain with a given loss rate and mean loss-run length (packets). */
export function gilbertFromLossAndMeanBurst(lossRate: number, meanBurst: number): LossStats {
  return gilbertFromLossAndBurstR(lossRate, burstRFromMeanBurst(lossRate, meanBurst))
}

/** G.107 burst ratio from a loss rate and mean run length: observed run length × (1 − π). */
export function burstRFromMeanBurst(lossRate: number, meanBurst: number): number {
  if (!(meanBurst > 0)) return 1
  return Math.max(1, meanBurst * (1 - Math.min(0.999, Math.max(0, lossRate))))
}

/** Probability that a run of losses, entered at a lost packet, continues for at least n more packets: (1 − q)^n. */
export function runContinues(q: number, n: number): number {
  return n <= 0 ? 1 : Math.pow(1 - q, n)
}
