export { openEngine } from './engine.ts'
export type { Engine, EngineOptions } from './engine.ts'
