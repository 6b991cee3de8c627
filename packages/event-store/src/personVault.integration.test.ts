import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import type { Event } from '@attribution/contracts'
import { openEventDatabase } from './openEventStore.ts'
import type { EventDatabase } from './openEventStore.ts'

const at = '2024-01-10T09:00:00Z'
const events: Event[] = [
  { eventId: 't-1', type: 'touchpoint.recorded', occurredAt: at, data: { anonymousId: 'cookie-7', campaignId: 'c1', channel: 'web', touchType: 'page_view' } },
  { eventId: 'l-1', type: 'identity.linked', occurredAt: at, data: { anonymousId: 'cookie-7', personId: 'jane@acme.example' } },
  { eventId: 'u-1', type: 'person.updated', occurredAt: at, data: { personId: 'jane@acme.example', attributes: { title: 'CFO' } } },
  { eventId: 'u-2', type: 'person.updated', occurredAt: at, data: { personId: 'bob@acme.example', attributes: { title: 'CTO' } } },
  {
    eventId: 'd-1',
    type: 'deal.created',
    occurredAt: at,
    data: { dealId: 'opp-1', accountId: 'acme', amount: 100, currency: 'USD', contactIds: ['jane@acme.example', 'bob@acme.example'] },
  },
]

const postgresUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `vault_test_${process.pid}_${Date.now().toString(36)}`
afterAll(async () => {
  const client = new pg.Client({ connectionString: postgresUrl })
  await client.connect()
  await client.query(`drop schema if exists "${schema}" cascade`)
  await client.end()
})

describe.each([
  ['PGlite', () => openEventDatabase('memory:')],
  ['PostgreSQL', () => openEventDatabase(postgresUrl, { schema })],
])('the person vault on %s', (_name, open: () => Promise<EventDatabase>) => {
  it('Given events pseudonymised, When a person is erased, Then their ids and keys are gone and events naming them are refused', async () => {
    const database = await open()
    const vault = database.vault!
    try {
      const first = await vault.pseudonymize(events)
      const again = await vault.pseudonymize(events)
      expect(first.erased).toEqual([])
      const text = JSON.stringify(first.events)
      for (const plain of ['jane@acme.example', 'bob@acme.example', 'cookie-7', 'CFO']) expect(text).not.toContain(plain)
      // The same identifier gets the same pseudonym every time.
      const jane = (first.events[1]!.data as { personId: string }).personId
      const cookie = (first.events[1]!.data as { anonymousId: string }).anonymousId
      expect((first.events[0]!.data as { anonymousId: string }).anonymousId).toBe(cookie)
      expect((again.events[2]!.data as { personId: string }).personId).toBe(jane)
      expect(await vault.reveal([jane, cookie])).toEqual(new Map([[jane, 'jane@acme.example'], [cookie, 'cookie-7']]))

      const requested = await vault.requestErasure('jane@acme.example', 'admin')
      expect(requested).toMatchObject({ state: 'requested', requestedBy: 'admin', identifiersErased: 0 })
      const { record, pseudonyms } = await vault.runErasure(requested.id)
      expect(new Set(pseudonyms)).toEqual(new Set([jane, cookie]))
      expect(record.identifiersErased).toBe(2)
      expect((await vault.finishErasure(requested.id, {})).state).toBe('done')

      expect(await vault.reveal([jane, cookie])).toEqual(new Map())
      expect(await vault.keysOf([jane])).toEqual(new Map())
      const after = await vault.pseudonymize(events)
      expect(after.erased.map(({ eventId, path }) => [eventId, path])).toEqual([
        ['t-1', 'data.anonymousId'],
        ['l-1', 'data.personId'],
        ['u-1', 'data.personId'],
        ['d-1', 'data.contactIds.0'],
      ])
      expect(after.events.map((event) => event.eventId)).toEqual(['u-2'])
      expect((await vault.screen(events)).map((refusal) => refusal.eventId)).toEqual(['t-1', 'l-1', 'u-1', 'd-1'])
      expect(await vault.erasures(10)).toEqual([expect.objectContaining({ id: requested.id, state: 'done', identifiersErased: 2 })])
      expect(JSON.stringify(await vault.erasures(10))).not.toContain('jane')
    } finally {
      await database.events.close()
    }
  })
})
