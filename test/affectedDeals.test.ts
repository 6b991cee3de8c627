import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeRows, type ClickHouse } from '@attribution/clickhouse'
import { affectedDeals, CreditSumKeeper, refreshDealCredits, rowsOfBatch, ruleCreditModels, type PositionedEvent } from '@attribution/read-model'
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

/**
 * Which deals a rate restates: those in its currency with an amount converted at a moment from its time until the
 * currency's next rate, found by that range of currency_moments. EUR has rates from 1 March and from 20 March.
 * d-a (EUR) was created on 10 March and is open; d-b (EUR) was created on 10 February and won on 25 March; d-c (EUR) was
 * created on 22 March; d-u is in USD, the reporting currency, and d-g in GBP, both created on 10 March.
 */
describe('deals a rate affects', () => {
  let clickhouse: ClickHouse
  const deal = (dealId: string, createdAt: string, currency: string) =>
    positioned('deal.created', createdAt, { dealId, accountId: 'acc', amount: 100, currency, contactIds: ['p1'] })
  const rate = (currency: string, occurredAt: string) => positioned('exchange_rate.recorded', occurredAt, { currency, rate: '1.1' })

  beforeAll(async () => {
    clickhouse = await freshClickHouse('affected_by_rates')
    const history = [
      rate('EUR', '2025-03-01T00:00:00Z'),
      rate('EUR', '2025-03-20T00:00:00Z'),
      deal('d-a', '2025-03-10T09:00:00Z', 'EUR'),
      deal('d-b', '2025-02-10T09:00:00Z', 'EUR'),
      positioned('deal.won', '2025-03-25T09:00:00Z', { dealId: 'd-b' }),
      deal('d-c', '2025-03-22T09:00:00Z', 'EUR'),
      deal('d-u', '2025-03-10T09:00:00Z', 'USD'),
      deal('d-g', '2025-03-10T09:00:00Z', 'GBP'),
    ]
    await writeRows(clickhouse, rowsOfBatch(history))
    // The credits projection keeps the moments each deal was converted at.
    await refreshDealCredits(clickhouse, history, 1, ruleCreditModels, new CreditSumKeeper(), 'USD')
  })

  afterAll(() => dropDatabase(clickhouse))

  const affected = async (batch: PositionedEvent[]) => {
    await writeRows(clickhouse, rowsOfBatch(batch))
    return affectedDeals(clickhouse, batch)
  }

  it('restates the deals converted between the rate and the next one of its currency, and only those', async () => {
    // [5 March, 20 March): d-a's creation. d-b's win (25 March) is under the rate of 20 March, its creation before both.
    expect(await affected([rate('EUR', '2025-03-05T00:00:00Z')])).toEqual(['d-a'])
    // [21 March, no next rate): d-b's win and d-c's creation.
    expect(await affected([rate('EUR', '2025-03-21T00:00:00Z')])).toEqual(['d-b', 'd-c'])
    // [1 January, 1 March): d-b's creation, which had no rate until now.
    expect(await affected([rate('EUR', '2025-01-01T00:00:00Z')])).toEqual(['d-b'])
    expect(await affected([rate('GBP', '2025-03-01T00:00:00Z')])).toEqual(['d-g'])
    // No deal in CHF: nothing to restate.
    expect(await affected([rate('CHF', '2025-03-01T00:00:00Z')])).toEqual([])
  })

  it('restates the union of the spans of several rates of a batch, spans that touch read as one', async () => {
    expect(await affected([rate('EUR', '2025-03-06T00:00:00Z'), rate('EUR', '2025-03-21T12:00:00Z'), rate('GBP', '2025-03-11T00:00:00Z')])).toEqual([
      'd-a',
      'd-b',
      'd-c',
    ])
  })
})
