import { Counter, Gauge, Registry } from 'prom-client'
import type { PartitionLag } from '@attribution/bus'

/**
 * What an ingestor counts, in a registry of its own (`attribution ingest` serves it). Labels take only values from
 * closed sets: outcomes, dead-letter reasons, the configured topics and their partition numbers; never what a producer
 * wrote.
 */
export class IngestorMetrics {
  readonly registry = new Registry()
  /** Where the consumer lag is read from at each scrape; the ingestor sets it once connected. */
  private lagSource: (() => Promise<PartitionLag[]>) | undefined

  readonly events = new Counter({
    name: 'attribution_ingestor_events_total',
    help: 'Events read from Kafka by outcome: appended to the event store, duplicate (already stored), erased (naming an erased person, dropped)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  })
  readonly deadLetters = new Counter({
    name: 'attribution_dead_letters_total',
    help: 'Messages sent to the dead-letter topic, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  })
  readonly batchRetries = new Counter({
    name: 'attribution_ingestor_batch_retries_total',
    help: 'Attempts at a batch that failed (the event store or Kafka did not answer) and were tried again',
    registers: [this.registry],
  })
  readonly consumerLag = new Gauge({
    name: 'attribution_kafka_consumer_lag_messages',
    help: "Messages of each partition the ingestors' consumer group has not committed yet, read from Kafka at each scrape",
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
    collect: async () => {
      if (!this.lagSource) return
      try {
        const lags = await this.lagSource()
        this.consumerLag.reset()
        for (const { topic, partition, lag } of lags) this.consumerLag.set({ topic, partition: String(partition) }, lag)
      } catch {
        // Kafka did not answer: the last values stand; the scrape must still serve every other metric.
      }
    },
  })

  readLagFrom(source: (() => Promise<PartitionLag[]>) | undefined): void {
    this.lagSource = source
  }
}
