import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '@attribution/api'
import { deadLetterHeaders, EventPublisher, topicOf } from '@attribution/bus'
import { apiPorts, publishingSink } from '@attribution/cli'
import { loadConfig } from '@attribution/config'
import type { Event } from '@attribution/contracts'
import { openEventStore, type EventStore } from '@attribution/event-store'
import { Ingestor } from '@attribution/ingestor'
import { simulate } from '@attribution/simulation'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'
import { exampleDocument } from './support/leadDefinitions.ts'
import { consumerLag, eventually, publish, readTopic, sendRaw, testKafka, type TestKafka } from './support/kafka.ts'
import { cutOffDatabase, freshDatabase } from './support/postgres.ts'
import { everyModel, projectAll } from './support/projection.ts'

const storedIds = async (store: EventStore): Promise<string[]> => {
  const ids: string[] = []
  for (let page = await store.readAll(null, 5_000); page.length > 0; page = await store.readAll(page.at(-1)!.position, 5_000)) {
    ids.push(...page.map((stored) => stored.event.eventId))
  }
  return ids
}

describe('server deployment through a real Kafka broker and PostgreSQL', () => {
  const events: Event[] = [...simulate({ accounts: 90, seed: 11 })]
  let kafka: TestKafka
  let database: { url: string; drop(): Promise<void> }
  let store: EventStore
  let ingestor: Ingestor

  beforeAll(async () => {
    kafka = await testKafka('e2e')
    database = await freshDatabase('kafka_e2e')
    store = await openEventStore(database.url)
  })
  afterAll(async () => {
    await ingestor?.stop()
    await store?.close()
    await database?.drop()
  })

  it('stores every valid event once, dead-letters every invalid one with its reason, and projects exact numbers', async () => {
    const resent = events.slice(0, 300)
    // The same deal events again, this time on the wrong topic: the eventId still makes them duplicates.
    const crossTopic = events.filter((event) => event.type.startsWith('deal.')).slice(0, 40)
    const invalid = [
      '{"eventId": "broken',
      JSON.stringify({ eventId: 'bad-amount', type: 'deal.created', occurredAt: '2025-05-01T00:00:00Z', data: { dealId: 'x', accountId: 'a', amount: 1.234, currency: 'USD' } }),
      JSON.stringify({ eventId: 'bad-currency', type: 'deal.created', occurredAt: '2025-05-01T00:00:00Z', data: { dealId: 'y', accountId: 'a', amount: 5, currency: 'EUX' } }),
      JSON.stringify({ eventId: 'bad-type', type: 'deal.signed', occurredAt: '2025-05-01T00:00:00Z', data: {} }),
      null,
      // Only the engine writes these, through its own APIs.
      JSON.stringify({ eventId: 'engine-own', type: 'lead_definition.activated', occurredAt: '2025-05-01T00:00:00Z', data: { definitionId: 'x', version: 1 } }),
      // Not UTF-8: "z\xff" read with a replacement character would be the deal "z\ufffd".
      Buffer.concat([Buffer.from('{"eventId":"not-utf8","type":"deal.won","occurredAt":"2025-05-01T00:00:00Z","data":{"dealId":"z'), Buffer.from([0xff]), Buffer.from('"}}')]),
    ]
    await publish(kafka, events)
    await publish(kafka, resent)
    await sendRaw(kafka, kafka.topics.touchpoints, crossTopic.map((event) => JSON.stringify(event)))
    await sendRaw(kafka, kafka.topics.deals, invalid)

    ingestor = new Ingestor({ kafka: kafka.kafka, topics: kafka.topics, groupId: kafka.groupId, store, reportingCurrency: 'USD' })
    await ingestor.start()
    const total = events.length + resent.length + crossTopic.length + invalid.length
    await eventually(async () => (await consumerLag(kafka)) === 0 && ingestor.stats.appended === events.length, 'all offsets are committed')

    const ids = await storedIds(store)
    expect(ids).toHaveLength(events.length)
    expect(new Set(ids)).toEqual(new Set(events.map((event) => event.eventId)))
    expect(ingestor.stats).toMatchObject({
      appended: events.length,
      duplicates: resent.length + crossTopic.length,
      deadLettered: invalid.length,
    })
    expect(ingestor.stats.appended + ingestor.stats.duplicates + ingestor.stats.deadLettered).toBe(total)

    // What `attribution ingest --metrics-port` serves: the same counts, dead letters by reason, and the group's lag as
    // the brokers tell it, now that every offset is committed.
    const scraped = (await ingestor.metrics.registry.metrics()).split('\n')
    const sample = (name: string) => scraped.filter((line) => line.startsWith(`${name}{`)).sort()
    expect(sample('attribution_ingestor_events_total')).toEqual(
      [
        `attribution_ingestor_events_total{outcome="appended"} ${events.length}`,
        `attribution_ingestor_events_total{outcome="duplicate"} ${resent.length + crossTopic.length}`,
        // Nobody was erased: events naming an erased person would be dropped and counted here.
        'attribution_ingestor_events_total{outcome="erased"} 0',
      ].sort(),
    )
    expect(sample('attribution_dead_letters_total')).toEqual(
      ['currency', 'engine_event', 'invalid_field', 'no_value', 'not_json', 'not_utf8', 'unknown_type'].map((reason) => `attribution_dead_letters_total{reason="${reason}"} 1`),
    )
    const lag = sample('attribution_kafka_consumer_lag_messages')
    expect(lag.length).toBeGreaterThan(0)
    expect(lag.filter((line) => !line.endsWith('} 0'))).toEqual([])

    const letters = await readTopic(kafka, kafka.topics.deadLetter, invalid.length)
    const hex = (value: string | Buffer | null) => (value === null ? null : Buffer.from(value).toString('hex'))
    expect(letters.map((letter) => hex(letter.bytes)).sort()).toEqual(invalid.map(hex).sort())
    for (const letter of letters) {
      expect(letter.headers[deadLetterHeaders.sourceTopic]).toBe(kafka.topics.deals)
      expect(Number(letter.headers[deadLetterHeaders.sourcePartition])).toBeGreaterThanOrEqual(0)
      expect(letter.headers[deadLetterHeaders.sourceOffset]).toMatch(/^\d+$/)
    }
    const reasons = new Map(letters.map((letter) => [hex(letter.bytes), JSON.parse(letter.headers[deadLetterHeaders.errors] ?? '[]')]))
    const reasonOf = (index: number) => reasons.get(hex(invalid[index] ?? null))
    expect(reasonOf(1)).toEqual([{ path: 'data.amount', message: 'must be a decimal amount with at most 2 decimal places' }])
    expect(reasonOf(2)).toEqual([{ path: 'data.currency', message: expect.stringContaining('ISO 4217 currency code') }])
    expect(reasonOf(3)[0]).toMatchObject({ path: 'type' })
    expect(reasonOf(0)[0].message).toMatch(/^not valid JSON/)
    expect(reasonOf(5)).toEqual([{ path: 'type', message: expect.stringMatching(/^lead_definition.activated is written by the engine only/) }])
    expect(reasonOf(6)).toEqual([{ path: '', message: 'message value is not valid UTF-8' }])

    // The same events appended straight into an embedded store must give the same numbers to the cent.
    const served = await freshClickHouse('served')
    const reference = await freshClickHouse('reference')
    const embedded = await openEventStore('memory:')
    try {
      await embedded.append(events)
      await projectAll({ store, clickhouse: served })
      await projectAll({ store: embedded, clickhouse: reference })
      const numbers = await everyModel(served)
      expect(numbers.w_shaped?.totals.pipeline).toBeGreaterThan(0)
      expect(numbers).toEqual(await everyModel(reference))

      // And the API of the server deployment serves them.
      const app = await buildApp(apiPorts(loadConfig({}, {}), store, served, store))
      const answer = await app.inject({ method: 'GET', url: '/v1/revenue-by-campaign?model=w_shaped' })
      expect(answer.json()).toMatchObject({ rows: numbers.w_shaped?.rows, totals: numbers.w_shaped?.totals })
      const status = (await app.inject({ method: 'GET', url: '/v1/status' })).json()
      expect(status.eventStore.events).toBe(events.length)
      expect(status.projections[0].lag).toBe(0)
      await app.close()
    } finally {
      await Promise.all([dropDatabase(served), dropDatabase(reference), embedded.close()])
    }
  })
})

describe('ingestors in one consumer group', () => {
  it('split the partitions and store every event once', async () => {
    const kafka = await testKafka('group')
    const database = await freshDatabase('kafka_group')
    const stores = [await openEventStore(database.url), await openEventStore(database.url)]
    const ingestors = stores.map(
      (store) => new Ingestor({ kafka: kafka.kafka, topics: kafka.topics, groupId: kafka.groupId, store, reportingCurrency: 'USD', sessionTimeoutMs: 10_000 }),
    )
    try {
      for (const ingestor of ingestors) await ingestor.start()
      await eventually(async () => (await groupMembers(kafka)) === 2, 'both ingestors joined the group')
      const events = [...simulate({ accounts: 120, seed: 21 })]
      await publish(kafka, events)
      await eventually(async () => (await consumerLag(kafka)) === 0, 'all offsets are committed')
      const ids = await storedIds(stores[0]!)
      expect(ids).toHaveLength(events.length)
      expect(new Set(ids).size).toBe(events.length)
      expect(ingestors.map((ingestor) => ingestor.stats.batches > 0)).toEqual([true, true])
      expect(ingestors[0]!.stats.appended + ingestors[1]!.stats.appended).toBe(events.length)
    } finally {
      for (const ingestor of ingestors) await ingestor.stop()
      for (const store of stores) await store.close()
      await database.drop()
    }
  })
})

describe('HTTP ingest in the server deployment', () => {
  it("publishes valid events to Kafka before answering 202, refuses invalid ones, and stores the engine's own directly", async () => {
    const kafka = await testKafka('http')
    const database = await freshDatabase('kafka_http')
    const store = await openEventStore(database.url)
    const publisher = new EventPublisher(kafka.kafka, kafka.topics)
    await publisher.connect()
    const served = await freshClickHouse('http')
    const app = await buildApp(apiPorts(loadConfig({}, {}), store, served, publishingSink(publisher)))
    try {
      const events = [...simulate({ accounts: 3, seed: 8 })]
      const invalid = { eventId: 'nope', type: 'deal.won', occurredAt: 'yesterday', data: { dealId: 'd' } }
      const answer = await app.inject({ method: 'POST', url: '/v1/events', payload: [...events, invalid] })
      expect(answer.statusCode).toBe(202)
      expect(answer.json()).toMatchObject({ accepted: events.length, duplicates: 0, rejected: [{ index: events.length, eventId: 'nope' }] })

      // Acknowledged means on the broker: every event is readable from its topic right away.
      const expected = events.filter((event) => topicOf(event, kafka.topics) === kafka.topics.touchpoints)
      const onTopic = await readTopic(kafka, kafka.topics.touchpoints, expected.length)
      const published = onTopic.map((message) => JSON.parse(message.value ?? '{}').eventId)
      expect(published.sort()).toEqual(expected.map((event) => event.eventId).sort())
      expect((await store.head()).events).toBe(0)

      const ingestor = new Ingestor({ kafka: kafka.kafka, topics: kafka.topics, groupId: kafka.groupId, store, reportingCurrency: 'USD' })
      await ingestor.start()
      await eventually(async () => (await store.head()).events === events.length, 'the ingestor stored the posted events')
      await ingestor.stop()

      // The engine's own events go to the store directly, never through Kafka (whose ingestor refuses them).
      const own = { eventId: 'act', type: 'lead_definition.activated', occurredAt: '2025-01-01T00:00:00Z', data: { definitionId: 'x', version: 1 } }
      const refused = await app.inject({ method: 'POST', url: '/v1/events', payload: [own] })
      expect(refused.statusCode).toBe(400)
      expect(refused.json().rejected[0].errors[0]).toMatchObject({ path: 'type', message: expect.stringContaining('POST /v1/lead-definitions/{definitionId}/activate') })
      const definition = await app.inject({ method: 'POST', url: '/v1/lead-definitions', headers: { 'content-type': 'application/yaml' }, payload: exampleDocument('intent-and-fit') })
      expect(definition.statusCode).toBe(201)
      expect((await store.head()).events).toBe(events.length + 1)
      const [stored] = await store.readAll((await store.readAll(null, events.length)).at(-1)!.position, 10)
      expect(stored?.event).toMatchObject({ type: 'lead_definition.published', data: { definitionId: 'intent-and-fit', version: 1 } })
    } finally {
      await app.close()
      await publisher.disconnect()
      await store.close()
      await dropDatabase(served)
      await database.drop()
    }
  })
})

describe('an ingestor during an event-store outage', () => {
  it('backs off without committing, then resumes and stores everything', async () => {
    const kafka = await testKafka('outage')
    const database = await freshDatabase('kafka_outage')
    const store = await openEventStore(database.url)
    const retries: string[] = []
    const ingestor = new Ingestor({
      kafka: kafka.kafka,
      topics: kafka.topics,
      groupId: kafka.groupId,
      store,
      reportingCurrency: 'USD',
      log: (message) => retries.push(message),
    })
    try {
      await ingestor.start()
      const outage = await cutOffDatabase(database.url)
      const events = [...simulate({ accounts: 30, seed: 3 })]
      await publish(kafka, events)
      await eventually(async () => ingestor.stats.retries >= 3, 'the ingestor retried a few times')
      expect(await consumerLag(kafka)).toBe(events.length)
      expect(ingestor.stats.appended).toBe(0)
      expect(retries[0]).toMatch(/ingest attempt 1 failed .*; retrying in \d+ ms/)

      await outage.restore()
      await eventually(async () => (await consumerLag(kafka)) === 0, 'the ingestor caught up after the outage')
      expect((await store.head()).events).toBe(events.length)
      expect(ingestor.stats.appended).toBe(events.length)
    } finally {
      await ingestor.stop()
      await store.close()
      await database.drop()
    }
  })
})

async function groupMembers(kafka: TestKafka): Promise<number> {
  const admin = kafka.kafka.admin()
  await admin.connect()
  try {
    const { groups } = await admin.describeGroups([kafka.groupId])
    const group = groups[0]
    return group?.state === 'Stable' ? group.members.length : 0
  } finally {
    await admin.disconnect()
  }
}
