import {
  BatchConsumer,
  ConsumerLagReader,
  DeadLetterWriter,
  ingestTopics,
  type ConsumedMessage,
  type Kafka,
  type Topics,
} from '@attribution/bus'
import type { EventStore, PersonVault } from '@attribution/event-store'
import { decodeBatch } from './decode.ts'
import { IngestorMetrics } from './ingestorMetrics.ts'

export interface IngestorOptions {
  kafka: Kafka
  topics: Topics
  groupId: string
  store: EventStore
  reportingCurrency: string
  /**
   * The person vault: events are stored with pseudonyms and sealed attributes. Events naming an erased person are
   * dropped and counted, not dead-lettered: the dead-letter topic would keep the very data the erasure removed.
   * Absent (no vault): events are stored as sent.
   */
  persons?: Pick<PersonVault, 'pseudonymize'>
  /** Partitions handled at once by this process. */
  concurrency?: number
  sessionTimeoutMs?: number
  log?: (message: string) => void
  /** Where it counts events, dead letters and retries and reads the group's lag (default: its own, at `metrics`). */
  metrics?: IngestorMetrics
}

export interface IngestStats {
  batches: number
  appended: number
  duplicates: number
  deadLettered: number
  /** Events dropped because they name an erased person. */
  erased: number
  retries: number
}

/**
 * Kafka -> event store. Per batch: decode and validate, append the valid events (idempotent by eventId), send the
 * refused ones to the dead-letter topic, and only then let the consumer commit the batch's offsets. A failure in any
 * step leaves the offsets where they were and the batch is tried again.
 */
export class Ingestor {
  readonly stats: IngestStats = { batches: 0, appended: 0, duplicates: 0, deadLettered: 0, erased: 0, retries: 0 }
  readonly metrics: IngestorMetrics
  private readonly consumer: BatchConsumer
  private readonly deadLetters: DeadLetterWriter
  private readonly lag: ConsumerLagReader

  constructor(private readonly options: IngestorOptions) {
    this.metrics = options.metrics ?? new IngestorMetrics()
    this.deadLetters = new DeadLetterWriter(options.kafka, options.topics.deadLetter)
    this.lag = new ConsumerLagReader(options.kafka, options.groupId, ingestTopics(options.topics))
    this.consumer = new BatchConsumer({
      kafka: options.kafka,
      groupId: options.groupId,
      topics: ingestTopics(options.topics),
      concurrency: options.concurrency,
      sessionTimeoutMs: options.sessionTimeoutMs,
      handle: (messages) => this.ingest(messages),
      onRetry: (error, attempt, delayMs) => {
        this.stats.retries += 1
        this.metrics.batchRetries.inc()
        options.log?.(`ingest attempt ${attempt} failed (${(error as Error).message}); retrying in ${delayMs} ms`)
      },
    })
  }

  async start(): Promise<void> {
    await this.deadLetters.connect()
    await this.lag.connect()
    this.metrics.readLagFrom(() => this.lag.read())
    await this.consumer.start()
  }

  async stop(): Promise<void> {
    await this.consumer.stop()
    this.metrics.readLagFrom(undefined)
    await this.lag.disconnect()
    await this.deadLetters.disconnect()
  }

  private async ingest(messages: ConsumedMessage[]): Promise<void> {
    const decoded = decodeBatch(messages, { reportingCurrency: this.options.reportingCurrency })
    const { deadLetters } = decoded
    const { events, erased } = this.options.persons ? await this.options.persons.pseudonymize(decoded.events) : { events: decoded.events, erased: [] }
    for (const refusal of erased) this.options.log?.(`dropped event ${refusal.eventId}: it names a person erased by erasure ${refusal.erasureId}`)
    // Append before dead-lettering: if the store is down, the retry does not send the refused messages twice.
    const appended = events.length > 0 ? await this.options.store.append(events) : { appended: 0, duplicates: [] }
    await this.deadLetters.write(deadLetters)
    this.stats.batches += 1
    this.stats.appended += appended.appended
    this.stats.duplicates += appended.duplicates.length
    this.stats.deadLettered += deadLetters.length
    this.stats.erased += erased.length
    this.metrics.events.inc({ outcome: 'appended' }, appended.appended)
    this.metrics.events.inc({ outcome: 'duplicate' }, appended.duplicates.length)
    this.metrics.events.inc({ outcome: 'erased' }, erased.length)
    for (const letter of deadLetters) this.metrics.deadLetters.inc({ reason: letter.reason })
  }
}
