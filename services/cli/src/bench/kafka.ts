import type { ClickHouse } from '@attribution/analytics'
import { createKafka, ensureTopics, EventPublisher, parseBrokers, topicsFor } from '@attribution/bus'
import type { Event } from '@attribution/contracts'
import type { EventStore } from '@attribution/event-store'
import { Ingestor } from '@attribution/ingestor'
import { Projector } from '@attribution/projector'
import { measurePath, progressTo, type PathResult } from './measure.ts'

export interface KafkaBenchOptions {
  brokers: string
  store: EventStore
  clickhouse: ClickHouse
  batchSize: number
  ingestors: number
}

/**
 * The server path: produce to Kafka (idempotent, acks=all) while ingestors append to the event store and the projector
 * follows into ClickHouse; the clock stops when ClickHouse has every event.
 */
export async function benchKafka(events: readonly Event[], options: KafkaBenchOptions): Promise<PathResult> {
  const run = `bench.${Date.now()}.`
  const kafka = createKafka({ brokers: parseBrokers(options.brokers), clientId: 'attribution-bench' })
  const topics = topicsFor(run)
  await ensureTopics(kafka, topics, 6)
  const publisher = new EventPublisher(kafka, topics)
  const ingestors = Array.from(
    { length: options.ingestors },
    () => new Ingestor({ kafka, topics, groupId: `${run}ingestor`, store: options.store, reportingCurrency: 'USD', concurrency: 6 }),
  )
  const projected = progressTo(events.length)
  const projector = new Projector({
    store: options.store,
    clickhouse: options.clickhouse,
    name: `${run}projector`,
    idleMs: 10,
    onProgress: projected.onProgress,
  })
  await publisher.connect()
  try {
    for (const ingestor of ingestors) await ingestor.start()
    const path = `kafka: produce -> ${options.ingestors} ingestor(s) -> PostgreSQL -> projector -> chDB`
    const publish = (batch: Event[]) => publisher.publish(batch)
    // Ingest alone, to tell the ingestor's limit from the projector's: when did the store hold every event?
    let startedAt = 0
    const stored = (async () => {
      while ((await options.store.head()).events < events.length) await new Promise((resolve) => setTimeout(resolve, 100))
      return performance.now()
    })()
    const result = await measurePath(path, events, options.batchSize, publish, () => projector.start(), projected.done, (at) => {
      startedAt = at
    })
    return { ...result, storedPerSecond: Math.round(events.length / (((await stored) - startedAt) / 1000)) }
  } finally {
    await projector.stop()
    for (const ingestor of ingestors) await ingestor.stop()
    await publisher.disconnect()
  }
}
