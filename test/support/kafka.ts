import { createKafka, ensureTopics, EventPublisher, topicsFor, type Kafka, type Topics } from '@attribution/bus'
import type { Event } from '@attribution/contracts'
import type { IHeaders, KafkaMessage } from 'kafkajs'
import { inject } from 'vitest'
export { eventually } from './eventually.ts'

export interface TestKafka {
  kafka: Kafka
  topics: Topics
  prefix: string
  groupId: string
  brokers: string
}

let counter = 0

/** A Kafka client on the test broker with topics of its own, so runs and tests never read each other's messages. */
export async function testKafka(label: string): Promise<TestKafka> {
  counter += 1
  const brokers = inject('kafkaBrokers')
  const prefix = `test.${label}.${process.pid}.${Date.now()}.${counter}.`
  const kafka = createKafka({ brokers: brokers.split(','), clientId: `test-${label}` })
  const topics = topicsFor(prefix)
  await ensureTopics(kafka, topics, 6)
  return { kafka, topics, prefix, groupId: `${prefix}ingestor`, brokers }
}

export async function publish(kafka: TestKafka, events: readonly Event[]): Promise<void> {
  const publisher = new EventPublisher(kafka.kafka, kafka.topics)
  await publisher.connect()
  try {
    for (let i = 0; i < events.length; i += 2_000) await publisher.publish(events.slice(i, i + 2_000))
  } finally {
    await publisher.disconnect()
  }
}

/** Sends raw bytes, as a producer that does not use our client would. */
export async function sendRaw(kafka: TestKafka, topic: string, values: (string | Buffer | null)[]): Promise<void> {
  const producer = kafka.kafka.producer()
  await producer.connect()
  await producer.send({ topic, acks: -1, messages: values.map((value, index) => ({ key: `raw-${index}`, value })) })
  await producer.disconnect()
}

export interface ReadMessage {
  value: string | null
  /** The value's bytes as they are on the topic: what `value` reads as UTF-8, replacement characters and all. */
  bytes: Buffer | null
  headers: Record<string, string>
}

/** Reads a topic from the beginning until `count` messages arrived (or fails after the timeout). */
export async function readTopic(kafka: TestKafka, topic: string, count: number, timeoutMs = 30_000): Promise<ReadMessage[]> {
  if (count <= 0) throw new Error(`readTopic needs a positive count, not ${count}`)
  const consumer = kafka.kafka.consumer({ groupId: `${kafka.prefix}reader-${Date.now()}` })
  const messages: ReadMessage[] = []
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${messages.length} of ${count} messages from ${topic}`)), timeoutMs)
    void consumer.run({
      eachMessage: async ({ message }: { message: KafkaMessage }) => {
        messages.push({ value: message.value?.toString('utf8') ?? null, bytes: message.value, headers: headersOf(message.headers) })
        if (messages.length >= count) {
          clearTimeout(timer)
          resolve()
        }
      },
    })
  })
  try {
    await done
  } finally {
    await consumer.disconnect()
  }
  return messages
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([key, value]) => [key, String(value)]))
}

/** Offsets the group has committed, summed over the ingest topics, against the end of those topics. */
export async function consumerLag(kafka: TestKafka): Promise<number> {
  const admin = kafka.kafka.admin()
  await admin.connect()
  try {
    let lag = 0
    const topics = [kafka.topics.touchpoints, kafka.topics.handoffs, kafka.topics.deals]
    const committed = await admin.fetchOffsets({ groupId: kafka.groupId, topics })
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic)
      for (const end of ends) {
        const offset = Number(partitions.find((partition) => partition.partition === end.partition)?.offset ?? -1)
        lag += Number(end.high) - Math.max(offset, 0)
      }
    }
    return lag
  } finally {
    await admin.disconnect()
  }
}
