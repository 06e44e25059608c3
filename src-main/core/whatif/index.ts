/**
 * What-if analysis (issue 6): E-model and video models, loss recovery, delay budget, counterfactual
 * replay of a stored call, 2-D sweeps and presets. The folder's public surface for services, the
 * CLI and (as types) the renderer. Pure: imports only core.
 */
export * from './types'
export * from './e-model'
export * from './e-model-wideband'
export * from './codec-table'
export * from './loss-pattern'
export * from './loss-recovery'
export * from './delay'
export { PercentileScratch, percentile } from '../util/quantiles'
export * from './video-quality'
export * from './config'
export * from './evaluate'
export * from './replay-input'
export * from './replay'
export * from './summary'
export * from './window'
export * from './sweep'
export * from './presets'
export * from './point'
export { benchReplay } from './bench'
