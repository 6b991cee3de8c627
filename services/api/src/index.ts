export { buildApp, BODY_LIMIT_BYTES } from './app.ts'
export { MAX_EVENTS_PER_REQUEST } from './routes/events.ts'
export type { ApiPorts, EngineStatus, EventSink, Quarantine, Queries, Replays } from './ports.ts'
