import { describe, expect, it } from 'vitest'
import { defaultAttributionOptions } from '@attribution/domain'
import {
  campaignRevenue,
  fakePorts,
  portRefusal,
  resolvedDefinition,
  revenueAnswer,
  type PortAnswers,
  type RevenueAnswer,
} from '../../testing/index.ts'
import { buildApp } from '../app.ts'

const { lookbackDays, halfLifeDays } = defaultAttributionOptions
const noWeights = { FT: 0, LC: 0, MQL: 0, OC: 0, CW: 0, middle: 0 }
const trained = { scope: 'history' as const, eventsApplied: 9_000, journeys: 420, conversions: 37 }

/** Ports whose revenue query answers `answer` whatever it is asked, with no lead definition in use. */
function revenuePorts(answer: RevenueAnswer, more: PortAnswers['queries'] = {}) {
  return fakePorts({
    reportingCurrency: 'EUR',
    queries: { revenueByCampaign: async () => answer, definitionInUse: async () => undefined, ...more },
  })
}

async function get(url: string, ports = revenuePorts(revenueAnswer([]))) {
  const app = await buildApp(ports)
  const response = await app.inject({ url })
  return { response, ports }
}

describe('GET /v1/revenue-by-campaign', () => {
  it('asks the query with the defaults of every setting and answers its numbers with the settings used', async () => {
    const answer = { ...revenueAnswer([campaignRevenue('spring-webinar', { pipeline: 1500, revenue: 900 })]), training: trained }
    const { response, ports } = await get('/v1/revenue-by-campaign?model=markov', revenuePorts(answer))
    expect(response.statusCode).toBe(200)
    expect(ports.callsOf('queries.definitionInUse')).toEqual([[undefined]])
    expect(ports.callsOf('queries.revenueByCampaign')).toEqual([
      [{ model: 'markov', level: 'campaign', mapping: 'contacts', training: 'history', lookbackDays, halfLifeDays }],
    ])
    const { training, ...numbers } = answer
    expect(response.json()).toEqual({
      model: 'markov',
      level: 'campaign',
      mapping: 'contacts',
      training: 'history',
      from: null,
      to: null,
      lookbackDays,
      halfLifeDays,
      weights: null,
      customModel: null,
      currency: 'EUR',
      definition: null,
      ...numbers,
      trained: training,
    })
  })

  it('passes every setting it was given, window ends as instants', async () => {
    const url =
      '/v1/revenue-by-campaign?model=time_decay&from=2024-01-01&to=2024-02-01T12:00:00%2B02:00&level=channel' +
      '&mapping=account&training=window&lookbackDays=90&halfLifeDays=3.5'
    const { response, ports } = await get(url)
    expect(response.statusCode).toBe(200)
    const asked = {
      model: 'time_decay',
      from: '2024-01-01T00:00:00.000Z',
      to: '2024-02-01T10:00:00.000Z',
      level: 'channel',
      mapping: 'account',
      training: 'window',
      lookbackDays: 90,
      halfLifeDays: 3.5,
    }
    expect(ports.callsOf('queries.revenueByCampaign')).toEqual([[asked]])
    expect(response.json()).toMatchObject(asked)
  })

  it('passes the contact roles asked for with the contacts mapping, and the primary-contact mapping', async () => {
    const { response, ports } = await get('/v1/revenue-by-campaign?model=linear&roles=Economic%20Buyer,%20Decision%20Maker')
    expect(response.statusCode).toBe(200)
    const roles = ['Economic Buyer', 'Decision Maker']
    expect(ports.callsOf('queries.revenueByCampaign')).toEqual([[expect.objectContaining({ model: 'linear', mapping: 'contacts', roles })]])
    expect(response.json()).toMatchObject({ mapping: 'contacts', roles, dealsWithoutPrimaryContact: null })
    const primary = await get('/v1/revenue-by-campaign?model=linear&mapping=primary_contact', revenuePorts({ ...revenueAnswer([]), dealsWithoutPrimaryContact: 3 }))
    expect(primary.response.json()).toMatchObject({ mapping: 'primary_contact', dealsWithoutPrimaryContact: 3 })
    expect(primary.response.json()).not.toHaveProperty('roles')
  })

  it('refuses roles with another mapping than contacts, and an empty role, naming the parameter', async () => {
    const { response, ports } = await get('/v1/revenue-by-campaign?model=linear&mapping=primary_contact&roles=Influencer')
    expect(response.statusCode).toBe(400)
    expect(response.json().errors).toEqual([{ path: 'querystring.roles', message: 'is for mapping=contacts only, not primary_contact' }])
    expect(ports.callsOf('queries.revenueByCampaign')).toEqual([])
    const empty = await get('/v1/revenue-by-campaign?model=linear&roles=Influencer,,')
    expect(empty.response.statusCode).toBe(400)
    expect(empty.response.json().errors).toEqual([{ path: 'querystring.roles[1]', message: 'must not be empty' }, { path: 'querystring.roles[2]', message: 'must not be empty' }])
  })

  it('counts MQLs under the definition named, and reports which one', async () => {
    const definition = resolvedDefinition('intent-and-fit', 2)
    const ports = revenuePorts(revenueAnswer([]), { definitionInUse: async () => definition })
    const { response } = await get('/v1/revenue-by-campaign?model=linear&definition=intent-and-fit@2', ports)
    expect(response.statusCode).toBe(200)
    expect(ports.callsOf('queries.definitionInUse')).toEqual([['intent-and-fit@2']])
    expect(ports.callsOf('queries.revenueByCampaign')).toEqual([[expect.objectContaining({ model: 'linear', definition })]])
    expect(response.json().definition).toEqual({ definitionId: 'intent-and-fit', version: 2, active: false })
  })

  it('parses custom weights and passes them, with the definition in use when they weigh the MQL', async () => {
    const definition = resolvedDefinition('intent-and-fit', 1, { active: true })
    const ports = revenuePorts(revenueAnswer([]), { definitionInUse: async () => definition })
    const { response } = await get('/v1/revenue-by-campaign?model=custom&weights=ft:40,mql:35,oc:25', ports)
    expect(response.statusCode).toBe(200)
    const weights = { ...noWeights, FT: 40, MQL: 35, OC: 25 }
    expect(ports.callsOf('queries.revenueByCampaign')).toEqual([[expect.objectContaining({ model: 'custom', weights, definition })]])
    expect(response.json()).toMatchObject({ weights, customModel: null, definition: { definitionId: 'intent-and-fit', version: 1, active: true } })
  })

  it('answers 409 when weights on the MQL have no lead definition to place it, asking nothing more', async () => {
    const { response, ports } = await get('/v1/revenue-by-campaign?model=custom&weights=ft:50,mql:50')
    expect(response.statusCode).toBe(409)
    expect(response.json()).toEqual({ error: 'Conflict', message: 'the MQL weight needs a lead definition: activate one, or name one with definition=' })
    expect(ports.callsOf('queries.revenueByCampaign')).toEqual([])
  })

  it('answers under the weights saved as the custom model named, or 404 when none is', async () => {
    const saved = { name: 'ours', weights: { ...noWeights, FT: 30, LC: 30, OC: 30, middle: 10 }, savedAt: '2024-05-01T00:00:00.000Z', position: '12/3' }
    const ports = revenuePorts(revenueAnswer([]), { customModel: async (name) => (name === 'ours' ? saved : undefined) })
    const app = await buildApp(ports)
    const found = await app.inject({ url: '/v1/revenue-by-campaign?model=custom&customModel=ours' })
    expect(found.statusCode).toBe(200)
    expect(ports.callsOf('queries.revenueByCampaign')).toEqual([[expect.objectContaining({ model: 'custom', weights: saved.weights, customModel: 'ours' })]])
    expect(found.json()).toMatchObject({ weights: saved.weights, customModel: 'ours' })

    const missing = await app.inject({ url: '/v1/revenue-by-campaign?model=custom&customModel=theirs' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toEqual({ error: 'Not Found', message: 'no custom model is saved as theirs: save it with PUT /v1/attribution/models/theirs' })
    expect(ports.callsOf('queries.customModel')).toEqual([['ours'], ['theirs']])
    expect(ports.callsOf('queries.revenueByCampaign')).toHaveLength(1)
  })

  it.each([
    ['no model', '', [['querystring.model', /^Invalid option: expected one of "first_touch"/]]],
    ['an unknown model', 'model=best', [['querystring.model', /^Invalid option/]]],
    ['a window ending before it starts', 'model=linear&from=2024-02-01&to=2024-01-01', [['querystring.to', /^must be after from$/]]],
    ['a day that does not exist', 'model=linear&from=2024-02-30', [['querystring.from', /^must be a date \(YYYY-MM-DD\)/]]],
    [
      'numbers not written in digits, and a half-life of 0',
      'model=linear&lookbackDays=0x10&halfLifeDays=0',
      [
        ['querystring.lookbackDays', /^must be a whole number written in digits$/],
        ['querystring.halfLifeDays', /^must be greater than 0$/],
      ],
    ],
    ['a lookback past ten years', 'model=linear&lookbackDays=3651', [['querystring.lookbackDays', /^must be at most 3650$/]]],
    ['the custom model without weights', 'model=custom', [['querystring.weights', /^is required for the custom model/]]],
    ['weights that do not sum to 100', 'model=custom&weights=ft:50,lc:40', [['querystring.weights', /must sum to 100 percent, got 90/]]],
    ['weights and a saved model at once', 'model=custom&weights=ft:100&customModel=ours', [['querystring.customModel', /^give weights or customModel, not both$/]]],
    ['a saved model for another model', 'model=linear&customModel=ours', [['querystring.customModel', /^is for the custom model only$/]]],
    ['a definition name with a space', 'model=linear&definition=a%20b', [['querystring.definition', /^must be a definition id/]]],
    ['an unknown level', 'model=linear&level=region', [['querystring.level', /^Invalid option/]]],
  ])('refuses %s with 400 and the path of each parameter at fault, asking no query', async (_, query, expected) => {
    const { response, ports } = await get(`/v1/revenue-by-campaign?${query}`)
    expect(response.statusCode).toBe(400)
    const body = response.json()
    expect(body.error).toBe('Bad Request')
    expect(body.message).toMatch(/^invalid querystring: /)
    expect(body.errors.map((error: { path: string }) => error.path)).toEqual(expected.map(([path]) => path))
    body.errors.forEach((error: { message: string }, index: number) => expect(error.message).toMatch(expected[index]?.[1] ?? /^$/))
    expect(ports.calls).toEqual([])
  })

  it("answers a query's refusal with its status and message", async () => {
    const refusal = portRefusal(409, 'intent-and-fit@3 has not been replayed yet')
    const ports = revenuePorts(revenueAnswer([]), { definitionInUse: async () => Promise.reject(refusal) })
    const { response } = await get('/v1/revenue-by-campaign?model=linear&definition=intent-and-fit@3', ports)
    expect(response.statusCode).toBe(409)
    expect(response.json()).toEqual({ error: 'Conflict', message: 'intent-and-fit@3 has not been replayed yet' })
  })

  it('answers a failure of the engine with 500 and no detail', async () => {
    const ports = revenuePorts(revenueAnswer([]), { revenueByCampaign: async () => Promise.reject(new Error('ClickHouse: table credit_sums is gone')) })
    const { response } = await get('/v1/revenue-by-campaign?model=linear', ports)
    expect(response.statusCode).toBe(500)
    expect(response.json()).toEqual({ error: 'Internal Server Error', message: 'the server failed to answer; see its log' })
  })
})

describe('GET /v1/attribution/compare', () => {
  it('asks once per model with the same settings and puts the credits of each campaign side by side', async () => {
    const byModel: Record<string, RevenueAnswer> = {
      first_touch: revenueAnswer([campaignRevenue('webinar', { pipeline: 1000, revenue: 400 })]),
      linear: revenueAnswer([
        campaignRevenue('search', { pipeline: 250, revenue: 100 }),
        campaignRevenue('webinar', { pipeline: 750, revenue: 300 }),
      ]),
    }
    const ports = fakePorts({
      queries: { revenueByCampaign: async (query) => byModel[query.model] ?? revenueAnswer([]), definitionInUse: async () => undefined },
    })
    const { response } = await get('/v1/attribution/compare?models=first_touch,linear&from=2024-01-01&lookbackDays=30', ports)
    expect(response.statusCode).toBe(200)
    const settings = { from: '2024-01-01T00:00:00.000Z', level: 'campaign', mapping: 'contacts', training: 'history', lookbackDays: 30, halfLifeDays }
    expect(ports.callsOf('queries.revenueByCampaign')).toEqual([
      [{ ...settings, models: ['first_touch', 'linear'], model: 'first_touch' }],
      [{ ...settings, models: ['first_touch', 'linear'], model: 'linear' }],
    ])
    const answer = response.json()
    expect(answer).toMatchObject({ models: ['first_touch', 'linear'], ...settings, to: null, currency: 'USD' })
    expect(answer.rows).toEqual([
      {
        campaignId: 'webinar',
        campaignName: 'Campaign webinar',
        channel: 'email',
        models: { first_touch: { pipeline: 1000, revenue: 400 }, linear: { pipeline: 750, revenue: 300 } },
      },
      {
        campaignId: 'search',
        campaignName: 'Campaign search',
        channel: 'email',
        models: { first_touch: { pipeline: 0, revenue: 0 }, linear: { pipeline: 250, revenue: 100 } },
      },
    ])
    expect(answer.totals).toEqual({ first_touch: { pipeline: 1000, revenue: 400 }, linear: { pipeline: 1000, revenue: 400 } })
  })

  it('refuses an unknown model with the index of it in the list, and the custom model without weights', async () => {
    const unknown = await get('/v1/attribution/compare?models=linear,bogus')
    expect(unknown.response.statusCode).toBe(400)
    expect(unknown.response.json().errors.map((error: { path: string }) => error.path)).toEqual(['querystring.models[1]'])
    const custom = await get('/v1/attribution/compare?models=linear,custom')
    expect(custom.response.statusCode).toBe(400)
    expect(custom.response.json().errors.map((error: { path: string }) => error.path)).toEqual(['querystring.weights'])
    expect([...unknown.ports.calls, ...custom.ports.calls]).toEqual([])
  })
})
