import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@attribution/clickhouse'
import { refreshCreditSums, revenueByCampaign, servedRevenueByCampaign, type AttributionQuery, type RevenueByCampaign, type TimeWindow } from '@attribution/read-model'
import { attributionModels, defaultAttributionOptions } from '@attribution/domain'
import { openEventStore, type EventStore } from '@attribution/event-store'
import { Projector, type RebuildProgress } from '@attribution/projector'
import { simulate } from '@attribution/simulation'
import { handComputedEvents } from './fixtures/handComputedDataset.ts'
import { dropDatabase, freshClickHouse, projectedTables } from './support/clickhouse.ts'
import { valid } from './support/events.ts'
import { everyModel, projectAll } from './support/projection.ts'

const day = (date: string): TimeWindow => ({ from: `${date}T00:00:00.000Z`, to: new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString() })
const firstTouch = (clickhouse: ClickHouse, window: TimeWindow) =>
  revenueByCampaign(clickhouse, { model: 'first_touch', level: 'campaign', ...window, ...defaultAttributionOptions })

/**
 * Credits are stored by the day a deal was created or won. When a later event moves a deal to another day, the day it
 * left must stop counting it: the hand-computed history, then d1's win undone by a loss and d3's creation corrected
 * to two days earlier.
 */
describe('credit days when deals move between days', () => {
  let store: EventStore
  let clickhouse: ClickHouse
  // Served answers are kept until the data changes: this one lives across the moves.
  let served: (query: AttributionQuery) => Promise<RevenueByCampaign>
  const windows: TimeWindow[] = [
    {},
    { from: '2024-01-01T00:00:00.000Z', to: '2024-04-01T00:00:00.000Z' },
    day('2024-03-01'),
    day('2024-03-03'),
    day('2024-03-05'),
    { from: '2024-02-10T08:00:00.000Z', to: '2024-03-05T09:00:00.001Z' },
    { from: '2024-03-01T09:30:00.000Z', to: '2024-03-01T10:30:00.000Z' },
  ]
  const queries = attributionModels.flatMap((model) => windows.map((window) => ({ model, level: 'campaign' as const, ...window, ...defaultAttributionOptions })))

  beforeAll(async () => {
    store = await openEventStore('memory:')
    clickhouse = await freshClickHouse('credit_days')
    served = servedRevenueByCampaign(clickhouse)
    await store.append(handComputedEvents.map(valid))
    await projectAll({ store, clickhouse })
  })

  afterAll(async () => {
    await dropDatabase(clickhouse)
    await store.close()
  })

  it('counts each deal on the day it was created and the day it was won', async () => {
    const march1 = await firstTouch(clickhouse, day('2024-03-01'))
    expect(march1.totals.revenue).toBe(1000.01) // d1 won
    expect(march1.totals.dealsWon).toBe(1)
    const march5 = await firstTouch(clickhouse, day('2024-03-05'))
    expect(march5.unattributed).toMatchObject({ pipeline: 250, dealsCreated: 1 }) // d3 created
    for (const query of queries) expect(await served(query), JSON.stringify(query)).toEqual(await revenueByCampaign(clickhouse, query))
  })

  it('moves the deals with the events that move them, and agrees with a live computation everywhere', async () => {
    await store.append([
      valid({ eventId: 'd1-lost', type: 'deal.lost', occurredAt: '2024-03-05T09:00:00Z', data: { dealId: 'd1', reason: 'churned' } }),
      valid({
        eventId: 'd3-created-earlier',
        type: 'deal.created',
        occurredAt: '2024-03-03T09:00:00Z',
        data: { dealId: 'd3', accountId: 'a3', amount: 250, currency: 'USD', contactIds: ['p3'] },
      }),
    ])
    await projectAll({ store, clickhouse })

    const march1 = await firstTouch(clickhouse, day('2024-03-01'))
    expect(march1.totals).toMatchObject({ revenue: 0, dealsWon: 0, pipeline: 500, dealsCreated: 1 }) // d2 stays
    expect((await firstTouch(clickhouse, day('2024-03-05'))).unattributed).toMatchObject({ pipeline: 0, dealsCreated: 0 })
    expect((await firstTouch(clickhouse, day('2024-03-03'))).unattributed).toMatchObject({ pipeline: 250, dealsCreated: 1 })

    for (const query of queries) {
      const what = `${query.model} ${JSON.stringify(query)}`
      const live = await revenueByCampaign(clickhouse, query, 'live')
      expect(await revenueByCampaign(clickhouse, query), what).toEqual(live)
      expect(await served(query), `served ${what}`).toEqual(live)
    }
  })
})

describe('credit days after a crash between the lines and their sums', () => {
  it('are re-summed when the projector starts again, though the batch then finds its lines unchanged', async () => {
    const store = await openEventStore('memory:')
    const clickhouse = await freshClickHouse('credit_crash')
    try {
      await store.append(handComputedEvents.map(valid))
      await projectAll({ store, clickhouse })
      // A touch that makes t0 d1's first touch: d1's lines change, so its days must be re-summed.
      await store.append([
        valid({ eventId: 'late-touch', type: 'touchpoint.recorded', occurredAt: '2023-12-20T09:00:00Z', data: { personId: 'p1', campaignId: 'c-email', channel: 'email', touchType: 'page_view' } }),
      ])
      // The process dies as it sums the days: the projector stops right there, the batch half applied, unchecked.
      const dying = new Projector({ store, clickhouse, idleMs: 10 })
      const command = clickhouse.client.command.bind(clickhouse.client)
      clickhouse.client.command = async (params) => {
        if (!params.query.includes(`INSERT INTO ${clickhouse.table('credit_days')}`)) return command(params)
        void dying.stop()
        throw new Error('the process died here')
      }
      await dying.start()
      await dying.done
      clickhouse.client.command = command
      expect(await dying.status()).toMatchObject({ lag: 1, quarantined: 0 })

      await projectAll({ store, clickhouse })
      for (const model of attributionModels) {
        const query = { model, level: 'campaign' as const, ...defaultAttributionOptions }
        expect(await revenueByCampaign(clickhouse, query), model).toEqual(await revenueByCampaign(clickhouse, query, 'live'))
      }
      expect((await firstTouch(clickhouse, {})).rows.find((row) => row.campaignId === 'c-email')?.pipeline).toBe(1000.01)
    } finally {
      await dropDatabase(clickhouse)
      await store.close()
    }
  })
})

/** credit_days and credit_months as answers read them, without the version (which says when a row was written). */
async function storedSums(clickhouse: ClickHouse): Promise<Record<string, unknown[]>> {
  const read = async (table: string) =>
    (
      await clickhouse.client.query({
        query: `SELECT * EXCEPT version FROM ${clickhouse.table(table)} FINAL ORDER BY model, kind, day`,
        format: 'JSONEachRow',
      })
    ).json()
  return { credit_days: await read('credit_days'), credit_months: await read('credit_months') }
}

/** Each model's stored sums against those a full sum of every line writes. */
async function expectSumsOfEveryLine(clickhouse: ClickHouse): Promise<Record<string, unknown[]>> {
  const kept = await storedSums(clickhouse)
  await refreshCreditSums(clickhouse, { all: [...attributionModels] }, 1_000_000_000)
  expect(kept).toEqual(await storedSums(clickhouse))
  return kept
}

describe('credit sums kept for the days each batch changes', () => {
  it('equal a full sum of every line, after small batches that add, change, stitch and move deals', async () => {
    const store = await openEventStore('memory:')
    const clickhouse = await freshClickHouse('credit_sum_changes')
    try {
      await store.append([...handComputedEvents, ...simulate({ accounts: 25, seed: 5 })].map(valid))
      await projectAll({ store, clickhouse, batchSize: 25 })
      await store.append([
        valid({ eventId: 'd1-lost', type: 'deal.lost', occurredAt: '2024-03-05T09:00:00Z', data: { dealId: 'd1', reason: 'churned' } }),
        valid({ eventId: 'd3-moved', type: 'deal.created', occurredAt: '2024-03-03T09:00:00Z', data: { dealId: 'd3', accountId: 'a3', amount: 250, currency: 'USD', contactIds: ['p3'] } }),
        valid({ eventId: 'late-touch', type: 'touchpoint.recorded', occurredAt: '2023-12-20T09:00:00Z', data: { personId: 'p1', campaignId: 'c-email', channel: 'email', touchType: 'page_view' } }),
      ])
      await projectAll({ store, clickhouse, batchSize: 1 })

      const kept = await expectSumsOfEveryLine(clickhouse)
      const days = kept.credit_days as { deals: number }[]
      expect(days.length).toBeGreaterThan(100)
      // A day every deal left (d1's win day after its loss) keeps a row of zeros.
      expect(days).toContainEqual(expect.objectContaining({ model: 'first_touch', kind: 'won', day: '2024-03-01', deals: 0, campaign_ids: [] }))
    } finally {
      await dropDatabase(clickhouse)
      await store.close()
    }
  })

  it('are summed again in full after an attempt that failed between the lines and their sums, without a restart', async () => {
    const store = await openEventStore('memory:')
    const clickhouse = await freshClickHouse('credit_sum_retry')
    try {
      await store.append(handComputedEvents.map(valid))
      await projectAll({ store, clickhouse })
      await store.append([
        valid({ eventId: 'late-touch', type: 'touchpoint.recorded', occurredAt: '2023-12-20T09:00:00Z', data: { personId: 'p1', campaignId: 'c-email', channel: 'email', touchType: 'page_view' } }),
      ])
      // ClickHouse refuses the first insert of sums once, as in a short outage: the batch is applied again, and finds
      // the lines its first attempt wrote.
      const command = clickhouse.client.command.bind(clickhouse.client)
      let refusals = 0
      clickhouse.client.command = async (params) => {
        if (refusals === 0 && params.query.includes(`INSERT INTO ${clickhouse.table('credit_days')}`)) {
          refusals++
          throw new Error('ClickHouse is away for a moment')
        }
        return command(params)
      }
      try {
        await projectAll({ store, clickhouse, onOutage: () => {} })
      } finally {
        clickhouse.client.command = command
      }
      expect(refusals).toBe(1)
      await expectSumsOfEveryLine(clickhouse)
      expect((await firstTouch(clickhouse, {})).rows.find((row) => row.campaignId === 'c-email')?.pipeline).toBe(1000.01)
    } finally {
      await dropDatabase(clickhouse)
      await store.close()
    }
  })
})

describe('credits of an install from before credit_lines', () => {
  it('are rebuilt once when the projector starts, equal to those it keeps batch by batch', async () => {
    const store = await openEventStore('memory:')
    const clickhouse = await freshClickHouse('credit_rebuild')
    try {
      await store.append([...simulate({ accounts: 30, seed: 11 })])
      await projectAll({ store, clickhouse, batchSize: 2_000 })
      const kept = { tables: await projectedTables(clickhouse), revenue: await everyModel(clickhouse) }

      // What migration 008 finds on an older install: facts and a checkpoint, no credit lines, no rebuild.
      for (const table of ['credit_lines', 'credit_days', 'credit_rebuilds']) {
        await clickhouse.client.command({ query: `TRUNCATE TABLE ${clickhouse.table(table)}` })
      }
      const reports: RebuildProgress[] = []
      const projector = new Projector({ store, clickhouse, onCreditRebuild: (progress) => reports.push({ ...progress }) })
      await projector.start()
      await projector.stop()

      expect(reports.at(-1)?.dealsDone).toBeGreaterThan(0)
      expect(reports.at(-1)?.dealsDone).toBe(reports.at(-1)?.dealsTotal)
      expect(await projectedTables(clickhouse)).toEqual(kept.tables)
      expect(await everyModel(clickhouse)).toEqual(kept.revenue)

      // Recorded: the next start rebuilds nothing.
      reports.length = 0
      const again = new Projector({ store, clickhouse, onCreditRebuild: (progress) => reports.push({ ...progress }) })
      await again.start()
      await again.stop()
      expect(reports).toEqual([])
    } finally {
      await dropDatabase(clickhouse)
      await store.close()
    }
  })
})

describe('credit sums beyond 64 bits', () => {
  let clickhouse: ClickHouse
  beforeAll(async () => {
    clickhouse = await freshClickHouse('saturated_sums')
  })
  afterAll(() => dropDatabase(clickhouse))

  it('Given a day whose lines sum past Int64, When summed, Then the day sticks at the largest Int64 and answers refuse it, never wrapping', async () => {
    // Three lines of 2^62 + 2^61 cents each: 2.25 * 2^63 together, which an Int64 sum would wrap to a small figure.
    const huge = (2n ** 62n + 2n ** 61n).toString()
    const line = (dealId: string) =>
      `('first_touch', 'created', '2024-05-01', '${dealId}', '2024-05-01 10:00:00.000', ${huge}, ['t-${dealId}'], ['spring'], ['email'], [1000000000], [${huge}], 1, 0)`
    await clickhouse.client.command({ query: `INSERT INTO ${clickhouse.table('credit_lines')} VALUES ${line('d1')}, ${line('d2')}, ${line('d3')}` })
    await refreshCreditSums(clickhouse, { all: ['first_touch'] }, 1)
    const read = async (table: string) =>
      (await (await clickhouse.client.query({ query: `SELECT toString(cents[1]) AS cents FROM ${clickhouse.table(table)} FINAL`, format: 'JSONEachRow' })).json<{ cents: string }>())
    expect(await read('credit_days')).toEqual([{ cents: '9223372036854775807' }])
    expect(await read('credit_months')).toEqual([{ cents: '9223372036854775807' }])
    const answer = revenueByCampaign(clickhouse, { model: 'first_touch', level: 'campaign', ...defaultAttributionOptions })
    await expect(answer).rejects.toMatchObject({ statusCode: 422 })
  })
})
