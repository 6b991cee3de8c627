import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeRows, type ClickHouse } from '@attribution/clickhouse'
import { revenueByCampaign, rowsOfBatch } from '@attribution/read-model'
import { defaultAttributionOptions } from '@attribution/domain'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'
import { positionedEvents } from './support/events.ts'

const positioned = positionedEvents()
const cost = (campaignId: string, day: string, amount: number, costId?: string) =>
  positioned('campaign.cost.recorded', `2024-03-${day}T00:00:00Z`, {
    campaignId,
    amount,
    currency: 'USD',
    periodStart: `2024-03-${day}T00:00:00Z`,
    periodEnd: `2024-03-${String(Number(day) + 1).padStart(2, '0')}T00:00:00Z`,
    ...(costId ? { costId } : {}),
  })

/**
 * A cost recorded again under its costId (an ad report corrected and imported again) replaces the earlier amount;
 * costs without one add up, as they always did.
 */
describe('campaign costs by cost id', () => {
  let clickhouse: ClickHouse
  beforeAll(async () => {
    clickhouse = await freshClickHouse('cost_ids')
    await writeRows(clickhouse, rowsOfBatch([cost('c1', '01', 100.1, 'ads:c1:2024-03-01'), cost('c1', '02', 40), cost('c2', '02', 7.5), cost('c2', '02', 2.5)]))
    // Written in a later batch, as a later import is: the corrected amount of c1's first day.
    await writeRows(clickhouse, rowsOfBatch([cost('c1', '01', 120.25, 'ads:c1:2024-03-01')]))
  })
  afterAll(() => dropDatabase(clickhouse))

  it('counts the latest amount of a cost id once, and every cost without one', async () => {
    const answer = await revenueByCampaign(clickhouse, {
      model: 'linear',
      level: 'campaign',
      ...defaultAttributionOptions,
      from: '2024-03-01T00:00:00.000Z',
      to: '2024-04-01T00:00:00.000Z',
    })
    expect(Object.fromEntries(answer.rows.map((row) => [row.campaignId, row.cost]))).toEqual({ c1: 160.25, c2: 10 })
    expect(answer.totals.cost).toBe(170.25)
  })
})
