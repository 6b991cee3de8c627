import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@attribution/clickhouse'
import { activeDefinition, loadQuarantined, requestRetry, ruleCreditModels } from '@attribution/read-model'
import type { Event } from '@attribution/contracts'
import { openEventStore, type EventStore } from '@attribution/event-store'
import { creditsProjection, EventApplication, factsProjection, Projector, type Projection } from '@attribution/projector'
import { simulate } from '@attribution/simulation'
import { dropDatabase, freshClickHouse, projectedTables } from './support/clickhouse.ts'
import { eventually } from './support/eventually.ts'
import { cutOffDatabase, freshDatabase } from './support/postgres.ts'
import { everyModel, projectAll } from './support/projection.ts'

/**
 * Events no validator let through, as a log can still hold them: written by an older version of the engine or by
 * another writer straight into the store. The store takes them as they are.
 */
const unchecked = (event: unknown): Event => event as Event

/** PostgreSQL stores a five-digit year; no JavaScript date or ClickHouse time can hold it, so no projection can. */
const touchInYear10000 = unchecked({
  eventId: 'poison-touch',
  type: 'touchpoint.recorded',
  occurredAt: '10000-01-01T00:00:00Z',
  data: { personId: 'poisoned-person', campaignId: 'poison-campaign', channel: 'email', touchType: 'email_click' },
})

const document = readFileSync(new URL('../packages/domain/lead-definitions/intent-and-fit.yaml', import.meta.url), 'utf8')
const publication = (eventId: string, version: number, text: string): Event =>
  unchecked({
    eventId,
    type: 'lead_definition.published',
    occurredAt: '2026-01-01T00:00:00Z',
    data: { definitionId: 'intent-and-fit', version, name: 'Intent and fit', format: 'yaml', document: text },
  })
const activation = (eventId: string, version: number): Event =>
  unchecked({ eventId, type: 'lead_definition.activated', occurredAt: '2026-01-02T00:00:00Z', data: { definitionId: 'intent-and-fit', version } })

const quiet = { onQuarantine: () => {}, onOutage: () => {} }

/** The projected tables without `position`: the poison events move every later event's place in the log. */
async function tablesOf(clickhouse: ClickHouse): Promise<Record<string, unknown[]>> {
  const tables = await projectedTables(clickhouse)
  const withoutPosition = (row: unknown) => Object.fromEntries(Object.entries(row as object).filter(([column]) => column !== 'position'))
  return Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, rows.map(withoutPosition)]))
}

describe('a projector given events it cannot apply', () => {
  let store: EventStore
  let poisoned: ClickHouse
  let reference: ClickHouse
  const history = [...simulate({ accounts: 12, seed: 3 })]
  const middle = Math.floor(history.length / 2)

  beforeAll(async () => {
    store = await openEventStore('memory:')
    // The poison first of all, in the middle, and last: at the head of the log when the projector restarts.
    await store.append([touchInYear10000])
    await store.append(history.slice(0, middle))
    await store.append([{ ...touchInYear10000, eventId: 'poison-touch-2' } as Event])
    await store.append(history.slice(middle))
    await store.append([{ ...touchInYear10000, eventId: 'poison-touch-3' } as Event])
    poisoned = await freshClickHouse('poisoned')
    reference = await freshClickHouse('reference')
    const clean = await openEventStore('memory:')
    await clean.append(history)
    await projectAll({ store: clean, clickhouse: reference })
    await clean.close()
  })

  afterAll(async () => {
    await Promise.all([dropDatabase(poisoned), dropDatabase(reference)])
    await store.close()
  })

  it('Given poison at the start, middle and head of the log, When projected, Then it sets exactly those aside and counts the rest', async () => {
    const quarantined: string[] = []
    await projectAll({ store, clickhouse: poisoned, batchSize: 500, ...quiet, onQuarantine: (event) => quarantined.push(event.eventId) })
    expect(quarantined).toEqual(['poison-touch', 'poison-touch-2', 'poison-touch-3'])
    const [first] = await loadQuarantined(poisoned, { projection: 'facts' })
    expect(first).toMatchObject({ eventId: 'poison-touch', eventType: 'touchpoint.recorded', state: 'quarantined', attempts: 1 })
    expect(first?.error).toMatch(/Invalid time value/)
    expect(first?.position).toEqual((await store.readAll(null, 1))[0]?.position)
    // The poison's facts are nowhere, and every other event is counted exactly as in a log without it.
    expect(await tablesOf(poisoned)).toEqual(await tablesOf(reference))
    expect(await everyModel(poisoned)).toEqual(await everyModel(reference))
  })

  it('Given poison at the head of the log, When the projector restarts on it, Then it starts, catches up and quarantines it once', async () => {
    const projector = new Projector({ store, clickhouse: poisoned, idleMs: 10, ...quiet })
    await projector.start()
    await eventually(async () => (await projector.status()).lag === 0, 'the restarted projector caught up')
    const status = await projector.status()
    await projector.stop()
    expect(status).toMatchObject({ lag: 0, quarantined: 3, retryRequested: 0 })
    expect(status.eventsProcessed).toBe(history.length + 3)
  })

  it('Given a retry of events still poisonous, When the projector picks it up, Then they stay quarantined with one more attempt', async () => {
    await requestRetry(poisoned, 'facts', ['poison-touch-2'])
    const projector = new Projector({ store, clickhouse: poisoned, idleMs: 10, retryPollMs: 50, ...quiet })
    await projector.start()
    await eventually(
      async () => (await loadQuarantined(poisoned, { projection: 'facts', eventIds: ['poison-touch-2'] }))[0]?.attempts === 2,
      'the retry was attempted',
    )
    await projector.stop()
    const [retried] = await loadQuarantined(poisoned, { projection: 'facts', eventIds: ['poison-touch-2'] })
    expect(retried).toMatchObject({ state: 'quarantined', attempts: 2 })
    expect(await everyModel(poisoned)).toEqual(await everyModel(reference))
  })
})

describe('a poison event that only a projection of a later stage refuses', () => {
  const history = [...simulate({ accounts: 12, seed: 3 })]
  const created = history.find((event) => event.type === 'deal.created')
  if (created?.type !== 'deal.created') throw new Error('the simulated history has no deal')
  const contact = created.data.contactIds?.[0]
  if (contact === undefined) throw new Error('the first simulated deal has no contact')
  // A sound touch in the deal's journey, which the facts and credits apply; a projection beside the credits cannot.
  const poison = unchecked({
    eventId: 'poison-touch-in-journey',
    type: 'touchpoint.recorded',
    occurredAt: new Date(Date.parse(created.occurredAt) - 86_400_000).toISOString(),
    data: { personId: contact, campaignId: 'poison-campaign', channel: 'email', touchType: 'email_click' },
  })
  const refusesPoison: Projection = {
    name: 'refuses-poison',
    handles: new Set(['touchpoint.recorded']),
    tables: [],
    apply: async (events) => {
      if (events.some(({ event }) => event.eventId === poison.eventId)) throw new Error('this projection cannot apply it')
    },
    takeBack: async () => {},
  }

  /** The whole log as one batch, through the facts, then the credits beside the projection that refuses the poison. */
  async function applyInOneBatch(log: readonly Event[], clickhouse: ClickHouse): Promise<void> {
    const store = await openEventStore('memory:')
    try {
      await store.append([...log])
      const stages = [[factsProjection(clickhouse)], [creditsProjection(clickhouse, () => [...ruleCreditModels]), refusesPoison]]
      const application = new EventApplication({ store, clickhouse, name: 'facts', stages, checkpoints: ['facts'], ...quiet })
      await application.applyBatch(await store.readAll(null, log.length))
    } finally {
      await store.close()
    }
  }

  it('Given it in a batch whose credits were written before the batch failed, When set aside, Then no credit keeps its effect', async () => {
    // Touches of people in no deal, after the poison: the batch's second half, which leaves the poisoned deal alone.
    const filler = history.map((_, i) =>
      unchecked({
        eventId: `filler-${i}`,
        type: 'touchpoint.recorded',
        occurredAt: '2026-06-01T00:00:00Z',
        data: { personId: `filler-person-${i}`, campaignId: 'filler-campaign', channel: 'email', touchType: 'email_click' },
      }),
    )
    const [poisoned, reference] = await Promise.all([freshClickHouse('late_poison'), freshClickHouse('late_poison_reference')])
    try {
      await applyInOneBatch([...history, poison, ...filler], poisoned)
      await applyInOneBatch([...history, ...filler], reference)
      expect((await loadQuarantined(poisoned, { projection: 'facts' })).map(({ eventId }) => eventId)).toEqual(['poison-touch-in-journey'])
      // The batch's failed attempt credited the deal at the poisoned amount, under the version of the whole batch.
      expect(await tablesOf(poisoned)).toEqual(await tablesOf(reference))
      expect(await everyModel(poisoned)).toEqual(await everyModel(reference))
    } finally {
      await Promise.all([dropDatabase(poisoned), dropDatabase(reference)])
    }
  })
})

describe('a projector given registry events the API never checked', () => {
  let store: EventStore
  let clickhouse: ClickHouse

  beforeAll(async () => {
    store = await openEventStore('memory:')
    clickhouse = await freshClickHouse('registry')
  })

  afterAll(async () => {
    await dropDatabase(clickhouse)
    await store.close()
  })

  it('Given unreadable, mislabelled, overwriting and dangling registry events, When projected, Then each is set aside with why', async () => {
    await store.append([
      publication('unreadable', 1, 'id: intent-and-fit\nversion: [1'),
      publication('mislabelled', 1, document.replace('version: 1', 'version: 2')),
      activation('dangling', 1),
      publication('first', 1, document),
      publication('overwrite', 1, `${document}\n# another document under a published version\n`),
      activation('activates-1', 1),
      activation('not-yet-published', 2),
    ])
    await projectAll({ store, clickhouse, ...quiet })
    const reasons = Object.fromEntries((await loadQuarantined(clickhouse, { projection: 'facts' })).map((event) => [event.eventId, event.error]))
    expect(Object.keys(reasons).sort()).toEqual(['dangling', 'mislabelled', 'not-yet-published', 'overwrite', 'unreadable'])
    expect(reasons.unreadable).toMatch(/^intent-and-fit@1 cannot be read: /)
    expect(reasons.mislabelled).toBe('the document is intent-and-fit@2, not intent-and-fit@1')
    expect(reasons.dangling).toBe('intent-and-fit@1 is not published, so it cannot be activated')
    expect(reasons.overwrite).toBe('intent-and-fit@1 is already published with another document; versions are immutable')
    // Reports keep the definition whose publication and activation were sound.
    expect(await activeDefinition(clickhouse)).toMatchObject({ definitionId: 'intent-and-fit', version: 1 })
  })

  it('Given a quarantined activation whose version is published later, When retried, Then it is applied where it belongs', async () => {
    await store.append([publication('second', 2, document.replace('version: 1', 'version: 2'))])
    await requestRetry(clickhouse, 'facts', ['not-yet-published'])
    await projectAll({ store, clickhouse, ...quiet }, (projector) => projector.retryRequested())
    const [retried] = await loadQuarantined(clickhouse, { projection: 'facts', eventIds: ['not-yet-published'] })
    expect(retried).toMatchObject({ state: 'reapplied', attempts: 1 })
    // It was the latest activation in the log, so version 2 is active now.
    expect(await activeDefinition(clickhouse)).toMatchObject({ definitionId: 'intent-and-fit', version: 2 })
  })
})

describe('a projector whose event store goes away', () => {
  it('Given PostgreSQL refuses it for a while, When it is back, Then the projector follows the log again and sets nothing aside', async () => {
    const database = await freshDatabase('outage')
    const store = await openEventStore(database.url)
    const clickhouse = await freshClickHouse('outage')
    const history = [...simulate({ accounts: 3, seed: 11 })]
    const outages: string[] = []
    const projector = new Projector({ store, clickhouse, idleMs: 10, onQuarantine: () => {}, onOutage: (error) => outages.push(String(error)) })
    try {
      await store.append(history.slice(0, 50))
      await projector.start()
      await eventually(async () => (await projector.status()).lag === 0, 'the first events are applied')
      const outage = await cutOffDatabase(database.url)
      await eventually(async () => outages.length > 0, 'the projector noticed the outage')
      await outage.restore()
      await store.append(history.slice(50))
      await eventually(async () => (await projector.status()).lag === 0, 'the projector caught up after the outage')
      expect(await projector.status()).toMatchObject({ eventsProcessed: history.length, quarantined: 0 })
    } finally {
      await projector.stop()
      await store.close()
      await dropDatabase(clickhouse)
      await database.drop()
    }
  })
})
