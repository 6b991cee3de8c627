import { Counter, Histogram, Registry } from 'prom-client'

/**
 * What a projector counts, in Prometheus' terms. Its registry is its own unless one is given: `attribution project`
 * serves it alone, the embedded engine beside the API's. Labels take projection names only, never anything from an
 * event (ids, persons, the error of a quarantined event).
 */
export class ProjectorMetrics {
  readonly registry: Registry
  readonly batchDuration: Histogram
  readonly projectionDuration: Histogram<'projection'>
  readonly eventsApplied: Counter
  readonly eventsQuarantined: Counter

  constructor(registry = new Registry()) {
    this.registry = registry
    const registers = [registry]
    const buckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]
    this.batchDuration = new Histogram({
      name: 'attribution_projector_batch_duration_seconds',
      help: 'Time to apply a batch of the log to every projection and move the checkpoints (batches that failed and were halved count once each attempt)',
      buckets,
      registers,
    })
    this.projectionDuration = new Histogram({
      name: 'attribution_projection_batch_duration_seconds',
      help: "Time one projection took over a batch's events of the types it handles",
      labelNames: ['projection'],
      buckets,
      registers,
    })
    this.eventsApplied = new Counter({
      name: 'attribution_projector_events_applied_total',
      help: 'Events this projector applied (its checkpoint moved past them), not counting those set aside',
      registers,
    })
    this.eventsQuarantined = new Counter({
      name: 'attribution_projector_events_quarantined_total',
      help: 'Events this projector set aside because they could not be applied (GET /v1/quarantine)',
      registers,
    })
  }
}

/** Seconds since `start` (a performance.now() reading). */
export const secondsSince = (start: number): number => (performance.now() - start) / 1000
