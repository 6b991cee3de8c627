import { describe, expect, it } from 'vitest'
import { topicsFor, type Kafka } from '@attribution/bus'
import type { Event } from '@attribution/contracts'
import type { EventStore } from '@attribution/event-store'
import { Ingestor } from './ingestor.ts'

type EachBatch = (payload: unknown) => Promise<void>

/**
 * Kafka as the ingestor sees it, in memory: the consumer hands over its eachBatch handler, the dead-letter producer
 * keeps what it was sent, the admin API reports offsets for the lag.
 */
function fakeKafka() {
  const sent: { topic: string; messages: unknown[] }[] = []
  const consumer: { eachBatch?: EachBatch } = {}
  const idle = async () => {}
  const kafka = {
    producer: () => ({ connect: idle, disconnect: idle, send: async (record: { topic: string; messages: unknown[] }) => void sent.push(record) }),
    consumer: () => ({
      connect: idle,
      disconnect: idle,
      subscribe: idle,
      commitOffsets: idle,
      run: async ({ eachBatch }: { eachBatch: EachBatch }) => void (consumer.eachBatch = eachBatch),
    }),
    admin: () => ({
      connect: idle,
      disconnect: idle,
      fetchOffsets: async () => [{ topic: 'attribution.deals', partitions: [{ partition: 2, offset: '13', metadata: null }] }],
      fetchTopicOffsets: async (topic: string) => (topic === 'attribution.deals' ? [{ partition: 2, offset: '20', high: '20', low: '0' }] : []),
    }),
  } as unknown as Kafka
  return { kafka, sent, consumer }
}

/** The value of one series in Prometheus' text format, or undefined when it is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

const won = (eventId: string) => JSON.stringify({ eventId, type: 'deal.won', occurredAt: '2024-03-01T00:00:00Z', data: { dealId: 'd1' } })

describe('Ingestor metrics', () => {
  it('counts appended and duplicate events, dead letters by reason, and reads the group lag from Kafka', async () => {
    const { kafka, sent, consumer } = fakeKafka()
    const stored = new Set<string>()
    const store = {
      append: async (events: Event[]) => {
        const duplicates: string[] = []
        for (const { eventId } of events) {
          if (stored.has(eventId)) duplicates.push(eventId)
          stored.add(eventId)
        }
        return { appended: events.length - duplicates.length, duplicates }
      },
    } as unknown as EventStore
    const ingestor = new Ingestor({ kafka, topics: topicsFor('attribution.'), groupId: 'attribution-ingestor', store, reportingCurrency: 'USD' })
    await ingestor.start()
    const values = [won('w-1'), won('w-1'), '{"eventId": ', JSON.stringify({ eventId: 'x', type: 'deal.won', occurredAt: '2024-03-01T00:00:00Z', data: { dealId: 'd1', colour: 'jane@example.com' } }), '']
    await consumer.eachBatch?.({
      batch: {
        topic: 'attribution.deals',
        partition: 2,
        isEmpty: () => false,
        lastOffset: () => '14',
        messages: values.map((value, index) => ({ offset: String(10 + index), key: Buffer.from('deal-d1'), value: Buffer.from(value) })),
      },
      resolveOffset: () => {},
      heartbeat: async () => {},
      isRunning: () => true,
      isStale: () => false,
    })
    expect(sent.flatMap((record) => record.messages)).toHaveLength(3)

    const text = await ingestor.metrics.registry.metrics()
    expect(sample(text, 'attribution_ingestor_events_total{outcome="appended"}')).toBe(1)
    expect(sample(text, 'attribution_ingestor_events_total{outcome="duplicate"}')).toBe(1)
    expect(sample(text, 'attribution_dead_letters_total{reason="not_json"}')).toBe(1)
    expect(sample(text, 'attribution_dead_letters_total{reason="unknown_field"}')).toBe(1)
    expect(sample(text, 'attribution_dead_letters_total{reason="no_value"}')).toBe(1)
    expect(sample(text, 'attribution_kafka_consumer_lag_messages{topic="attribution.deals",partition="2"}')).toBe(7)
    expect(text).not.toContain('jane@example.com')
    expect(text).not.toContain('colour')
    await ingestor.stop()
  })
})
