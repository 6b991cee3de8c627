import type { Kafka } from 'kafkajs'
import { ingestTopics, type Topics } from './topics.ts'

/**
 * Creates the ingest and dead-letter topics when they are missing. Partitions bound how many ingestors of one group
 * can share the work, so pick the count for the scale you expect; it can be raised later, never lowered.
 */
export async function ensureTopics(kafka: Kafka, topics: Topics, partitions = 6): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const existing = new Set(await admin.listTopics())
    const missing = [...ingestTopics(topics), topics.deadLetter].filter((topic) => !existing.has(topic))
    if (missing.length === 0) return
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions })),
    })
  } finally {
    await admin.disconnect()
  }
}
