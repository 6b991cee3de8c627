export { buildApp } from './app.ts'
export { bodyLimits } from './bodyLimits.ts'
export { MAX_EVENTS_PER_REQUEST } from './routes/events.ts'
export type { ApiPorts, EngineStatus, EventSink, Quarantine, Queries, Registry, Replays } from './ports.ts'
