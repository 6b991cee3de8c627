import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeRows, type ClickHouse } from '@attribution/clickhouse'
import { rowsOfBatch } from '@attribution/read-model'
import { loadDealJourneys } from '../packages/read-model/src/journeys/journeys.ts'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'
import { positionedEvents } from './support/events.ts'

const positioned = positionedEvents()

const touch = (touchpointId: string, occurredAt: string, who: { personId: string } | { anonymousId: string }) =>
  positioned('touchpoint.recorded', occurredAt, { touchpointId, ...who, campaignId: 'c1', channel: 'email', touchType: 'page_view' })
const deal = (dealId: string, contactIds: string[]) =>
  positioned('deal.created', '2024-03-01T09:00:00Z', { dealId, accountId: 'acc', amount: 100, currency: 'USD', contactIds })

/**
 * Journeys read the touches of the deals' people through their ids, not through touchpoints_stitched; both must stitch
 * alike. a1 was linked to p2 first in the log, but to p1 first in business time, so its touches are p1's. a2 was never
 * linked, a3 only to someone with no deal.
 */
describe('deal journeys', () => {
  let clickhouse: ClickHouse
  // In touch id order: the models order a journey's touches themselves.
  const journeyTouches = async (scope: Parameters<typeof loadDealJourneys>[1]) =>
    Object.fromEntries(
      (await loadDealJourneys(clickhouse, scope, 365)).map((journey) => [
        journey.dealId,
        journey.touches.map((t) => [t.touchId, t.identified]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
      ]),
    )

  beforeAll(async () => {
    clickhouse = await freshClickHouse('journeys')
    await writeRows(
      clickhouse,
      rowsOfBatch([
        touch('t-a1', '2024-02-01T00:00:00Z', { anonymousId: 'a1' }),
        touch('t-a2', '2024-02-02T00:00:00Z', { anonymousId: 'a2' }),
        touch('t-a3', '2024-02-03T00:00:00Z', { anonymousId: 'a3' }),
        touch('t-p1', '2024-02-04T00:00:00Z', { personId: 'p1' }),
        touch('t-p2', '2024-02-06T00:00:00Z', { personId: 'p2' }),
        positioned('identity.linked', '2024-02-10T00:00:00Z', { anonymousId: 'a1', personId: 'p2' }),
        positioned('identity.linked', '2024-02-05T00:00:00Z', { anonymousId: 'a1', personId: 'p1' }),
        positioned('identity.linked', '2024-02-05T00:00:00Z', { anonymousId: 'a3', personId: 'p3' }),
        deal('d1', ['p1']),
        deal('d2', ['p2']),
      ]),
    )
  })

  afterAll(() => dropDatabase(clickhouse))

  it('stitch an anonymous id to the person of its first link by business time, for named deals and for a window', async () => {
    const expected = { d1: [['t-a1', false], ['t-p1', true]], d2: [['t-p2', true]] }
    expect(await journeyTouches({ dealIds: ['d1', 'd2'] })).toEqual(expected)
    expect(await journeyTouches({ dealIds: ['d2'] })).toEqual({ d2: expected.d2 })
    expect(await journeyTouches({ window: { from: '2024-03-01T00:00:00Z', to: '2024-03-02T00:00:00Z' } })).toEqual(expected)
  })

  it('hold the touches touchpoints_stitched gives the same people', async () => {
    const result = await clickhouse.client.query({
      query: `SELECT person_id, groupArray(touchpoint_id) AS touches
              FROM (SELECT * FROM ${clickhouse.table('touchpoints_stitched')} ORDER BY touchpoint_id)
              WHERE person_id IN ('p1', 'p2') GROUP BY person_id ORDER BY person_id`,
      format: 'JSONEachRow',
    })
    const fromView = await result.json<{ person_id: string; touches: string[] }>()
    const journeys = await journeyTouches({ dealIds: ['d1', 'd2'] })
    expect(fromView).toEqual([
      { person_id: 'p1', touches: journeys.d1?.map(([touchId]) => touchId) },
      { person_id: 'p2', touches: journeys.d2?.map(([touchId]) => touchId) },
    ])
  })
})
