import { createKafka, ensureTopics, EventPublisher, parseBrokers, topicsFor } from '@attribution/bus'
import { isEngineEventType, type Event } from '@attribution/contracts'
import type { EventStore } from '@attribution/event-store'
import { startIngestorProcess, startProjectorProcess, type ProjectorProcess } from './cliProcesses.ts'
import { measurePath, type PathResult } from './measure.ts'

export interface KafkaBenchOptions {
  brokers: string
  /** The event store the ingestor and projector processes use (a PostgreSQL URL), and this process's own connection to it. */
  eventStoreUrl: string
  store: EventStore
  /**
   * Where a projector process keeps its embedded chDB; without it the clock stops once the event store holds every
   * event (ingest alone).
   */
  projectorDataDir?: string
  batchSize: number
  ingestors: number
}

/** How often the clock looks whether the last stage has every event. */
const pollMs = 50

/**
 * The server path as it is deployed: produce to Kafka (idempotent, acks=all) while ingestors, each a process of its
 * own, append to the event store and, given a data directory, a projector process (`attribution project`) follows
 * into chDB; the clock stops when the last stage has every event. This process only produces and watches: the
 * projector's metrics endpoint says how many events it applied. The engine's own events (the lead definition
 * published and activated) never come through Kafka, whose ingestors refuse them: they are appended to the store
 * first, as the API does.
 */
export async function benchKafka(events: readonly Event[], options: KafkaBenchOptions): Promise<PathResult> {
  const run = `bench.${Date.now()}.`
  const kafka = createKafka({ brokers: parseBrokers(options.brokers), clientId: 'attribution-bench' })
  const topics = topicsFor(run)
  await ensureTopics(kafka, topics, 6)
  const publisher = new EventPublisher(kafka, topics)
  const ingestorOptions = { brokers: options.brokers, topicPrefix: run, groupId: `${run}ingestor`, eventStoreUrl: options.eventStoreUrl, concurrency: 6 }
  await options.store.append(events.filter(({ type }) => isEngineEventType(type)))
  const produced = events.filter(({ type }) => !isEngineEventType(type))
  await publisher.connect()
  const processes: { stop(): Promise<void> }[] = []
  let stopped = false
  const until = async (count: () => Promise<number>) => {
    while (!stopped && (await count()) < events.length) await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
  try {
    let projector: ProjectorProcess | undefined
    if (options.projectorDataDir) {
      projector = await startProjectorProcess({ eventStoreUrl: options.eventStoreUrl, dataDir: options.projectorDataDir })
      processes.push(projector)
    }
    for (let i = 0; i < options.ingestors; i++) processes.push(await startIngestorProcess(ingestorOptions))
    const stages = projector ? 'PostgreSQL -> projector process -> chDB' : 'PostgreSQL (ingest alone)'
    const name = `kafka: produce -> ${options.ingestors} ingestor process(es) -> ${stages}`
    const publish = (batch: Event[]) => publisher.publish(batch)
    const last = projector
      ? until(() => projector.eventsApplied())
      : until(async () => (await options.store.head()).events)
    // measurePath awaits it once the writes are done; a failure before then (the projector process gone) must not end
    // this process as an unhandled rejection, before the finally below stops the child processes.
    last.catch(() => undefined)
    return await measurePath(name, produced, options.batchSize, publish, async () => {}, last)
  } finally {
    stopped = true
    await Promise.all(processes.map((child) => child.stop()))
    await publisher.disconnect()
  }
}
