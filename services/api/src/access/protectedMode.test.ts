import { describe, expect, it } from 'vitest'
import { engineStatus, fakePorts, InMemoryApiKeys } from '../../testing/index.ts'
import { buildApp } from '../app.ts'
import { defaultLimits } from '../limits.ts'

const withStatus = () => fakePorts({ status: async () => engineStatus() })

describe('protected mode: while no key exists', () => {
  it('Given no key, When a client on this machine asks without one, Then it is answered', async () => {
    const app = await buildApp({ ...withStatus(), keys: new InMemoryApiKeys() })
    expect((await app.inject({ url: '/v1/status' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/v1/status', remoteAddress: '::1', headers: { host: '[::1]:3000' } })).statusCode).toBe(200)
  })

  it('Given no key, When a client on another machine asks, Then it is refused, told how to create a key', async () => {
    const app = await buildApp({ ...withStatus(), keys: new InMemoryApiKeys() })
    const response = await app.inject({ url: '/v1/status', remoteAddress: '10.1.2.3' })
    expect(response.statusCode).toBe(403)
    expect(response.json().message).toMatch(/protected mode.*attribution keys create/)
  })

  it('Given no key, When a proxy on this machine relays a request, or the Host is not a loopback name, Then it is refused', async () => {
    const app = await buildApp({ ...withStatus(), keys: new InMemoryApiKeys() })
    const relayed = await app.inject({ url: '/v1/status', headers: { 'x-forwarded-for': '203.0.113.9' } })
    expect(relayed.statusCode).toBe(403)
    // DNS rebinding: a page on attacker.example whose name now resolves to 127.0.0.1.
    const rebound = await app.inject({ url: '/v1/status', headers: { host: 'attacker.example:3000' } })
    expect(rebound.statusCode).toBe(403)
  })

  it('Given no key store at all, Then the API stays in protected mode', async () => {
    const app = await buildApp(withStatus())
    expect((await app.inject({ url: '/v1/status' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/v1/status', remoteAddress: '192.0.2.1' })).statusCode).toBe(403)
  })

  it('keeps public routes open to everyone', async () => {
    const app = await buildApp({ ...withStatus(), keys: new InMemoryApiKeys() })
    expect((await app.inject({ url: '/healthz', remoteAddress: '10.1.2.3' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/docs/json', remoteAddress: '10.1.2.3' })).statusCode).toBe(200)
  })
})

describe('once a key exists', () => {
  it('Given a key, When a client on this machine asks without one, Then it is answered 401 with WWW-Authenticate: Bearer', async () => {
    const keys = new InMemoryApiKeys()
    keys.create('ops', ['read'])
    const app = await buildApp({ ...withStatus(), keys })
    const response = await app.inject({ url: '/v1/status' })
    expect(response.statusCode).toBe(401)
    expect(response.headers['www-authenticate']).toBe('Bearer realm="attribution"')
    expect(response.json().message).toContain('Authorization: Bearer <key>')
  })

  it('Given a key, When a client sends an unknown key or another scheme, Then 401', async () => {
    const keys = new InMemoryApiKeys()
    keys.create('ops', ['read'])
    const app = await buildApp({ ...withStatus(), keys })
    const unknown = await app.inject({ url: '/v1/status', headers: { authorization: 'Bearer attr_nope' } })
    expect(unknown.statusCode).toBe(401)
    expect(unknown.headers['www-authenticate']).toContain('error="invalid_token"')
    const basic = await app.inject({ url: '/v1/status', headers: { authorization: 'Basic b3BzOnNlY3JldA==' } })
    expect(basic.statusCode).toBe(401)
  })

  it('Given a key, When it is revoked, Then requests with it are refused once the keys are read again', async () => {
    const keys = new InMemoryApiKeys()
    const key = keys.create('ops', ['read'])
    const app = await buildApp({ ...withStatus(), keys }, {}, { ...defaultLimits, keyRing: { ttlMs: 20 } })
    const asked = () => app.inject({ url: '/v1/status', headers: { authorization: `Bearer ${key}` } })
    expect((await asked()).statusCode).toBe(200)
    keys.revoke('ops')
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect((await asked()).statusCode).toBe(401)
  })

  it('Given a key created after the API read the keys, Then it is taken at once', async () => {
    const keys = new InMemoryApiKeys()
    keys.create('first', ['read'])
    const app = await buildApp({ ...withStatus(), keys }, {}, { ...defaultLimits, keyRing: { ttlMs: 60_000, rereadOnMissMs: 0 } })
    await app.inject({ url: '/v1/status' })
    const second = keys.create('second', ['read'])
    expect((await app.inject({ url: '/v1/status', headers: { authorization: `Bearer ${second}` } })).statusCode).toBe(200)
  })

  it('records when a key was last used, at most once a minute per process', async () => {
    let now = 0
    const keys = new InMemoryApiKeys()
    const key = keys.create('ops', ['read'])
    const app = await buildApp({ ...withStatus(), keys }, {}, { ...defaultLimits, keyRing: { now: () => now } })
    const asked = () => app.inject({ url: '/v1/status', headers: { authorization: `Bearer ${key}` } })
    await asked()
    expect(keys.uses).toEqual([])
    now = 61_000
    await asked()
    await asked()
    expect(keys.uses.map((use) => use.names)).toEqual([['ops']])
  })

  it('answers 503 with Retry-After when the keys cannot be read', async () => {
    const keys = { active: async () => Promise.reject(new Error('connection refused')), markUsed: async () => undefined }
    const app = await buildApp({ ...withStatus(), keys })
    const response = await app.inject({ url: '/v1/status', headers: { authorization: 'Bearer attr_x' } })
    expect(response.statusCode).toBe(503)
    expect(response.headers['retry-after']).toBe('5')
  })
})
