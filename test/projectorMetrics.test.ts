import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@attribution/clickhouse'
import type { Event } from '@attribution/contracts'
import { openEventStore, type EventStore } from '@attribution/event-store'
import { ProjectorMetrics } from '@attribution/projector'
import { simulate } from '@attribution/simulation'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'
import { projectAll } from './support/projection.ts'

/** An activation of a version never published: the registry's rules set it aside. */
const activationOfNothing = {
  eventId: 'activation-of-nothing',
  type: 'lead_definition.activated',
  occurredAt: '2026-01-02T00:00:00Z',
  data: { definitionId: 'never-published', version: 3 },
} as unknown as Event

/** The value of one series in Prometheus' text format, or undefined when it is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe("the projector's metrics", () => {
  let store: EventStore
  let clickhouse: ClickHouse
  let eventCount = 0

  beforeAll(async () => {
    store = await openEventStore('memory:')
    const events = [...simulate({ accounts: 3, seed: 11 }), activationOfNothing]
    eventCount = events.length
    await store.append(events)
    clickhouse = await freshClickHouse('projector_metrics')
  })

  afterAll(async () => {
    await dropDatabase(clickhouse)
    await store.close()
  })

  it('Given N events, one of them refused, When projected in batches of 50, Then it times every batch and counts N-1 applied and 1 set aside', async () => {
    const metrics = new ProjectorMetrics()
    await projectAll({ store, clickhouse, batchSize: 50, metrics, onQuarantine: () => {}, onOutage: () => {} })
    const text = await metrics.registry.metrics()
    const batches = Math.ceil(eventCount / 50)
    expect(eventCount).toBeGreaterThan(100)
    expect(sample(text, 'attribution_projector_events_applied_total')).toBe(eventCount - 1)
    expect(sample(text, 'attribution_projector_events_quarantined_total')).toBe(1)
    expect(sample(text, 'attribution_projector_batch_duration_seconds_count')).toBe(batches)
    expect(sample(text, 'attribution_projector_batch_duration_seconds_sum')).toBeGreaterThan(0)
    // Every batch has facts to write; credits and lifecycles only where the batch holds events they handle.
    expect(sample(text, 'attribution_projection_batch_duration_seconds_count{projection="facts"}')).toBe(batches)
    expect(sample(text, 'attribution_projection_batch_duration_seconds_count{projection="lifecycles"}')).toBeGreaterThan(0)
    expect(text).not.toContain('never-published')
  })
})
