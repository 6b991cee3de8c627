import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeRows, type ClickHouse } from '@attribution/clickhouse'
import { affectedDeals, rowsOfBatch, type PositionedEvent } from '@attribution/read-model'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'
import { positionedEvents } from './support/events.ts'

const positioned = positionedEvents()

const touch = (occurredAt: string, who: { personId: string } | { anonymousId: string }) =>
  positioned('touchpoint.recorded', occurredAt, { ...who, campaignId: 'c1', channel: 'email', touchType: 'page_view' })

/**
 * Which deals a batch makes the projector recompute. Under the default lookback of 365 days: d-won was created on 1
 * March 2024 and won on 10 March (its journey runs from 2 March 2023 to the win), d-open was created on 1 March and is still open
 * (its journey ends at creation), d-lost was created on 1 January and lost. Anonymous a1 was linked to p2 before.
 */
describe('deals a batch affects', () => {
  let clickhouse: ClickHouse

  beforeAll(async () => {
    clickhouse = await freshClickHouse('affected_deals')
    const history = [
      positioned('identity.linked', '2022-11-01T00:00:00Z', { anonymousId: 'a1', personId: 'p2' }),
      positioned('deal.created', '2024-03-01T09:00:00Z', { dealId: 'd-won', accountId: 'acc', amount: 100, currency: 'USD', contactIds: ['p1'] }),
      positioned('deal.won', '2024-03-10T09:00:00Z', { dealId: 'd-won' }),
      positioned('deal.created', '2024-03-01T09:00:00Z', { dealId: 'd-open', accountId: 'acc', amount: 100, currency: 'USD', contactIds: ['p1', 'p3'] }),
      positioned('deal.created', '2024-01-01T09:00:00Z', { dealId: 'd-lost', accountId: 'acc', amount: 100, currency: 'USD', contactIds: ['p2'] }),
      positioned('deal.lost', '2024-01-20T09:00:00Z', { dealId: 'd-lost' }),
    ]
    await writeRows(clickhouse, rowsOfBatch(history))
  })

  afterAll(() => dropDatabase(clickhouse))

  const affected = async (batch: PositionedEvent[]) => {
    await writeRows(clickhouse, rowsOfBatch(batch))
    return affectedDeals(clickhouse, batch)
  }

  it('leaves alone the deals whose journeys a live touch falls after', async () => {
    expect(await affected([touch('2024-06-01T00:00:00Z', { personId: 'p1' }), touch('2024-06-01T00:00:00Z', { personId: 'p3' })])).toEqual([])
  })

  it('recomputes the deals whose journeys a touch falls in, up to the win, and only those', async () => {
    // Between creation and win: only the won deal's journey (full_path) runs that far.
    expect(await affected([touch('2024-03-05T00:00:00Z', { personId: 'p1' })])).toEqual(['d-won'])
    // Inside the lookback of both deals of p1, on the first day of it and on the last instant of it.
    expect(await affected([touch('2023-03-02T09:00:00Z', { personId: 'p1' })])).toEqual(['d-open', 'd-won'])
    expect(await affected([touch('2024-03-01T09:00:00Z', { personId: 'p3' })])).toEqual(['d-open'])
    // Before the lookback.
    expect(await affected([touch('2023-03-02T08:59:59Z', { personId: 'p1' })])).toEqual([])
  })

  it('follows anonymous touches to the person they were linked to, and a new link to every deal of its person', async () => {
    expect(await affected([touch('2023-06-15T00:00:00Z', { anonymousId: 'a1' })])).toEqual(['d-lost'])
    expect(await affected([touch('2024-02-15T00:00:00Z', { anonymousId: 'a1' })])).toEqual([])
    expect(await affected([touch('2023-12-15T00:00:00Z', { anonymousId: 'never-linked' })])).toEqual([])
    expect(await affected([positioned('identity.linked', '2024-06-01T00:00:00Z', { anonymousId: 'a9', personId: 'p3' })])).toEqual(['d-open'])
  })

  it('recomputes every deal a batch names, whatever its touches', async () => {
    expect(await affected([positioned('deal.updated', '2024-06-01T00:00:00Z', { dealId: 'd-lost', stage: 'closed' })])).toEqual(['d-lost'])
  })
})
