import { streamIdOf, type Event } from '@attribution/contracts'
import { CompressionTypes, Partitioners, type Kafka, type Producer } from 'kafkajs'
import { topicOf, type Topics } from './topics.ts'

/**
 * Publishes events to their topics, keyed by their stream id so that one person's or one deal's events land on one
 * partition and keep their order. Idempotent producer with acks from all in-sync replicas: `publish` resolves only
 * once the broker has the events.
 */
export class EventPublisher {
  private readonly producer: Producer

  constructor(
    kafka: Kafka,
    private readonly topics: Topics,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    })
  }

  connect(): Promise<void> {
    return this.producer.connect()
  }

  async publish(events: readonly Event[]): Promise<void> {
    if (events.length === 0) return
    const byTopic = new Map<string, { key: string; value: string; headers: { type: string } }[]>()
    for (const event of events) {
      const topic = topicOf(event, this.topics)
      const messages = byTopic.get(topic) ?? []
      messages.push({ key: streamIdOf(event), value: JSON.stringify(event), headers: { type: event.type } })
      byTopic.set(topic, messages)
    }
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    })
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect()
  }
}
