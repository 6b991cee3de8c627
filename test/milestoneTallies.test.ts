import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  loadJourneyShapes,
  milestoneTallies,
  revenueByCampaign,
  servedRevenueByCampaign,
  type AttributionQuery,
  type ClickHouse,
  type TimeWindow,
} from '@attribution/analytics'
import { attributionLevels, defaultAttributionOptions, parseCustomWeights, type CustomWeights } from '@attribution/domain'
import { openEventStore, type EventStore } from '@attribution/event-store'
import { simulate } from '@attribution/simulation'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'
import { lateDeal } from './support/events.ts'
import { projectAll } from './support/projection.ts'

// All of history, half a year of whole days, and an open end starting within a day.
const windows: TimeWindow[] = [{}, { from: '2025-07-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' }, { from: '2025-07-01T13:17:00.000Z' }]

function weightsOf(given: Record<string, number>): CustomWeights {
  const parsed = parseCustomWeights(given)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return parsed.weights
}

/** Percentages from a seeded generator over every position but the MQL, with fractions, summing to 100. */
function someWeights(seed: number): CustomWeights {
  let state = seed
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648
  const raw = ['FT', 'LC', 'OC', 'CW', 'middle'].map((slot) => [slot, next() < 0.3 ? 0 : next()] as const)
  const total = raw.reduce((sum, [, value]) => sum + value, 0) || 1
  return weightsOf(Object.fromEntries(raw.map(([slot, value]) => [slot, (value * 100) / total])))
}

/**
 * Weights that exercise every rule: thirds that are not exact in binary, a position nobody holds handing its weight
 * on (CW of open deals, LC of journeys without a form fill), middle touches alone, CW alone, and random fractions.
 */
const cases: CustomWeights[] = [
  weightsOf({ FT: 100 / 3, LC: 100 / 3, OC: 100 / 3 }),
  weightsOf({ FT: 20, LC: 20, OC: 20, CW: 30, middle: 10 }),
  weightsOf({ LC: 50, CW: 50 }),
  weightsOf({ CW: 100 }),
  weightsOf({ middle: 100 }),
  weightsOf({ FT: 12.5, LC: 7.3, OC: 41.1, CW: 0.1, middle: 39 }),
  ...[1, 2, 3, 4, 5, 6].map(someWeights),
]

const query = (weights: CustomWeights, level: AttributionQuery['level'], window: TimeWindow): AttributionQuery => ({
  model: 'custom',
  weights,
  level,
  ...window,
  ...defaultAttributionOptions,
})

async function expectSameAsLive(clickhouse: ClickHouse, weights: CustomWeights): Promise<void> {
  for (const level of attributionLevels) {
    for (const window of windows) {
      const asked = query(weights, level, window)
      expect(await revenueByCampaign(clickhouse, asked), `${JSON.stringify(weights)} ${level} ${JSON.stringify(window)}`).toEqual(
        await revenueByCampaign(clickhouse, asked, 'live'),
      )
    }
  }
}

async function countOf(clickhouse: ClickHouse, table: string): Promise<number> {
  const result = await clickhouse.client.query({ query: `SELECT count() AS rows FROM ${clickhouse.table(table)}`, format: 'JSONEachRow' })
  const [row] = await result.json<{ rows: string }>()
  return Number(row?.rows ?? 0)
}

describe('custom weights nobody saved, weighed from the journey milestones the projector keeps', () => {
  let store: EventStore
  let clickhouse: ClickHouse
  const running = () => projectAll({ store, clickhouse, retrainGrowth: Number.POSITIVE_INFINITY })

  beforeAll(async () => {
    store = await openEventStore('memory:')
    clickhouse = await freshClickHouse('milestone_tallies')
    await store.append([...simulate({ accounts: 40, seed: 12 })])
    await running()
  })

  afterAll(async () => {
    await dropDatabase(clickhouse)
    await store.close()
  })

  it('answers every weights, level and window exactly as computing each journey does, to the cent', async () => {
    for (const weights of cases) await expectSameAsLive(clickhouse, weights)
  })

  it('keeps a batch current: a late deal is split 70 / 30 between its first touch and the last before it', async () => {
    await store.append(lateDeal(1234.57))
    await running()
    const june = await revenueByCampaign(clickhouse, query(weightsOf({ FT: 70, OC: 30 }), 'campaign', { from: '2026-06-03', to: '2026-06-04' }))
    expect(june.rows.filter(({ pipeline }) => pipeline > 0).map(({ campaignId, pipeline }) => ({ campaignId, pipeline }))).toEqual([
      { campaignId: 'late-c1', pipeline: 864.2 },
      { campaignId: 'late-c2', pipeline: 370.37 },
    ])
    await expectSameAsLive(clickhouse, weightsOf({ FT: 70, OC: 30 }))
  })

  it('reads the shapes again when a batch brought one it had not read', async () => {
    const weights = cases[1] as CustomWeights
    const shapes = await loadJourneyShapes(clickhouse)
    expect(shapes.win.length).toBeGreaterThan(1)
    const stale = { creation: shapes.creation.slice(0, 1), win: shapes.win.slice(0, 1) }
    expect(await milestoneTallies(clickhouse, weights, {}, 'campaign', async () => stale)).toEqual(
      await milestoneTallies(clickhouse, weights, {}, 'campaign', async () => shapes),
    )
  })

  it('reads the milestones (without them the answer is empty), and an upgraded install gets them at the next start', async () => {
    const weights = cases[1] as CustomWeights
    const before = await revenueByCampaign(clickhouse, query(weights, 'channel', {}))
    expect(before.totals.pipeline).toBeGreaterThan(0)
    const rebuildsBefore = await countOf(clickhouse, 'credit_rebuilds')

    // Milestones lost, as on an install from before they were kept, while the start says they were built: nothing.
    await clickhouse.client.command({ query: `TRUNCATE TABLE ${clickhouse.table('journey_milestones')}` })
    const empty = await revenueByCampaign(clickhouse, query(weights, 'channel', {}))
    expect(empty.totals.pipeline + empty.unattributed.pipeline).toBe(0)

    // With no build recorded, answers are computed from the journeys, and the next start builds the milestones.
    await clickhouse.client.command({ query: `TRUNCATE TABLE ${clickhouse.table('journey_milestone_builds')}` })
    expect(await revenueByCampaign(clickhouse, query(weights, 'channel', {}))).toEqual(before)
    await running()
    expect(await countOf(clickhouse, 'journey_milestone_builds')).toBe(1)
    // Only the milestones: the credits were there.
    expect(await countOf(clickhouse, 'credit_rebuilds')).toBe(rebuildsBefore)
    expect(await countOf(clickhouse, 'journey_milestones')).toBeGreaterThan(0)
    for (const weights of cases.slice(0, 3)) await expectSameAsLive(clickhouse, weights)
    expect(await servedRevenueByCampaign(clickhouse)(query(weights, 'channel', {}))).toEqual(before)
  })
})
