/** The API contract, defined once: methods, events, DTOs, errors and the preload bridge types. */
export * from './dto'
export * from './cases-dto'
export * from './whatif-dto'
export * from './errors'
export * from './events'
export * from './methods'
export * from './bridge'
