import { describe, expect, it } from 'vitest'
import { engineStatus, fakePorts } from '../../testing/index.ts'
import { buildApp } from '../app.ts'

describe('GET /v1/status', () => {
  it("answers the event store's head and every projection's checkpoint and lag as the engine reports them", async () => {
    const ports = fakePorts({ status: async () => engineStatus() })
    const app = await buildApp(ports)
    const response = await app.inject({ url: '/v1/status' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual(engineStatus())
    expect(ports.callsOf('status')).toEqual([[]])
  })

  it('answers an empty store with a null head', async () => {
    const empty = { eventStore: { head: null, events: 0 }, projections: [{ ...engineStatus().projections[0]!, position: null, eventsProcessed: 0, lag: 0 }] }
    const app = await buildApp(fakePorts({ status: async () => empty }))
    const response = await app.inject({ url: '/v1/status' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual(empty)
  })
})

describe('GET /healthz', () => {
  it('answers ok without asking the engine anything', async () => {
    const ports = fakePorts()
    const app = await buildApp(ports)
    const response = await app.inject({ url: '/healthz' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok' })
    expect(ports.calls).toEqual([])
  })
})
