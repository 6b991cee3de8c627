export { Projector, projectionStatus } from './projector.ts'
export type { ProjectorOptions, ProjectionStatus } from './projector.ts'
