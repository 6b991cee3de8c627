import { describe, expect, it } from 'vitest'
import type { ErasureRecord } from '@attribution/event-store'
import { fakePorts, InMemoryApiKeys } from '../../testing/index.ts'
import { buildApp } from '../app.ts'
import type { Erasures, EventSink } from '../ports.ts'

const record = (state: ErasureRecord['state'], requestedBy = 'admin-key'): ErasureRecord => ({
  id: 'er-1',
  state,
  requestedAt: '2025-01-01T00:00:00Z',
  requestedBy,
  finishedAt: state === 'done' ? '2025-01-01T00:00:01Z' : null,
  identifiersErased: state === 'done' ? 2 : 0,
  error: null,
})

function erasures(): Erasures & { requests: [string, string][] } {
  const requests: [string, string][] = []
  return {
    requests,
    request: async (personId, requestedBy) => {
      requests.push([personId, requestedBy])
      return record('requested', requestedBy)
    },
    get: async (id) => (id === 'er-1' ? record('done') : undefined),
  }
}

describe('POST /v1/persons/{personId}/erase', () => {
  it('records the erasure by the name of the key that asked, and answers 202 with where to follow it', async () => {
    const keys = new InMemoryApiKeys()
    const key = keys.create('dpo', ['admin'])
    const ports = { ...fakePorts(), keys, erasures: erasures() }
    const app = await buildApp(ports)
    const response = await app.inject({ method: 'POST', url: '/v1/persons/jane%40acme.example/erase', headers: { authorization: `Bearer ${key}` } })
    expect(response.statusCode).toBe(202)
    expect(response.headers.location).toBe('/v1/erasures/er-1')
    expect(response.json()).toEqual(record('requested', 'dpo'))
    expect(ports.erasures.requests).toEqual([['jane@acme.example', 'dpo']])
  })

  it('answers 501 saying why where the deployment keeps no person vault', async () => {
    const app = await buildApp(fakePorts())
    const response = await app.inject({ method: 'POST', url: '/v1/persons/jane/erase' })
    expect(response.statusCode).toBe(501)
    expect(response.json().message).toMatch(/no person vault/)
  })
})

describe('GET /v1/erasures/{id}', () => {
  it("answers an erasure's progress, and 404 for an unknown one", async () => {
    const app = await buildApp({ ...fakePorts(), erasures: erasures() })
    const found = await app.inject({ url: '/v1/erasures/er-1' })
    expect(found.statusCode).toBe(200)
    expect(found.json()).toEqual(record('done'))
    expect((await app.inject({ url: '/v1/erasures/er-2' })).statusCode).toBe(404)
  })
})

describe('POST /v1/events naming an erased person', () => {
  const touch = (eventId: string, personId: string) => ({
    eventId,
    type: 'touchpoint.recorded',
    occurredAt: '2024-05-01T09:30:00Z',
    data: { personId, campaignId: 'c', channel: 'web', touchType: 'page_view' },
  })
  const refusingSink: EventSink = {
    append: async (events) => {
      const refused = events.flatMap((event, index) =>
        (event.data as { personId?: string }).personId === 'jane' ? [{ index, path: 'data.personId', erasureId: 'er-1' }] : [],
      )
      return { appended: events.length - refused.length, duplicates: [], refused }
    },
  }

  it('lists them in rejected, in request order with the invalid ones, saying the person was erased', async () => {
    const app = await buildApp({ ...fakePorts(), sink: refusingSink })
    const response = await app.inject({ method: 'POST', url: '/v1/events', payload: [touch('e-1', 'jane'), { eventId: 'e-2' }, touch('e-3', 'bob')] })
    expect(response.statusCode).toBe(202)
    const answer = response.json()
    expect(answer.accepted).toBe(1)
    expect(answer.rejected.map((refusal: { index: number }) => refusal.index)).toEqual([0, 1])
    expect(answer.rejected[0]).toEqual({
      index: 0,
      eventId: 'e-1',
      errors: [{ path: 'data.personId', message: expect.stringMatching(/^names a person who was erased \(erasure er-1\)/) }],
    })
    const metrics = (await app.inject({ url: '/metrics' })).body
    expect(metrics).toMatch(/attribution_events_total\{outcome="rejected",reason="erased_person"\} 1/)
  })

  it('answers 400 when every event was refused', async () => {
    const app = await buildApp({ ...fakePorts(), sink: refusingSink })
    const response = await app.inject({ method: 'POST', url: '/v1/events', payload: [touch('e-1', 'jane')] })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ accepted: 0, duplicates: 0, rejected: [{ index: 0, eventId: 'e-1' }] })
  })
})
