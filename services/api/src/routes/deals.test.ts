import { describe, expect, it } from 'vitest'
import type { DealList } from '@attribution/read-model'
import { fakePorts } from '../../testing/index.ts'
import { buildApp } from '../app.ts'

const listed: DealList = {
  total: 3,
  deals: [
    { dealId: 'd-2', accountId: 'acme', amount: 12_000.05, createdAt: '2025-02-01T00:00:00.000Z', outcome: 'won', wonAt: '2025-03-01T00:00:00.000Z', wonAmount: 11_999.99, currency: 'USD', originalAmount: 12_000.05 },
    { dealId: 'd-1', accountId: 'globex', amount: 500, createdAt: '2025-01-15T00:00:00.000Z', outcome: 'open', wonAt: null, wonAmount: null, currency: 'USD', originalAmount: 500 },
  ],
}

async function get(url: string) {
  const ports = fakePorts({ queries: { deals: async () => listed }, reportingCurrency: 'EUR' })
  const app = await buildApp(ports)
  return { response: await app.inject({ url }), ports }
}

describe('GET /v1/deals', () => {
  it('lists the largest deals of all time by default, with the total and the reporting currency', async () => {
    const { response, ports } = await get('/v1/deals')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ ...listed, currency: 'EUR' })
    expect(ports.callsOf('queries.deals')).toEqual([[{ order: 'amount', limit: 100 }]])
  })

  it('passes the window, the order and the limit on', async () => {
    const { response, ports } = await get('/v1/deals?from=2025-01-01&to=2025-04-01&order=createdAt&limit=5')
    expect(response.statusCode).toBe(200)
    expect(ports.callsOf('queries.deals')).toEqual([
      [{ from: '2025-01-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z', order: 'createdAt', limit: 5 }],
    ])
  })

  it.each([
    ['a limit past 1000', 'limit=1001', 'querystring.limit'],
    ['an unknown order', 'order=name', 'querystring.order'],
    ['a window ending before it starts', 'from=2025-02-01&to=2025-01-01', 'querystring.to'],
  ])('refuses %s with 400 and its path, asking nothing', async (_, query, path) => {
    const { response, ports } = await get(`/v1/deals?${query}`)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'Bad Request', errors: [{ path }] })
    expect(ports.calls).toEqual([])
  })
})
