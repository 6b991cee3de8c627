import { Counter, Gauge, Histogram, Registry } from 'prom-client'

/**
 * What this API process counts, in a registry of its own (every app its own, so tests and several apps in one process
 * never add to each other's). Labels take only values from closed sets (route patterns, statuses, reasons), never
 * anything a client wrote: no ids, no personal data.
 *
 * `composed`: the registries of the parts running in the same process, served at /metrics with the API's own (the
 * embedded engine's projector).
 */
export class ApiMetrics {
  readonly registry = new Registry()
  constructor(readonly composed: readonly Registry[] = []) {}
  readonly httpRequests = new Counter({
    name: 'attribution_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  })
  readonly httpDuration = new Histogram({
    name: 'attribution_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  })
  readonly events = new Counter({
    name: 'attribution_events_total',
    help: 'Events posted to /v1/events: accepted, duplicate, or rejected (by reason)',
    labelNames: ['outcome', 'reason'] as const,
    registers: [this.registry],
  })
  readonly sinkAppends = new Counter({
    name: 'attribution_event_store_appends_total',
    help: 'Appends of posted events this process made to its sink (the event store, or Kafka in the server deployment)',
    registers: [this.registry],
  })
  readonly storedEvents = new Gauge({
    name: 'attribution_event_store_events',
    help: 'Events in the event store that readers can see',
    registers: [this.registry],
  })
  readonly lagEvents = new Gauge({
    name: 'attribution_projection_lag_events',
    help: 'Stored events a projection has not applied yet',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  })
  readonly lagSeconds = new Gauge({
    name: 'attribution_projection_lag_seconds',
    help: 'Age of the oldest stored event a projection has not applied yet; 0 when it is caught up',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  })
  readonly quarantined = new Gauge({
    name: 'attribution_projection_quarantined_events',
    help: 'Events a projection could not apply and set aside (GET /v1/quarantine); alert above 0',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  })
  readonly replayProgress = new Gauge({
    name: 'attribution_replay_progress_ratio',
    help: 'Share of the events a replay of a lead definition version has processed, 0 to 1',
    labelNames: ['definition', 'version', 'state'] as const,
    registers: [this.registry],
  })
  readonly answerCacheLookups = new Counter({
    name: 'attribution_answer_cache_lookups_total',
    help: 'Looks into the answer cache: for whole answers (read="answer") or reads answers share (read="data", "credits"), by result (hit: kept or under way already; miss: computed)',
    labelNames: ['read', 'result'] as const,
    registers: [this.registry],
  })
  readonly queriesRunning = new Gauge({
    name: 'attribution_expensive_queries_running',
    help: 'Expensive queries running in this process (capped by QUERY_CONCURRENCY)',
    registers: [this.registry],
  })
  readonly queriesQueued = new Gauge({
    name: 'attribution_expensive_queries_queued',
    help: 'Expensive queries waiting for a place in this process',
    registers: [this.registry],
  })

  /** Counts one look into the answer cache; `read` is one of a few kinds the cache names, never a query. */
  countAnswerCacheLookup({ read, hit }: { read: 'answer' | 'data' | 'credits'; hit: boolean }): void {
    this.answerCacheLookups.inc({ read, result: hit ? 'hit' : 'miss' })
  }

  /** Everything this process serves at /metrics, in Prometheus' text format. */
  exposition(): Promise<string> {
    return this.composed.length === 0 ? this.registry.metrics() : Registry.merge([this.registry, ...this.composed]).metrics()
  }

  get contentType(): string {
    return this.registry.contentType
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's metrics: routes count what they see in them. */
    metrics: ApiMetrics
  }
}
