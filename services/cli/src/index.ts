export { openEngine } from './engine.ts'
export type { Engine, EngineOptions } from './engine.ts'
export { apiPorts, publishingSink } from './wiring.ts'
