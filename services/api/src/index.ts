export { buildApp } from './app.ts'
export { bodyLimits } from './bodyLimits.ts'
export { MAX_EVENTS_PER_REQUEST } from './routes/events.ts'
export type { ApiPorts, EngineStatus, EventSink, Quarantine, Queries, Replays } from './ports.ts'
