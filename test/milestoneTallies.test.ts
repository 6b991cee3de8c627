import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@attribution/clickhouse'
import {
  revenueByCampaign,
  servedRevenueByCampaign,
  type AttributionQuery,
  type DefinitionRef,
  type TimeWindow,
} from '@attribution/read-model'
import type { Event } from '@attribution/contracts'
import { attributionLevels, defaultAttributionOptions, parseCustomWeights, type CustomWeights } from '@attribution/domain'
import { openEventStore, type EventStore } from '@attribution/event-store'
import { simulate } from '@attribution/simulation'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'
import { exampleDocument, parsed, publishedEvent } from './support/leadDefinitions.ts'
import { lateDeal, valid } from './support/events.ts'
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

/** Weights with the MQL, which the question's lead definition places. */
const mqlCases: CustomWeights[] = [
  weightsOf({ FT: 40, MQL: 40, OC: 20 }),
  weightsOf({ MQL: 100 }),
  weightsOf({ FT: 10, LC: 10, MQL: 100 / 3, CW: 36.6, middle: 100 - 10 - 10 - 100 / 3 - 36.6 }),
]

// The history starts with the intent-and-fit definition published and active, so every person's lifecycle is kept.
const definitionDocument = exampleDocument('intent-and-fit')
const { id: definitionId, version } = parsed(definitionDocument)
const active: DefinitionRef = { definitionId, version }
const activation: Event = { eventId: 'activate-intent-and-fit', type: 'lead_definition.activated', occurredAt: '2020-01-01T00:00:00.000Z', data: active }

const query = (weights: CustomWeights, level: AttributionQuery['level'], window: TimeWindow, definition?: DefinitionRef): AttributionQuery => ({
  model: 'custom',
  weights,
  level,
  ...window,
  ...defaultAttributionOptions,
  ...(definition ? { definition } : {}),
})

async function expectSameAsLive(clickhouse: ClickHouse, weights: CustomWeights, definition?: DefinitionRef): Promise<void> {
  for (const level of attributionLevels) {
    for (const window of windows) {
      const asked = query(weights, level, window, definition)
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
    await store.append([publishedEvent(definitionDocument, '2020-01-01T00:00:00.000Z'), activation, ...simulate({ accounts: 40, seed: 12 })])
    await running()
  })

  afterAll(async () => {
    await dropDatabase(clickhouse)
    await store.close()
  })

  it('answers every weights, level and window exactly as computing each journey does, to the cent', async () => {
    for (const weights of cases) await expectSameAsLive(clickhouse, weights)
  })

  it('places the MQL as the question\'s lead definition does: on the touch that qualified the deal\'s lead', async () => {
    for (const weights of mqlCases) {
      await expectSameAsLive(clickhouse, weights, active)
      // A version nobody replayed qualified nobody: the MQL's weight goes to the other positions.
      await expectSameAsLive(clickhouse, weights, { definitionId, version: version + 1 })
    }
    // The definition does move credit (else the two answers would be one).
    const [weights] = mqlCases as [CustomWeights]
    const qualified = await revenueByCampaign(clickhouse, query(weights, 'campaign', {}, active))
    const unqualified = await revenueByCampaign(clickhouse, query(weights, 'campaign', {}, { definitionId, version: version + 1 }))
    expect(qualified.totals.pipeline).toBe(unqualified.totals.pipeline)
    expect(qualified.rows.map(({ pipeline }) => pipeline)).not.toEqual(unqualified.rows.map(({ pipeline }) => pipeline))
  })

  it('counts only the qualifications up to the journey\'s end: a lead qualified again after the win is not what won it', async () => {
    const result = await clickhouse.client.query({
      query: `SELECT journey_keys[1] AS person_id, touch_times[1] AS first_touch, journey_end
              FROM ${clickhouse.table('journey_milestones')} FINAL
              WHERE kind = 'won' AND NOT is_deleted AND length(win_milestones) >= 2 AND campaign_ids[1] != campaign_ids[-1]
              ORDER BY deal_id LIMIT 1`,
      format: 'JSONEachRow',
    })
    const [deal] = await result.json<{ person_id: string; first_touch: string; journey_end: string }>()
    if (!deal) throw new Error('the simulated history has no won deal whose journey has two campaigns')
    // Qualified by the first touch, and again a day after the win: the first qualification is what counts.
    const again = `toDateTime64('${deal.journey_end}', 3, 'UTC') + toIntervalDay(1)`
    await clickhouse.client.command({
      query: `INSERT INTO ${clickhouse.table('lead_lifecycles')}
                (definition_id, version, person_id, qualified_at, qualified_event_ids, qualified_campaign_ids, qualified_channels,
                 owner_ids, handed_off_at, follow_up_due_at, followed_up_at, qualification_ended_at, qualification_ended_as,
                 rejection_reasons, computed_through)
              VALUES ('qualified-twice', 1, '${deal.person_id}', [toDateTime64('${deal.first_touch}', 3, 'UTC'), ${again}],
                      ['q1', 'q2'], ['', ''], ['', ''], ['', ''], [NULL, NULL], [NULL, NULL], [NULL, NULL], [NULL, NULL], ['', ''],
                      ['', ''], 1)`,
    })
    await expectSameAsLive(clickhouse, weightsOf({ MQL: 100 }), { definitionId: 'qualified-twice', version: 1 })
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

  it('splits an amount whose product with a weight passes 64 bits to the cent, as allocateCents does', async () => {
    // Three touches of three campaigns, then a deal of almost a hundred billion dollars: 9,876,543,210,987 cents.
    const touch = (id: string, day: string, touchType: string) =>
      valid({ eventId: id, type: 'touchpoint.recorded', occurredAt: `2026-06-${day}T09:00:00Z`, data: { personId: 'big-p', campaignId: `big-${id}`, channel: 'events', touchType } })
    await store.append([
      touch('t1', '10', 'ad_click'),
      touch('t2', '11', 'form_fill'),
      touch('t3', '12', 'email_click'),
      valid({ eventId: 'big-d', type: 'deal.created', occurredAt: '2026-06-13T09:00:00Z', data: { dealId: 'big-d', accountId: 'big-a', amount: 98_765_432_109.87, currency: 'USD', contactIds: ['big-p'] } }),
    ])
    await running()
    for (const weights of [weightsOf({ FT: 100 / 3, LC: 100 / 3, OC: 100 / 3 }), weightsOf({ FT: 12.5, LC: 7.3, OC: 80.2 })]) {
      const asked = query(weights, 'campaign', { from: '2026-06-13', to: '2026-06-14' })
      const answer = await revenueByCampaign(clickhouse, asked)
      expect(answer.totals.pipeline).toBe(98_765_432_109.87)
      expect(answer).toEqual(await revenueByCampaign(clickhouse, asked, 'live'))
    }
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
