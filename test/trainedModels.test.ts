import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@attribution/clickhouse'
import {
  historyPaths,
  journeysIn,
  loadTrainedSpecs,
  loadTrainings,
  revenueByCampaign,
  saveTraining,
  servedRevenueByCampaign,
  trainSpecs,
  type AttributionQuery,
  type RevenueByCampaign,
  type TimeWindow,
} from '@attribution/read-model'
import { attributionLevels, defaultAttributionOptions } from '@attribution/domain'
import { openEventStore, type EventStore } from '@attribution/event-store'
import type { Projector, ProjectorOptions } from '@attribution/projector'
import { simulate } from '@attribution/simulation'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'
import { eventually } from './support/eventually.ts'
import { lateDeal, valid } from './support/events.ts'
import { projectAll } from './support/projection.ts'

const windows: TimeWindow[] = [
  {},
  { from: '2025-07-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' },
  { from: '2025-07-01T13:17:00.000Z', to: '2026-01-01T08:00:00.001Z' },
  { from: '2026-06-01T00:00:00.000Z' },
]

/**
 * Every data-driven answer the projector keeps, precomputed and computed live under the same training, and as the API
 * serves it: from a cache that lives across batches and trainings.
 */
async function expectPrecomputedEqualsLive(
  clickhouse: ClickHouse,
  eventsApplied: number,
  served: (query: AttributionQuery) => Promise<RevenueByCampaign>,
): Promise<void> {
  for (const model of ['markov', 'shapley'] as const) {
    for (const level of attributionLevels) {
      for (const window of windows) {
        const query = { model, level, ...window, ...defaultAttributionOptions }
        const precomputed = await revenueByCampaign(clickhouse, query)
        expect(precomputed.training, `${model} ${level}`).toMatchObject({ scope: 'history', eventsApplied })
        expect(precomputed, `${model} ${level} ${JSON.stringify(window)}`).toEqual(await revenueByCampaign(clickhouse, query, 'live'))
        expect(await served(query), `served ${model} ${level} ${JSON.stringify(window)}`).toEqual(precomputed)
        // Every deal is credited in full, as under any rule-based model.
        const linear = await revenueByCampaign(clickhouse, { ...query, model: 'linear' })
        expect(precomputed.totals.pipeline + precomputed.unattributed.pipeline).toBeCloseTo(linear.totals.pipeline + linear.unattributed.pipeline, 2)
        expect(precomputed.totals.revenue).toBe(linear.totals.revenue)
      }
    }
  }
}

describe('markov and shapley trained on history by the projector', () => {
  let store: EventStore
  let clickhouse: ClickHouse
  let served: (query: AttributionQuery) => Promise<RevenueByCampaign>
  let eventCount = 0

  const running = (options: Partial<ProjectorOptions>, work?: (projector: Projector) => Promise<void>) =>
    projectAll({ store, clickhouse, ...options }, work)

  beforeAll(async () => {
    store = await openEventStore('memory:')
    clickhouse = await freshClickHouse('trained')
    served = servedRevenueByCampaign(clickhouse)
    const events = [...simulate({ accounts: 40, seed: 7 })]
    eventCount = events.length
    await store.append(events)
  })

  afterAll(async () => {
    await dropDatabase(clickhouse)
    await store.close()
  })

  it('learns from every journey so far and credits every deal under what it learnt', async () => {
    await running({ retrainGrowth: Number.POSITIVE_INFINITY }, async (projector) => {
      const training = await projector.train()
      expect(training).toMatchObject({ training: eventCount, state: 'ready' })
      const paths = await historyPaths(clickhouse, { mapping: 'contacts', lookbackDays: defaultAttributionOptions.lookbackDays })
      expect(await loadTrainedSpecs(clickhouse, eventCount)).toEqual(trainSpecs(paths))
      const { journeys, conversions } = journeysIn(paths.channel)
      expect(training).toMatchObject({ journeys, conversions })
      // Journeys that did not convert count as much as those that did: a model of conversions needs both.
      expect(conversions).toBeGreaterThan(0)
      expect(journeys).toBeGreaterThan(conversions)
    })
    await expectPrecomputedEqualsLive(clickhouse, eventCount, served)
  })

  it('credits deals of later batches under the training in use, then trains again and retires the old one', async () => {
    // A deal that arrives after the training.
    await store.append(lateDeal(1234.56))
    await running({ retrainGrowth: Number.POSITIVE_INFINITY })
    // Not trained again (history grew by 3 events, under the threshold), yet the new deal is credited in full.
    await expectPrecomputedEqualsLive(clickhouse, eventCount, served)
    const june = await revenueByCampaign(clickhouse, { model: 'markov', level: 'channel', from: '2026-06-03', to: '2026-06-04', ...defaultAttributionOptions })
    expect(june.totals).toMatchObject({ pipeline: 1234.56, dealsCreated: 1 })

    // Any growth is enough now: the projector trains again at start, in the background.
    await running({ retrainGrowth: 0 }, async () => {
      await eventually(async () => (await loadTrainings(clickhouse)).some((t) => t.training === eventCount + 3 && t.state === 'ready'), 'trained again', 60_000, 20)
    })
    expect((await loadTrainings(clickhouse)).map(({ training, state }) => ({ training, state }))).toEqual([{ training: eventCount + 3, state: 'ready' }])
    for (const table of ['credit_lines', 'credit_days', 'credit_months']) {
      const result = await clickhouse.client.query({
        query: `SELECT groupUniqArray(model) AS models FROM ${clickhouse.table(table)} WHERE model LIKE '%@%'`,
        format: 'JSONEachRow',
      })
      const [row] = await result.json<{ models: string[] }>()
      expect(row?.models.sort(), table).toEqual([
        `markov:campaign@${eventCount + 3}`,
        `markov:channel@${eventCount + 3}`,
        `shapley:campaign@${eventCount + 3}`,
        `shapley:channel@${eventCount + 3}`,
      ])
    }
    const learnt = await clickhouse.client.query({
      query: `SELECT groupUniqArray(training) AS trainings FROM ${clickhouse.table('model_training_specs')}`,
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
      format: 'JSONEachRow',
    })
    expect(await learnt.json()).toEqual([{ trainings: [eventCount + 3] }])
    await expectPrecomputedEqualsLive(clickhouse, eventCount + 3, served)
  })

  it('trains to ready at the very count where a stop abandoned a training', async () => {
    await store.append([
      valid({ eventId: 'abandoned-t', type: 'touchpoint.recorded', occurredAt: '2026-06-05T09:00:00Z', data: { personId: 'late-p', campaignId: 'late-c1', channel: 'email', touchType: 'email_click' } }),
    ])
    await running({ retrainGrowth: Number.POSITIVE_INFINITY })
    const count = eventCount + 4
    // A training begun at this count was crediting when the projector stopped; it has applied nothing since.
    await saveTraining(clickhouse, { training: count, state: 'crediting', journeys: 1, conversions: 1 })
    await running({ retrainGrowth: Number.POSITIVE_INFINITY }, async (projector) => {
      expect(await projector.train()).toMatchObject({ training: count, state: 'ready' })
    })
    expect((await loadTrainings(clickhouse)).map(({ training, state }) => ({ training, state }))).toEqual([{ training: count, state: 'ready' }])
    await expectPrecomputedEqualsLive(clickhouse, count, served)
  })
})
