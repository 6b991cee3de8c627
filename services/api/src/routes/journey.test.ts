import { describe, expect, it } from 'vitest'
import { maxIdLength } from '@attribution/contracts'
import { defaultAttributionOptions } from '@attribution/domain'
import { dealJourney, fakePorts, resolvedDefinition, type ResolvedDefinition } from '../../testing/index.ts'
import { buildApp } from '../app.ts'

const { lookbackDays, halfLifeDays } = defaultAttributionOptions

/** Ports knowing the deals named, under the definition in use given. */
function journeyPorts(dealIds: string[], inUse?: ResolvedDefinition) {
  return fakePorts({
    queries: {
      dealJourney: async ({ dealId }) => (dealIds.includes(dealId) ? dealJourney(dealId) : null),
      definitionInUse: async () => inUse,
    },
  })
}

async function get(url: string, ports = journeyPorts(['d-1'])) {
  const app = await buildApp(ports)
  const response = await app.inject({ url })
  return { response, ports }
}

describe('GET /v1/deals/:dealId/journey', () => {
  it('asks for the journey under w_shaped and the default settings, and answers it with them', async () => {
    const { response, ports } = await get('/v1/deals/d-1/journey')
    expect(response.statusCode).toBe(200)
    expect(ports.callsOf('queries.definitionInUse')).toEqual([[undefined]])
    expect(ports.callsOf('queries.dealJourney')).toEqual([[{ dealId: 'd-1', model: 'w_shaped', level: 'campaign', lookbackDays, halfLifeDays }]])
    expect(response.json()).toEqual({
      ...dealJourney('d-1'),
      model: 'w_shaped',
      level: 'campaign',
      lookbackDays,
      halfLifeDays,
      definition: null,
    })
  })

  it('passes the model, level, options and the definition named, and reports the definition', async () => {
    const definition = resolvedDefinition('intent-and-fit', 3, { active: true })
    const { response, ports } = await get(
      '/v1/deals/d-1/journey?model=shapley&level=channel&lookbackDays=30&halfLifeDays=2.5&definition=intent-and-fit',
      journeyPorts(['d-1'], definition),
    )
    expect(response.statusCode).toBe(200)
    expect(ports.callsOf('queries.definitionInUse')).toEqual([['intent-and-fit']])
    expect(ports.callsOf('queries.dealJourney')).toEqual([
      [{ dealId: 'd-1', model: 'shapley', level: 'channel', lookbackDays: 30, halfLifeDays: 2.5, definition }],
    ])
    expect(response.json()).toMatchObject({ model: 'shapley', level: 'channel', definition: { definitionId: 'intent-and-fit', version: 3, active: true } })
  })

  it('reads the deal id percent-decoded', async () => {
    const { response, ports } = await get('/v1/deals/deal%2F7%20caf%C3%A9/journey', journeyPorts(['deal/7 café']))
    expect(response.statusCode).toBe(200)
    expect(ports.callsOf('queries.dealJourney')).toEqual([[expect.objectContaining({ dealId: 'deal/7 café' })]])
    expect(response.json().dealId).toBe('deal/7 café')
  })

  it('answers 404 naming a deal that was never created', async () => {
    const { response } = await get('/v1/deals/d-9/journey')
    expect(response.statusCode).toBe(404)
    expect(response.json()).toEqual({ error: 'Not Found', message: "no deal 'd-9' has been created" })
  })

  it.each([
    ['the custom model, whose weights belong to revenue by campaign', '/v1/deals/d-1/journey?model=custom', 'querystring.model'],
    ['a lookback of 0 days', '/v1/deals/d-1/journey?lookbackDays=0', 'querystring.lookbackDays'],
    ['a deal id holding NUL', '/v1/deals/d%001/journey', 'params.dealId'],
    ['a deal id longer than any id', `/v1/deals/${'d'.repeat(maxIdLength + 1)}/journey`, 'params.dealId'],
  ])('refuses %s with 400 and its path, asking nothing', async (_, url, path) => {
    const { response, ports } = await get(url)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'Bad Request', errors: [{ path }] })
    expect(response.json().errors).toHaveLength(1)
    expect(ports.calls).toEqual([])
  })
})
