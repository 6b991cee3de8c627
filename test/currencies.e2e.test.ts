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
import { getJson, postJson, useEngine, waitUntilProjected } from './support/engine.ts'

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
      expect(body.unconverted).toEqual([{ currency: 'CHF', measure: 'pipeline', amount: 2000, count: 1, earliestAt: '2025-03-13T12:00:00.000Z' }])
    })
  })

  it('lists what waits for a rate in the comparison of models too, and only what falls in the window', async () => {
    const compared = await getJson(`${running.url}/v1/attribution/compare?models=linear,w_shaped`)
    expect(compared.body.unconverted).toEqual([{ currency: 'CHF', measure: 'pipeline', amount: 2000, count: 1, earliestAt: '2025-03-13T12:00:00.000Z' }])
    expect((await ask('model=linear&to=2025-03-13T00:00:00Z')).body.unconverted).toEqual([])
  })
})
