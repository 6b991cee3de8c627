import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { eventStoreContract } from '../testing/eventStore.contract.ts'
import { openEventStore } from './openEventStore.ts'
import { touch } from '../testing/testEvents.ts'

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const run = `event_store_test_${process.pid}_${Date.now().toString(36)}`
const schemas: string[] = []

/** A store in a schema of its own, dropped when the file is done. Pool large enough for the concurrent appenders. */
function openInFreshSchema() {
  const schema = `${run}_${schemas.length + 1}`
  schemas.push(schema)
  return openEventStore(url, { schema, poolSize: 12 })
}

afterAll(async () => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`)
  await client.end()
})

eventStoreContract('PostgreSQL', openInFreshSchema)

describe('PostgreSQL global order (the xid8 rule)', () => {
  it('Given a transaction that took an earlier position and has not committed, When a later append commits, Then readers see neither until it does', async () => {
    const store = await openInFreshSchema()
    const schema = schemas.at(-1) ?? ''
    const slow = new pg.Client({ connectionString: url })
    await slow.connect()
    try {
      // A writer that inserts first but commits last, as an appender held up between insert and commit would.
      await slow.query('begin')
      await slow.query(
        `insert into "${schema}".events (event_id, stream_id, stream_version, type, occurred_at, occurred_at_text, data)
         values ('slow', 'person-slow', 0, 'touchpoint.recorded', now(), '2024-05-01T09:30:00Z',
                 '{"personId":"slow","campaignId":"c","channel":"web","touchType":"page_view"}')`,
      )
      await store.append([touch('fast', 'fast')])

      // By position alone a reader would take 'fast' now, move its checkpoint past 'slow', and never see it.
      expect(await store.readAll(null, 10)).toEqual([])
      expect(await store.head()).toEqual({ position: null, events: 0 })

      await slow.query('commit')
      const all = await store.readAll(null, 10)
      expect(all.map((s) => s.event.eventId)).toEqual(['slow', 'fast'])
      expect(all[0]?.position.prepare).toBeLessThan(all[1]?.position.prepare ?? 0n)
    } finally {
      await slow.end()
      await store.close()
    }
  })
})
