import { describe, expect, it } from 'vitest'
import { eventJsonSchema, type Event } from '@attribution/contracts'
import { fakePorts } from '../../testing/index.ts'
import { buildApp } from '../app.ts'
import { MAX_EVENTS_PER_REQUEST } from './events.ts'

const touch = (eventId: string): Event => ({
  eventId,
  type: 'touchpoint.recorded',
  occurredAt: '2024-05-01T09:30:00Z',
  data: { personId: 'p-1', campaignId: 'spring-webinar', channel: 'webinar', touchType: 'webinar_attended' },
})

const dealIn = (currency: string): Event => ({
  eventId: `deal-${currency}`,
  type: 'deal.created',
  occurredAt: '2024-05-02T10:00:00Z',
  data: { dealId: 'd-1', accountId: 'acme', amount: 1000, currency, contactIds: ['p-1'] },
})

async function post(payload: unknown, ports = fakePorts()) {
  const app = await buildApp(ports)
  const response = await app.inject({ method: 'POST', url: '/v1/events', payload: payload as object })
  return { response, ports }
}

describe('POST /v1/events', () => {
  it('stores an event sent alone and answers 202 with what was stored', async () => {
    const { response, ports } = await post(touch('e-1'))
    expect(response.statusCode).toBe(202)
    expect(response.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] })
    expect(ports.sink.appends).toEqual([[touch('e-1')]])
  })

  it('stores the valid events of a list in one append and lists every invalid one by index, id and field path', async () => {
    const engineEvent = { eventId: 'e-3', type: 'lead_definition.activated', occurredAt: '2024-05-01T09:30:00Z', data: { definitionId: 'a', version: 1 } }
    const { response, ports } = await post([touch('e-1'), { ...touch('e-2'), occurredAt: 'yesterday' }, engineEvent, dealIn('EUX'), touch('e-5')])
    expect(response.statusCode).toBe(202)
    const answer = response.json()
    expect(answer).toMatchObject({ accepted: 2, duplicates: 0 })
    expect(answer.rejected.map(({ index, eventId, errors }: { index: number; eventId: string; errors: { path: string }[] }) => ({ index, eventId, paths: errors.map((error) => error.path) }))).toEqual([
      { index: 1, eventId: 'e-2', paths: ['occurredAt', 'occurredAt'] },
      { index: 2, eventId: 'e-3', paths: ['type'] },
      { index: 3, eventId: 'deal-EUX', paths: ['data.currency'] },
    ])
    expect(answer.rejected[1].errors[0].message).toMatch(/^lead_definition\.activated is written by the engine only/)
    expect(ports.sink.appends).toEqual([[touch('e-1'), touch('e-5')]])
  })

  it('checks rates against the reporting currency of its ports, and takes deals in any currency', async () => {
    const rateOf = (currency: string): Event => ({
      eventId: `rate-${currency}`,
      type: 'exchange_rate.recorded',
      occurredAt: '2024-05-01T00:00:00Z',
      data: { currency, rate: '0.92' },
    })
    const inEuros = await post([dealIn('EUR'), dealIn('USD'), rateOf('EUR'), rateOf('USD')], fakePorts({ reportingCurrency: 'EUR' }))
    expect(inEuros.response.json().rejected).toEqual([
      { index: 2, eventId: 'rate-EUR', errors: [{ path: 'data.currency', message: 'is the reporting currency EUR, whose rate is always 1' }] },
    ])
    expect(inEuros.ports.sink.events).toEqual([dealIn('EUR'), dealIn('USD'), rateOf('USD')])
  })

  it('answers 400 and stores nothing when no event is valid', async () => {
    const { personId, channel, touchType } = { personId: 'p-1', channel: 'webinar', touchType: 'webinar_attended' }
    const { response, ports } = await post([{ ...touch('e-1'), data: { personId, channel, touchType } }])
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({
      accepted: 0,
      duplicates: 0,
      rejected: [{ index: 0, eventId: 'e-1', errors: [{ path: 'data.campaignId', message: 'is required' }] }],
    })
    expect(ports.sink.appends).toEqual([])
  })

  it('counts the duplicates the sink reports, repeated in the request or stored before', async () => {
    const ports = fakePorts()
    await post([touch('e-1')], ports)
    const { response } = await post([touch('e-1'), touch('e-2'), touch('e-2')], ports)
    expect(response.statusCode).toBe(202)
    expect(response.json()).toEqual({ accepted: 1, duplicates: 2, rejected: [] })
    expect(ports.sink.events.map((event) => event.eventId)).toEqual(['e-1', 'e-2'])
  })

  it(`refuses more than ${MAX_EVENTS_PER_REQUEST} events with 413 before checking or storing any`, async () => {
    const { response, ports } = await post(Array.from({ length: MAX_EVENTS_PER_REQUEST + 1 }, (_, index) => touch(`e-${index}`)))
    expect(response.statusCode).toBe(413)
    expect(response.json()).toEqual({
      error: 'Payload Too Large',
      message: `a request holds at most ${MAX_EVENTS_PER_REQUEST} events; this one has ${MAX_EVENTS_PER_REQUEST + 1}: split it`,
    })
    expect(ports.sink.appends).toEqual([])
  })

  it(`takes exactly ${MAX_EVENTS_PER_REQUEST} events`, async () => {
    const { response } = await post(Array.from({ length: MAX_EVENTS_PER_REQUEST }, () => ({})))
    expect(response.statusCode).toBe(400)
    expect(response.json().rejected).toHaveLength(MAX_EVENTS_PER_REQUEST)
  })

  it('refuses a body that is neither an event object nor a list, with the path body', async () => {
    const ports = fakePorts()
    const app = await buildApp(ports)
    const response = await app.inject({ method: 'POST', url: '/v1/events', payload: '"a text"', headers: { 'content-type': 'application/json' } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'Bad Request', errors: [{ path: 'body', message: 'must be an event object or a list of event objects' }] })
    expect(ports.sink.appends).toEqual([])
  })

  it('answers 400 with the path body for JSON that does not parse, and 415 for a body that is not JSON', async () => {
    const app = await buildApp(fakePorts())
    const broken = await app.inject({ method: 'POST', url: '/v1/events', payload: '{"eventId":', headers: { 'content-type': 'application/json' } })
    expect(broken.statusCode).toBe(400)
    expect(broken.json()).toMatchObject({ error: 'Bad Request', errors: [{ path: 'body', message: 'is not valid JSON' }] })
    const text = await app.inject({ method: 'POST', url: '/v1/events', payload: 'e-1', headers: { 'content-type': 'text/plain' } })
    expect(text.statusCode).toBe(415)
    expect(text.json().error).toBe('Unsupported Media Type')
  })
})

describe('GET /v1/schema/events', () => {
  it('serves the event contract as JSON Schema', async () => {
    const app = await buildApp(fakePorts())
    const response = await app.inject({ url: '/v1/schema/events' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual(eventJsonSchema())
  })
})
