import type { Consumer, Kafka } from 'kafkajs'

export interface ConsumedMessage {
  topic: string
  partition: number
  offset: string
  key: Buffer | null
  value: Buffer | null
}

export interface BatchConsumerOptions {
  kafka: Kafka
  groupId: string
  topics: string[]
  /** Makes a batch durable (or throws). Offsets are committed only after it resolves. */
  handle(messages: ConsumedMessage[]): Promise<void>
  /** Told about every failed attempt before the consumer backs off and tries the same batch again. */
  onRetry?(error: unknown, attempt: number, delayMs: number): void
  /** Partitions whose batches are handled at the same time. */
  concurrency?: number
  backoff?: { initialMs: number; maxMs: number }
  /** How long the group waits for a silent member before giving its partitions to others (Kafka's minimum is 6 s). */
  sessionTimeoutMs?: number
}

export function backoffDelay(attempt: number, backoff: { initialMs: number; maxMs: number }): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt - 1))
}

/**
 * A consumer-group loop over batches that commits a partition's offsets only after its batch was handled. A failing
 * handler (the event store is down, say) is retried with exponential backoff on the same batch, without committing and
 * without giving up the partition; after a rebalance the new owner starts from the last committed offset, so nothing
 * is lost and the store's idempotency absorbs what is delivered twice.
 */
export class BatchConsumer {
  private readonly consumer: Consumer

  constructor(private readonly options: BatchConsumerOptions) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    })
  }

  async start(): Promise<void> {
    const { topics, handle } = this.options
    const backoff = this.options.backoff ?? { initialMs: 200, maxMs: 10_000 }
    await this.consumer.connect()
    await this.consumer.subscribe({ topics, fromBeginning: true })
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.concurrency ?? 3,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (batch.isEmpty()) return
        const messages: ConsumedMessage[] = batch.messages.map((message) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          key: message.key,
          value: message.value,
        }))
        for (let attempt = 1; ; attempt += 1) {
          // Stopping or no longer owning the partition: leave the batch uncommitted for whoever reads it next.
          if (!isRunning() || isStale()) return
          try {
            await handle(messages)
            break
          } catch (error) {
            const delay = backoffDelay(attempt, backoff)
            this.options.onRetry?.(error, attempt, delay)
            await new Promise((resolve) => setTimeout(resolve, delay))
            await heartbeat()
          }
        }
        const last = batch.lastOffset()
        resolveOffset(last)
        await this.consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
        ])
        await heartbeat()
      },
    })
  }

  stop(): Promise<void> {
    return this.consumer.disconnect()
  }
}
