import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openEventStore } from '@attribution/event-store'
import { simulate } from '@attribution/simulation'
import { consumerLag, eventually, publish, testKafka } from './support/kafka.ts'
import { freshDatabase } from './support/postgres.ts'

const cli = path.resolve('services/cli/bin/attribution.mjs')

function startIngestProcess(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [cli, 'ingest'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
}

describe('an ingestor process killed in the middle of its work', () => {
  const children: ChildProcess[] = []
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL')
  })

  it('loses no event and stores none twice once it is restarted', async () => {
    const kafka = await testKafka('kill')
    const database = await freshDatabase('kafka_kill')
    const store = await openEventStore(database.url)
    try {
      const events = [...simulate({ accounts: 700, seed: 5 })]
      await publish(kafka, events)
      const env = {
        KAFKA_BROKERS: kafka.brokers,
        KAFKA_TOPIC_PREFIX: kafka.prefix,
        INGESTOR_GROUP_ID: kafka.groupId,
        INGESTOR_SESSION_TIMEOUT_MS: '6000',
        EVENT_STORE_URL: database.url,
      }

      const first = startIngestProcess(env)
      children.push(first)
      await eventually(async () => (await store.head()).events > 0, 'the first ingestor stored something', 60_000)
      first.kill('SIGKILL')
      await once(first, 'exit')
      const storedAtKill = (await store.head()).events
      expect(storedAtKill).toBeGreaterThan(0)
      expect(storedAtKill).toBeLessThan(events.length)

      const second = startIngestProcess(env)
      children.push(second)
      await eventually(
        async () => (await store.head()).events === events.length && (await consumerLag(kafka)) === 0,
        'the restarted ingestor caught up',
        120_000,
      )
      second.kill('SIGTERM')
      await once(second, 'exit')

      const ids: string[] = []
      for (let page = await store.readAll(null, 10_000); page.length > 0; page = await store.readAll(page.at(-1)!.position, 10_000)) {
        ids.push(...page.map((stored) => stored.event.eventId))
      }
      expect(ids).toHaveLength(events.length)
      expect(new Set(ids)).toEqual(new Set(events.map((event) => event.eventId)))
    } finally {
      await store.close()
      await database.drop()
    }
  })
})
