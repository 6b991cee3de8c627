import { describe, expect, it } from 'vitest'
import { engineStatus, fakePorts, InMemoryApiKeys } from '../../testing/index.ts'
import { buildApp } from '../app.ts'
import { defaultLimits } from '../limits.ts'

describe('rate limit per key', () => {
  it('Given a limit of 3 a minute, When a key makes a 4th request, Then 429 with Retry-After; other keys and public routes go on', async () => {
    const keys = new InMemoryApiKeys()
    const busy = keys.create('busy', ['read'])
    const quiet = keys.create('quiet', ['read'])
    const app = await buildApp({ ...fakePorts({ status: async () => engineStatus() }), keys }, {}, { ...defaultLimits, rateLimitPerMinute: 3 })
    const asked = (key: string) => app.inject({ url: '/v1/status', headers: { authorization: `Bearer ${key}` } })
    for (let request = 0; request < 3; request++) expect((await asked(busy)).statusCode).toBe(200)
    const refused = await asked(busy)
    expect(refused.statusCode).toBe(429)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    expect(refused.json().message).toMatch(/3 requests of the minute.*RATE_LIMIT_PER_MINUTE/)
    expect((await asked(quiet)).statusCode).toBe(200)
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200)
  })

  it('does not count requests without a key (protected mode: this machine only)', async () => {
    const app = await buildApp(fakePorts({ status: async () => engineStatus() }), {}, { ...defaultLimits, rateLimitPerMinute: 2 })
    for (let request = 0; request < 5; request++) expect((await app.inject({ url: '/v1/status' })).statusCode).toBe(200)
  })
})
