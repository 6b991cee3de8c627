import { describe, expect, it } from 'vitest'
import { engineStatus, fakePorts, funnelAnswer, InMemoryApiKeys, resolvedDefinition } from '../../testing/index.ts'
import { buildApp } from '../app.ts'
import { RequestError } from '../errors.ts'
import { defaultLimits } from '../limits.ts'
import { QueryGate } from './queryGate.ts'

describe('QueryGate', () => {
  it('lets a client hold at most its share, serves waiting clients fairly, and refuses beyond the queue', async () => {
    const gate = new QueryGate({ concurrent: 2, perClient: 1, queued: 2 })
    const leaveA = await gate.enter('a')
    const order: string[] = []
    const secondA = gate.enter('a').then((leave) => (order.push('a'), leave))
    const b = await gate.enter('b')
    expect(gate.inUse).toBe(2)
    const c = gate.enter('c').then((leave) => (order.push('c'), leave))
    await expect(gate.enter('d')).rejects.toBeInstanceOf(RequestError)
    // b leaves: a still holds its share, so c, which waited after a's second query, goes first.
    b()
    ;(await c)()
    expect(order).toEqual(['c'])
    leaveA()
    ;(await secondA)()
    expect(order).toEqual(['c', 'a'])
    expect(gate.inUse).toBe(0)
  })
})

describe('expensive routes under the cap', () => {
  it('answers 503 with Retry-After once too many expensive queries wait, and counts them in /metrics', async () => {
    let finish: () => void = () => undefined
    const held = new Promise<void>((resolve) => (finish = resolve))
    const keys = new InMemoryApiKeys()
    const reader = keys.create('reader', ['read'])
    const ports = fakePorts({
      status: async () => engineStatus(),
      queries: { resolveDefinition: async () => resolvedDefinition('intent', 1, { active: true }), funnel: async () => (await held, funnelAnswer()) },
    })
    const app = await buildApp({ ...ports, keys }, {}, { ...defaultLimits, queries: { concurrent: 1, perClient: 1, queued: 1 } })
    const headers = { authorization: `Bearer ${reader}` }
    const running = app.inject({ url: '/v1/funnel', headers })
    const waiting = app.inject({ url: '/v1/funnel', headers })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const metrics = (await app.inject({ url: '/metrics', headers })).body
    expect(metrics).toContain('attribution_expensive_queries_running 1')
    expect(metrics).toContain('attribution_expensive_queries_queued 1')
    const refused = await app.inject({ url: '/v1/funnel', headers })
    expect(refused.statusCode).toBe(503)
    expect(refused.headers['retry-after']).toBe('1')
    finish()
    expect((await running).statusCode).toBe(200)
    expect((await waiting).statusCode).toBe(200)
    expect((await app.inject({ url: '/v1/funnel', headers })).statusCode).toBe(200)
  })
})
