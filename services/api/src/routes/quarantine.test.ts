import { describe, expect, it } from 'vitest'
import { maxEventIdLength } from '@attribution/contracts'
import { fakePorts, quarantinedEvent } from '../../testing/index.ts'
import { buildApp } from '../app.ts'

const setAside = [
  quarantinedEvent('e-1', { position: { commit: 812n, prepare: 4n }, quarantinedAt: Date.UTC(2024, 5, 1, 12), updatedAt: Date.UTC(2024, 5, 2, 8, 15) }),
  quarantinedEvent('e-2', { state: 'reapplied', attempts: 3, position: { commit: 900n, prepare: 0n }, quarantinedAt: 0, updatedAt: 1_000 }),
]

/** Ports whose quarantine holds `setAside` and retries whatever it is asked to. */
function quarantinePorts() {
  return fakePorts({
    quarantine: {
      list: async () => setAside,
      retry: async (eventIds) => setAside.filter((event) => eventIds === undefined || eventIds.includes(event.eventId)),
    },
  })
}

/** `setAside` as the API answers it: positions as commit/prepare, times as ISO instants, the rest as they are. */
const asAnswered = [
  { position: '812/4', state: 'quarantined', attempts: 2, quarantinedAt: '2024-06-01T12:00:00.000Z', updatedAt: '2024-06-02T08:15:00.000Z' },
  { position: '900/0', state: 'reapplied', attempts: 3, quarantinedAt: '1970-01-01T00:00:00.000Z', updatedAt: '1970-01-01T00:00:01.000Z' },
].map((answered, index) => {
  const { projection, eventId, eventType, occurredAt, error } = setAside[index]!
  return { projection, eventId, eventType, occurredAt, error, ...answered }
})

describe('GET /v1/quarantine', () => {
  it('lists up to 1000 events in every state by default, in the answer shape', async () => {
    const ports = quarantinePorts()
    const app = await buildApp(ports)
    const response = await app.inject({ url: '/v1/quarantine' })
    expect(response.statusCode).toBe(200)
    expect(ports.callsOf('quarantine.list')).toEqual([[{ limit: 1000 }]])
    expect(response.json()).toEqual({ events: asAnswered })
  })

  it('passes the state and the limit asked for', async () => {
    const ports = quarantinePorts()
    const app = await buildApp(ports)
    const response = await app.inject({ url: '/v1/quarantine?state=retry_requested&limit=25' })
    expect(response.statusCode).toBe(200)
    expect(ports.callsOf('quarantine.list')).toEqual([[{ states: ['retry_requested'], limit: 25 }]])
  })

  it.each([
    ['an unknown state', 'state=lost', 'querystring.state'],
    ['a limit of 0', 'limit=0', 'querystring.limit'],
    ['a limit above 10000', 'limit=10001', 'querystring.limit'],
    ['a limit that is not whole', 'limit=2.5', 'querystring.limit'],
  ])('refuses %s with 400 and its path, asking nothing', async (_, query, path) => {
    const ports = quarantinePorts()
    const app = await buildApp(ports)
    const response = await app.inject({ url: `/v1/quarantine?${query}` })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'Bad Request', errors: [{ path }] })
    expect(ports.calls).toEqual([])
  })
})

describe('POST /v1/quarantine/retry', () => {
  it('asks to retry every quarantined event when no ids are given, and answers 202 with them as requested', async () => {
    const ports = quarantinePorts()
    const app = await buildApp(ports)
    const response = await app.inject({ method: 'POST', url: '/v1/quarantine/retry' })
    expect(response.statusCode).toBe(202)
    expect(ports.callsOf('quarantine.retry')).toEqual([[undefined]])
    expect(response.json()).toEqual({ retrying: asAnswered.map((event) => ({ ...event, state: 'retry_requested' })) })
  })

  it('asks to retry the events named', async () => {
    const ports = quarantinePorts()
    const app = await buildApp(ports)
    const response = await app.inject({ method: 'POST', url: '/v1/quarantine/retry', payload: { eventIds: ['e-2', 'e-7'] } })
    expect(response.statusCode).toBe(202)
    expect(ports.callsOf('quarantine.retry')).toEqual([[['e-2', 'e-7']]])
    expect(response.json().retrying.map((event: { eventId: string; state: string }) => [event.eventId, event.state])).toEqual([['e-2', 'retry_requested']])
  })

  it.each([
    ['an empty list', { eventIds: [] }, 'body.eventIds'],
    ['an id holding NUL', { eventIds: ['e-1', 'e\u00002'] }, 'body.eventIds[1]'],
    ['an id longer than any event id', { eventIds: ['e'.repeat(maxEventIdLength + 1)] }, 'body.eventIds[0]'],
    ['ids that are not texts', { eventIds: [7] }, 'body.eventIds[0]'],
  ])('refuses %s with 400 and its path, asking nothing', async (_, payload, path) => {
    const ports = quarantinePorts()
    const app = await buildApp(ports)
    const response = await app.inject({ method: 'POST', url: '/v1/quarantine/retry', payload })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'Bad Request', errors: [{ path }] })
    expect(ports.calls).toEqual([])
  })
})
