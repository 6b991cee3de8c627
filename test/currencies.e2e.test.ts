import { describe, expect, it } from 'vitest'
import { attributionModels } from '@attribution/domain'
import {
  centsAfterLateRates,
  centsBeforeLateRates,
  costCentsAfter,
  costCentsBefore,
  firstCurrencyEvents,
  lateRates,
  type CampaignCents,
} from './fixtures/currencyDataset.ts'
import { selectRows } from '@attribution/clickhouse'
import { getJson, postJson, useEngine, waitUntilProjected } from './support/engine.ts'
import { eventually } from './support/eventually.ts'
import { handV1 } from './fixtures/handoffDataset.ts'

const cents = (amount: number) => Math.round(amount * 100)
const campaigns = ['c1', 'c2', 'c3'] as const

/** The campaigns' pipeline, revenue and cost in cents, as an answer gives them, with the totals. */
function centsOf(body: any) {
  const rows = new Map<string, any>(body.rows.map((row: any) => [row.campaignId, row]))
  const column = (key: string) => campaigns.map((id) => cents(rows.get(id)?.[key] ?? 0))
  return {
    pipeline: column('pipeline'),
    revenue: column('revenue'),
    cost: column('cost'),
    totals: { pipeline: cents(body.totals.pipeline), revenue: cents(body.totals.revenue), cost: cents(body.totals.cost) },
  }
}

const chfWaiting = [
  { currency: 'CHF', measure: 'pipeline', amount: 2000, count: 1, earliestAt: '2025-03-13T12:00:00.000Z' },
  { currency: 'CHF', measure: 'revenue', amount: 2000, count: 1, earliestAt: '2025-03-30T12:00:00.000Z' },
]

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0)

function expected(figures: CampaignCents, model: string, cost: [number, number, number]) {
  const { pipeline, revenue } = figures[model] as CampaignCents[string]
  return { pipeline, revenue, cost, totals: { pipeline: sum(pipeline), revenue: sum(revenue), cost: sum(cost) } }
}

describe('currencies, end to end over HTTP', () => {
  const running = useEngine('currencies')
  const ask = (query: string) => getJson(`${running.url}/v1/revenue-by-campaign?${query}`)

  it('takes deals, costs and rates in several currencies', async () => {
    const { status, body } = await postJson(`${running.url}/v1/events`, firstCurrencyEvents)
    expect({ status, rejected: body.rejected }).toEqual({ status: 202, rejected: [] })
    await waitUntilProjected(running.url)
  })

  describe.each(['contacts', 'account'])('journeys by %s (account: computed from the journeys at the question)', (mapping) => {
    it.each(attributionModels)('converts each deal at its rate, then splits it to the cent under %s', async (model) => {
      const { status, body } = await ask(`model=${model}&mapping=${mapping}`)
      expect(status).toBe(200)
      expect(centsOf(body)).toEqual(expected(centsBeforeLateRates, model, costCentsBefore))
      // Counted nowhere, dropped nowhere: what waits for a rate, in its own currency.
      expect(body.unconverted).toEqual([
        { currency: 'CHF', measure: 'pipeline', amount: 2000, count: 1, earliestAt: '2025-03-13T12:00:00.000Z' },
        { currency: 'GBP', measure: 'pipeline', amount: 750.25, count: 1, earliestAt: '2025-03-12T12:00:00.000Z' },
        { currency: 'CHF', measure: 'revenue', amount: 2000, count: 1, earliestAt: '2025-03-30T12:00:00.000Z' },
        { currency: 'GBP', measure: 'cost', amount: 50, count: 1, earliestAt: '2025-03-01T00:00:00.000Z' },
      ])
      expect(body.currency).toBe('USD')
    })
  })

  it('restates exactly what rates recorded late and out of order change', async () => {
    const { status } = await postJson(`${running.url}/v1/events`, lateRates)
    expect(status).toBe(202)
    await waitUntilProjected(running.url)
  })

  describe.each(['contacts', 'account'])('after the late rates, journeys by %s', (mapping) => {
    it.each(attributionModels)('gives the restated figures to the cent under %s', async (model) => {
      const { body } = await ask(`model=${model}&mapping=${mapping}`)
      expect(centsOf(body)).toEqual(expected(centsAfterLateRates, model, costCentsAfter))
      expect(body.unconverted).toEqual([...chfWaiting])
    })
  })

  it('lists what waits for a rate in the comparison of models too, and only what falls in the window', async () => {
    const compared = await getJson(`${running.url}/v1/attribution/compare?models=linear,w_shaped`)
    expect(compared.body.unconverted).toEqual([...chfWaiting])
    expect((await ask('model=linear&to=2025-03-13T00:00:00Z')).body.unconverted).toEqual([])
  })

  it("converts a cost whole at its period's start, then prorates it to the window", async () => {
    // From 16 March noon: half of March's 31 days. c1 10,856 / 2 = 5,428; c2 6,325 / 2 = 3,162.5, half-up 3,163; c3 500.
    const { body } = await ask('model=linear&from=2025-03-16T12:00:00Z')
    expect(centsOf(body).cost).toEqual([5_428, 3_163, 500])
  })

  it("counts won revenue in the funnel at the deals' converted amounts, and lists what waits for a rate", async () => {
    // The funnel answers under a replayed lead definition; its won revenue does not depend on which.
    const published = await fetch(`${running.url}/v1/lead-definitions`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: handV1 })
    expect(published.status).toBe(201)
    const started = (await (await fetch(`${running.url}/v1/lead-definitions/hand/replay?version=1`, { method: 'POST' })).json()) as { statusUrl: string }
    await eventually(async () => (await getJson(`${running.url}${started.statusUrl}`)).body.state !== 'running', 'replay finished')
    const { status, body } = await getJson(`${running.url}/v1/funnel?definition=hand@1`)
    expect(status).toBe(200)
    // d-eur 1,310.52 + d-gbp 953.72 + d-usd 500.00, as revenue-by-campaign totals them; d-chf's 2,000.00 CHF waits.
    expect(body.wonRevenue.total).toBe(2764.24)
    expect(body.unconverted).toEqual([chfWaiting[1]])
  })

  it("shows a deal's original amount and currency in its journey, beside what it is reported at and the rates applied", async () => {
    const { status, body } = await getJson(`${running.url}/v1/deals/d-eur/journey?model=linear`)
    expect(status).toBe(200)
    expect(body).toMatchObject({
      amount: 1080,
      wonAmount: 1310.52,
      currency: 'EUR',
      originalAmount: 1000,
      originalWonAmount: 1200,
      pipelineRate: '1.08',
      revenueRate: '1.0921',
    })
    // The touches add up to the amounts the deal is reported at, as in revenue-by-campaign.
    expect(body.touches.map((touch: { pipeline: number }) => cents(touch.pipeline))).toEqual([36000, 36000, 36000])
    expect(body.touches.map((touch: { revenue: number }) => cents(touch.revenue))).toEqual([43684, 43684, 43684])
    // The list of deals orders them by what they are reported at, those waiting for a rate last.
    const listed = (await getJson(`${running.url}/v1/deals?order=amount`)).body.deals
    expect(listed.map(({ dealId, amount, currency, originalAmount }: any) => ({ dealId, amount, currency, originalAmount }))).toEqual([
      { dealId: 'd-eur', amount: 1080, currency: 'EUR', originalAmount: 1000 },
      { dealId: 'd-jpy', amount: 1000, currency: 'JPY', originalAmount: 150000 },
      { dealId: 'd-gbp', amount: 949.07, currency: 'GBP', originalAmount: 750.25 },
      { dealId: 'd-usd', amount: 500, currency: 'USD', originalAmount: 500 },
      { dealId: 'd-chf', amount: null, currency: 'CHF', originalAmount: 2000 },
    ])
    const waiting = (await getJson(`${running.url}/v1/deals/d-chf/journey?model=linear`)).body
    expect(waiting).toMatchObject({ amount: null, wonAmount: null, currency: 'CHF', originalAmount: 2000, originalWonAmount: 2000, pipelineRate: null, revenueRate: null })
  })

  it('gives BI tools the converted credits beside what each deal was booked in, and what waits for a rate', async () => {
    const { clickhouse } = running.engine
    const t = clickhouse.table
    const byCampaign = await selectRows(
      clickhouse,
      `SELECT campaign_id, toInt64(pipeline * 100) AS pipeline, toInt64(revenue * 100) AS revenue FROM ${t('bi_revenue_by_campaign')}
       WHERE model = 'linear' ORDER BY campaign_id`,
    )
    // The same figures revenue-by-campaign answers after the late rates, in cents.
    expect(byCampaign).toEqual([
      { campaign_id: 'c1', pipeline: 117637, revenue: 92142 },
      { campaign_id: 'c2', pipeline: 117636, revenue: 92142 },
      { campaign_id: 'c3', pipeline: 117634, revenue: 92140 },
    ])
    const deals = await selectRows(
      clickhouse,
      `SELECT deal_id, deal_currency, toString(original_amount) AS original, toString(original_won_amount) AS original_won,
              toString(sum(pipeline)) AS pipeline, toString(sum(revenue)) AS revenue
       FROM ${t('bi_attribution_credits')} WHERE model = 'w_shaped'
       GROUP BY deal_id, deal_currency, original_amount, original_won_amount ORDER BY deal_id`,
    )
    expect(deals).toEqual([
      { deal_id: 'd-eur', deal_currency: 'EUR', original: '1000', original_won: '1200', pipeline: '1080', revenue: '1310.52' },
      { deal_id: 'd-gbp', deal_currency: 'GBP', original: '750.25', original_won: '750.25', pipeline: '949.07', revenue: '953.72' },
      { deal_id: 'd-jpy', deal_currency: 'JPY', original: '150000', original_won: null, pipeline: '1000', revenue: '0' },
      { deal_id: 'd-usd', deal_currency: 'USD', original: '500', original_won: '500', pipeline: '500', revenue: '500' },
    ])
    const waiting = await selectRows(clickhouse, `SELECT deal_id, measure, currency, toString(original_amount) AS amount FROM ${t('bi_unconverted_deals')} ORDER BY ALL`)
    expect(waiting).toEqual([
      { deal_id: 'd-chf', measure: 'pipeline', currency: 'CHF', amount: '2000' },
      { deal_id: 'd-chf', measure: 'revenue', currency: 'CHF', amount: '2000' },
    ])
    const rates = await selectRows(
      clickhouse,
      `SELECT currency, toString(valid_from) AS from, toString(valid_to) AS to, toString(rate) AS rate FROM ${t('bi_exchange_rates')}
       WHERE currency = 'EUR' ORDER BY valid_from`,
    )
    expect(rates).toEqual([
      { currency: 'EUR', from: '2025-03-01 00:00:00.000', to: '2025-03-05 00:00:00.000', rate: '1.0856' },
      { currency: 'EUR', from: '2025-03-05 00:00:00.000', to: '2025-03-20 00:00:00.000', rate: '1.08' },
      { currency: 'EUR', from: '2025-03-20 00:00:00.000', to: null, rate: '1.0921' },
    ])
  })
})
