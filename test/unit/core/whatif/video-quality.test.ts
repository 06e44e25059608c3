import { describe, expect, it } from 'vitest'
import {
  RESOLUTION_LADDER, freezeEstimate, heldFormat, ladderBitrates, packetsPerFrame, videoCodecId, videoQuality,
} from '../../../../src-main/core/whatif/video-quality'

const vq = (over: Partial<Parameters<typeof videoQuality>[0]> = {}) =>
  videoQuality({ codec: 'vp8', bitrateKbps: 2500, width: 1280, height: 720, fps: 30, lossPct: 0, ...over })

describe('G.1070-form video quality', () => {
  it('is calibrated: libwebrtc target rate → about 4 at 30 fps, minimum rate → below 3', () => {
    expect(vq({ bitrateKbps: 2200 })).toBeCloseTo(4.0, 1)
    expect(vq({ bitrateKbps: 600 })).toBeLessThan(3)
  })
  it('never falls with bit rate (≤ 30 fps) and falls with loss', () => {
    let prev = 0
    for (let kbps = 50; kbps <= 8000; kbps += 50) {
      const v = vq({ bitrateKbps: kbps })
      expect(v).toBeGreaterThanOrEqual(prev - 1e-12)
      prev = v
    }
    expect(vq({ lossPct: 1 })).toBeLessThan(vq())
    expect(vq({ lossPct: 5 })).toBeLessThan(vq({ lossPct: 1 }))
  })
  it('credits codec efficiency', () => {
    expect(vq({ codec: 'av1', bitrateKbps: 1000 })).toBeGreaterThan(vq({ codec: 'h264', bitrateKbps: 1000 }))
    expect(videoCodecId('video/HEVC')).toBe('h265')
    expect(videoCodecId('VP9')).toBe('vp9')
    expect(videoCodecId(undefined)).toBe('h264')
  })
})

describe('what the encoder could hold', () => {
  it('interpolates the libwebrtc ladder by pixel count', () => {
    expect(ladderBitrates(1280, 720)).toEqual({ maxKbps: RESOLUTION_LADDER[1]!.maxKbps, targetKbps: RESOLUTION_LADDER[1]!.targetKbps, minKbps: RESOLUTION_LADDER[1]!.minKbps })
    const mid = ladderBitrates(1120, 630)
    expect(mid.minKbps).toBeGreaterThan(350)
    expect(mid.minKbps).toBeLessThan(600)
  })
  it('keeps the request with enough bit rate, steps down and drops fps without', () => {
    expect(heldFormat(3000, { width: 1280, height: 720, fps: 30 }, 'vp8')).toEqual({ width: 1280, height: 720, fps: 30, isLimited: false })
    const thin = heldFormat(400, { width: 1920, height: 1080, fps: 30 }, 'vp8')
    expect(thin.height).toBe(540)
    expect(thin.fps).toBeLessThan(30)
    expect(thin.fps).toBeGreaterThanOrEqual(15)
    expect(thin.isLimited).toBe(true)
    expect(heldFormat(10, { width: 1280, height: 720, fps: 30 }, 'vp8').height).toBe(180)
  })
})

describe('freeze estimate', () => {
  const base = { residualLoss: 0, recoveredByNack: 0, fps: 30, packetsPerFrame: 5, rttMs: 100, detectMs: 5, bufferMs: 60, keyframeFactor: 5 }
  it('is zero without loss and grows with residual loss', () => {
    expect(freezeEstimate(base).freezePct).toBe(0)
    let prev = 0
    for (const r of [0.001, 0.005, 0.01, 0.05, 0.2]) {
      const f = freezeEstimate({ ...base, residualLoss: r }).freezePct
      expect(f).toBeGreaterThan(prev)
      expect(f).toBeLessThanOrEqual(100)
      prev = f
    }
  })
  it('counts a wait only past the W3C rule (extra delay > max(2 frames, 150 ms))', () => {
    // Retransmission wait 5 + 100 − 60 = 45 ms: not a freeze; with RTT 400 it is.
    expect(freezeEstimate({ ...base, recoveredByNack: 0.02 }).freezePct).toBe(0)
    expect(freezeEstimate({ ...base, recoveredByNack: 0.02, rttMs: 400 }).freezePct).toBeGreaterThan(0)
    expect(freezeEstimate({ ...base, residualLoss: 0.01 }).keyframeRecoveryMs).toBeCloseTo(100 + 6 * (1000 / 30), 9)
  })
  it('packs ~1200-byte packets', () => {
    expect(packetsPerFrame(1500, 30)).toBe(6)
    expect(packetsPerFrame(30, 30)).toBe(1)
  })
})
