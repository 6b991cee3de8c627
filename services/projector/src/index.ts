export { Projector, projectionStatus } from './projector.ts'
export type { ProjectorOptions, ProjectionStatus } from './projector.ts'
export { startReplay } from './replay.ts'
export type { ReplayOptions } from './replay.ts'
