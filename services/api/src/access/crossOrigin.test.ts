import { describe, expect, it } from 'vitest'
import { fakePorts } from '../../testing/index.ts'
import { buildApp } from '../app.ts'
import { defaultLimits } from '../limits.ts'

const event = {
  eventId: 't-1',
  type: 'touchpoint.recorded',
  occurredAt: '2024-01-10T09:00:00Z',
  data: { anonymousId: 'cookie-7', campaignId: 'spring', channel: 'webinar', touchType: 'form_fill' },
}

/** In protected mode, as `npm start` runs: the requests come from this machine, as a browser's on it would. */
async function localApp(corsOrigins: string[] = []) {
  const ports = fakePorts()
  const app = await buildApp(ports, {}, { ...defaultLimits, corsOrigins })
  return { app, ports }
}

describe('writes a page on another origin could send', () => {
  it('refuses a text/plain body from another origin, storing nothing', async () => {
    const { app, ports } = await localApp()
    const response = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { origin: 'https://attacker.example', 'content-type': 'text/plain' },
      payload: JSON.stringify(event),
    })
    expect(response.statusCode).toBe(403)
    expect(response.json().message).toContain('CORS_ORIGINS')
    expect(ports.sink.events).toEqual([])
  })

  it('refuses a text/plain body even without an Origin: no body is read under rules nobody documented', async () => {
    const { app, ports } = await localApp()
    const response = await app.inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(event) })
    expect(response.statusCode).toBe(415)
    expect(ports.sink.events).toEqual([])
  })

  it('refuses an empty-bodied write from another origin (a retry of quarantined events)', async () => {
    const ports = fakePorts({ quarantine: { retry: async () => [] } })
    const app = await buildApp(ports)
    const response = await app.inject({ method: 'POST', url: '/v1/quarantine/retry', headers: { origin: 'null' } })
    expect(response.statusCode).toBe(403)
    expect(ports.callsOf('quarantine.retry')).toEqual([])
    // The same request from a terminal on this machine goes through: only the page's origin made the difference.
    const fromTerminal = await app.inject({ method: 'POST', url: '/v1/quarantine/retry' })
    expect(fromTerminal.statusCode, fromTerminal.body).toBeLessThan(300)
    expect(ports.callsOf('quarantine.retry')).toHaveLength(1)
  })

  it('refuses a write a browser marks cross-site even without an Origin', async () => {
    const { app } = await localApp()
    const response = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      payload: JSON.stringify(event),
    })
    expect(response.statusCode).toBe(403)
  })

  it('refuses a write whose Host is not this machine while no key exists (DNS rebinding)', async () => {
    const { app, ports } = await localApp()
    const response = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { host: 'attacker.example:3000', origin: 'http://attacker.example:3000', 'content-type': 'application/json' },
      payload: JSON.stringify(event),
    })
    expect(response.statusCode).toBe(403)
    expect(ports.sink.events).toEqual([])
  })

  it("takes writes from the API's own pages (the dashboard it serves)", async () => {
    const { app } = await localApp()
    const response = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { host: 'localhost:3000', origin: 'http://localhost:3000', 'content-type': 'application/json' },
      payload: JSON.stringify(event),
    })
    expect(response.statusCode).toBe(202)
  })

  it('takes writes from an origin allowed in CORS_ORIGINS, and answers its preflight', async () => {
    const { app } = await localApp(['https://bi.example.com'])
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/v1/events',
      headers: { origin: 'https://bi.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    })
    expect(preflight.statusCode).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe('https://bi.example.com')
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('authorization')
    const write = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { origin: 'https://bi.example.com', 'content-type': 'application/json' },
      payload: JSON.stringify(event),
    })
    expect(write.statusCode).toBe(202)
    expect(write.headers['access-control-allow-origin']).toBe('https://bi.example.com')
    const other = await app.inject({
      method: 'OPTIONS',
      url: '/v1/events',
      headers: { origin: 'https://attacker.example', 'access-control-request-method': 'POST' },
    })
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
  })
})
