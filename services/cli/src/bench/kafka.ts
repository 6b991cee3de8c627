import type { ClickHouse } from '@attribution/clickhouse'
import { createKafka, ensureTopics, EventPublisher, parseBrokers, topicsFor } from '@attribution/bus'
import { isEngineEventType, type Event } from '@attribution/contracts'
import type { EventStore } from '@attribution/event-store'
import { Projector } from '@attribution/projector'
import { startIngestorProcess } from './ingestorProcess.ts'
import { measurePath, progressTo, type PathResult } from './measure.ts'

export interface KafkaBenchOptions {
  brokers: string
  /** The event store the ingestor processes append to (a PostgreSQL URL), and this process's own connection to it. */
  eventStoreUrl: string
  store: EventStore
  /** Where the projector writes; without it the clock stops once the event store holds every event (ingest alone). */
  clickhouse?: ClickHouse
  batchSize: number
  ingestors: number
}

/**
 * The server path as it is deployed: produce to Kafka (idempotent, acks=all) while ingestors, each a process of its
 * own, append to the event store and, given a ClickHouse, the projector follows in this process; the clock stops when
 * the last stage has every event. The engine's own events (the
 * lead definition published and activated) never come through Kafka, whose ingestors refuse them: they are appended
 * to the store first, as the API does.
 */
export async function benchKafka(events: readonly Event[], options: KafkaBenchOptions): Promise<PathResult> {
  const run = `bench.${Date.now()}.`
  const kafka = createKafka({ brokers: parseBrokers(options.brokers), clientId: 'attribution-bench' })
  const topics = topicsFor(run)
  await ensureTopics(kafka, topics, 6)
  const publisher = new EventPublisher(kafka, topics)
  const ingestorOptions = { brokers: options.brokers, topicPrefix: run, groupId: `${run}ingestor`, eventStoreUrl: options.eventStoreUrl, concurrency: 6 }
  const projected = progressTo(events.length)
  const projector = options.clickhouse
    ? new Projector({ store: options.store, clickhouse: options.clickhouse, name: `${run}projector`, idleMs: 10, onProgress: projected.onProgress })
    : undefined
  let stopped = false
  const stored = async () => {
    while (!stopped && (await options.store.head()).events < events.length) await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await options.store.append(events.filter(({ type }) => isEngineEventType(type)))
  const produced = events.filter(({ type }) => !isEngineEventType(type))
  await publisher.connect()
  const ingestors: { stop(): Promise<void> }[] = []
  try {
    for (let i = 0; i < options.ingestors; i++) ingestors.push(await startIngestorProcess(ingestorOptions))
    const stages = projector ? 'PostgreSQL -> projector -> chDB' : 'PostgreSQL (ingest alone)'
    const path = `kafka: produce -> ${options.ingestors} ingestor(s) -> ${stages}`
    const publish = (batch: Event[]) => publisher.publish(batch)
    const start = async () => projector?.start()
    return await measurePath(path, produced, options.batchSize, publish, start, projector ? projected.done : stored())
  } finally {
    stopped = true
    await projector?.stop()
    await Promise.all(ingestors.map((ingestor) => ingestor.stop()))
    await publisher.disconnect()
  }
}
