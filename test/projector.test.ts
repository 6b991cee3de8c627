import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@attribution/clickhouse'
import { revenueByCampaign, servedRevenueByCampaign, writeCheckpoint } from '@attribution/read-model'
import { attributionModels, defaultAttributionOptions } from '@attribution/domain'
import { openEventStore, type EventStore } from '@attribution/event-store'
import { simulate } from '@attribution/simulation'
import { Projector } from '@attribution/projector'
import { dropDatabase, projectedTables, freshClickHouse } from './support/clickhouse.ts'
import { freshDatabase } from './support/postgres.ts'
import { everyModel, projectAll as project } from './support/projection.ts'

class SimulatedCrash extends Error {}

/** A window of a few hours inside the day the median deal was created on, cutting that day's deals in two. */
async function aroundMedianDeal(clickhouse: ClickHouse): Promise<{ from: string; to: string }> {
  const result = await clickhouse.client.query({
    query: `SELECT toUnixTimestamp64Milli(quantileExactLow(0.5)(created_at)) AS at FROM ${clickhouse.table('deals')}`,
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ at: string | number }>()
  const at = Number(row?.at)
  const dayStart = Math.floor(at / 86_400_000) * 86_400_000
  return { from: new Date(Math.max(dayStart, at - 3_600_000)).toISOString(), to: new Date(at + 1).toISOString() }
}

const stores: [string, () => Promise<{ store: EventStore; drop(): Promise<void> }>][] = [
  ['PGlite', async () => ({ store: await openEventStore('memory:'), drop: async () => {} })],
  [
    'PostgreSQL',
    async () => {
      const database = await freshDatabase('projector')
      return { store: await openEventStore(database.url), drop: database.drop }
    },
  ],
]

describe.each(stores)('projector on %s', (_name, openStore) => {
  let store: EventStore
  let dropStore: () => Promise<void>
  let uninterrupted: ClickHouse
  let interrupted: ClickHouse
  let eventCount = 0

  beforeAll(async () => {
    ;({ store, drop: dropStore } = await openStore())
    const events = [...simulate({ accounts: 40, seed: 7 })]
    eventCount = events.length
    for (let i = 0; i < events.length; i += 1_000) await store.append(events.slice(i, i + 1_000))
    uninterrupted = await freshClickHouse('uninterrupted')
    interrupted = await freshClickHouse('interrupted')
    await project({ store, clickhouse: uninterrupted, batchSize: 5_000 })
  })

  afterAll(async () => {
    await Promise.all([dropDatabase(uninterrupted), dropDatabase(interrupted)])
    await store.close()
    await dropStore()
  })

  it('applies every event once and checkpoints the head', async () => {
    const projector = new Projector({ store, clickhouse: uninterrupted })
    await projector.start()
    await projector.stop()
    const status = await projector.status()
    expect(status.eventsProcessed).toBe(eventCount)
    expect(status.lag).toBe(0)
    expect(status.position).toEqual((await store.head()).position)
  })

  it('ends with the same tables after crashes between rows and checkpoint, restarts and a full re-application', async () => {
    // Crash after the rows of the 3rd batch are written but before its checkpoint, then again in a later run.
    for (const crashAt of [3, 5]) {
      let batches = 0
      const crashing = project({
        store,
        clickhouse: interrupted,
        batchSize: 97,
        beforeCheckpoint: () => {
          batches += 1
          if (batches === crashAt) throw new SimulatedCrash(`crash in batch ${crashAt}`)
        },
      })
      await expect(crashing).rejects.toBeInstanceOf(SimulatedCrash)
    }
    await project({ store, clickhouse: interrupted, batchSize: 1_000 })
    // Apply the whole log once more from the start, as a lost checkpoint would.
    await writeCheckpoint(interrupted, 'facts', { position: { commit: 0n, prepare: 0n }, eventsProcessed: 1e12 })
    await project({ store, clickhouse: interrupted, batchSize: 2_500 })

    expect(await projectedTables(interrupted)).toEqual(await projectedTables(uninterrupted))
    expect(await everyModel(interrupted)).toEqual(await everyModel(uninterrupted))
  })

  it('keeps precomputed credits equal to a live computation, for every model, window and level, alone or served', async () => {
    // Whole days come summed from credit_days, partial ones line by line: windows of both kinds, and one inside a day.
    const windows = [
      {},
      { from: '2025-07-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' },
      { from: '2026-03-01T00:00:00.000Z' },
      { from: '2025-07-01T13:17:00.000Z', to: '2026-01-01T08:00:00.001Z' },
      await aroundMedianDeal(uninterrupted),
    ]
    let attributedDeals = 0
    // As the API serves them, every model's tallies for a window are read together: each must be its own.
    const served = servedRevenueByCampaign(uninterrupted)
    for (const model of attributionModels) {
      for (const [window, level] of windows.flatMap((window) => [[window, 'campaign'], [window, 'channel']] as const)) {
        const query = { model, level, ...window, ...defaultAttributionOptions }
        const precomputed = await revenueByCampaign(uninterrupted, query)
        expect(precomputed).toEqual(await revenueByCampaign(uninterrupted, query, 'live'))
        expect(await served(query)).toEqual(precomputed)
        attributedDeals += precomputed.totals.dealsCreated
      }
    }
    expect(attributedDeals).toBeGreaterThan(0)
  })

  it('serves BI views that reconcile with the API, and the handoff of every lead', async () => {
    const query = async <T>(sql: string) => (await (await uninterrupted.client.query({ query: sql, format: 'JSONEachRow' })).json()) as T[]
    for (const model of attributionModels) {
      const api = await revenueByCampaign(uninterrupted, { model, level: 'campaign', ...defaultAttributionOptions })
      const [bi] = await query<{ attributed: string; unattributed: string; revenue: string }>(`
        SELECT toString(sumIf(pipeline, campaign_id != '')) AS attributed, toString(sumIf(pipeline, campaign_id = '')) AS unattributed,
               toString(sumIf(revenue, campaign_id != '')) AS revenue
        FROM ${uninterrupted.table('bi_revenue_by_campaign')} WHERE model = '${model}'`)
      // Decimal sums printed as text: equal to the cent, not merely close.
      expect(Number(bi?.attributed)).toBe(api.totals.pipeline)
      expect(Number(bi?.unattributed)).toBe(api.unattributed.pipeline)
      expect(Number(bi?.revenue)).toBe(api.totals.revenue)
    }
    const events = [...simulate({ accounts: 40, seed: 7 })]
    const handedOff = new Set(events.flatMap((event) => (event.type === 'lead.handed_off' ? [event.data.personId] : [])))
    const accepted = new Set(events.flatMap((event) => (event.type === 'lead.accepted' ? [event.data.personId] : [])))
    const outcomes = await query<{ outcome: string; leads: string }>(
      `SELECT outcome, toString(count()) AS leads FROM ${uninterrupted.table('bi_handoffs')} GROUP BY outcome`,
    )
    const leads = Object.fromEntries(outcomes.map((row) => [row.outcome, Number(row.leads)]))
    expect((leads.accepted ?? 0) + (leads.rejected ?? 0) + (leads.pending ?? 0)).toBe(handedOff.size)
    expect(leads.accepted).toBe(accepted.size)
  })

  it('projects events appended while it runs', async () => {
    const clickhouse = await freshClickHouse('live')
    const projector = new Projector({ store, clickhouse, idleMs: 10 })
    await projector.start()
    await store.append([
      {
        eventId: 'live-touch',
        type: 'touchpoint.recorded',
        occurredAt: '2026-10-01T00:00:00Z',
        data: { personId: 'live-person', campaignId: 'live-campaign', channel: 'email', touchType: 'email_click' },
      },
    ])
    const deadline = Date.now() + 20_000
    while ((await projector.status()).lag > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    await projector.stop()
    const result = await clickhouse.client.query({
      query: `SELECT person_id, campaign_id FROM ${clickhouse.table('touchpoints')} FINAL WHERE touchpoint_id = 'live-touch'`,
      format: 'JSONEachRow',
    })
    expect(await result.json()).toEqual([{ person_id: 'live-person', campaign_id: 'live-campaign' }])
    await dropDatabase(clickhouse)
  })
})
