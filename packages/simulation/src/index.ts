export { estimateEvents, simulate } from './simulate.ts'
export type { SimulationOptions } from './simulate.ts'
export { Random } from './random.ts'
