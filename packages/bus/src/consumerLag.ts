import type { Admin, Kafka } from 'kafkajs'

/** How many messages of one partition a consumer group has not committed yet. */
export interface PartitionLag {
  topic: string
  partition: number
  lag: number
}

export type OffsetReader = Pick<Admin, 'fetchOffsets' | 'fetchTopicOffsets'>

/**
 * A group's lag on every partition of its topics, as Kafka tells it: the partition's end (high watermark) less the
 * group's committed offset, or less the partition's start where the group has committed nothing yet. Read from the
 * brokers rather than from what one member saw, so it counts the partitions no member is reading too.
 */
export async function consumerGroupLag(admin: OffsetReader, groupId: string, topics: readonly string[]): Promise<PartitionLag[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] })
  const lags: PartitionLag[] = []
  for (const topic of topics) {
    const offsets = new Map(committed.find((entry) => entry.topic === topic)?.partitions.map(({ partition, offset }) => [partition, offset]))
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      const at = offsets.get(partition)
      const from = at === undefined || BigInt(at) < 0n ? BigInt(low) : BigInt(at)
      const lag = BigInt(high) - from
      lags.push({ topic, partition, lag: lag > 0n ? Number(lag) : 0 })
    }
  }
  return lags
}

/** A connection to the cluster's admin API that reads one group's lag when asked (at each scrape of /metrics). */
export class ConsumerLagReader {
  private readonly admin: Admin

  constructor(
    kafka: Kafka,
    private readonly groupId: string,
    private readonly topics: readonly string[],
  ) {
    this.admin = kafka.admin()
  }

  connect(): Promise<void> {
    return this.admin.connect()
  }

  read(): Promise<PartitionLag[]> {
    return consumerGroupLag(this.admin, this.groupId, this.topics)
  }

  disconnect(): Promise<void> {
    return this.admin.disconnect()
  }
}
