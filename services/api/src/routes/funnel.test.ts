import { describe, expect, it } from 'vitest'
import {
  fakePorts,
  funnelAnswer,
  handoffsAnswer,
  injectTimed,
  portRefusal,
  resolvedDefinition,
  type ResolvedDefinition,
} from '../../testing/index.ts'
import { buildApp } from '../app.ts'

function reportPorts(resolved: ResolvedDefinition | Error = resolvedDefinition('intent-and-fit', 2, { active: true, slaHours: 24 })) {
  return fakePorts({
    queries: {
      resolveDefinition: async () => (resolved instanceof Error ? Promise.reject(resolved) : resolved),
      funnel: async () => funnelAnswer(),
      handoffs: async () => handoffsAnswer(),
    },
  })
}

async function get(url: string, ports = reportPorts()) {
  return { ports, ...(await injectTimed(await buildApp(ports), { url })) }
}

describe('GET /v1/funnel', () => {
  it('reads the active definition as of now over all time, and answers the funnel with the settings it used', async () => {
    const { response, ports, before, after } = await get('/v1/funnel')
    expect(response.statusCode).toBe(200)
    expect(ports.callsOf('queries.resolveDefinition')).toEqual([[undefined]])
    const [[asked]] = ports.callsOf('queries.funnel') as [[{ asOf: string }]]
    expect(asked).toEqual({ groupBy: 'none', asOf: asked.asOf, definition: { definitionId: 'intent-and-fit', version: 2 } })
    expect(asked.asOf >= before && asked.asOf <= after).toBe(true)
    expect(response.json()).toEqual({
      definition: { definitionId: 'intent-and-fit', version: 2, active: true },
      from: null,
      to: null,
      asOf: asked.asOf,
      groupBy: 'none',
      ...funnelAnswer(),
    })
  })

  it('passes the window, the moment and the grouping asked for, under the definition named', async () => {
    const named = resolvedDefinition('intent-and-fit', 3)
    const { response, ports } = await get(
      '/v1/funnel?definition=intent-and-fit@3&from=2024-01-01&to=2024-04-01&asOf=2024-06-30T18:00:00-04:00&groupBy=campaign',
      reportPorts(named),
    )
    expect(response.statusCode).toBe(200)
    expect(ports.callsOf('queries.resolveDefinition')).toEqual([['intent-and-fit@3']])
    const settings = { from: '2024-01-01T00:00:00.000Z', to: '2024-04-01T00:00:00.000Z', asOf: '2024-06-30T22:00:00.000Z', groupBy: 'campaign' }
    expect(ports.callsOf('queries.funnel')).toEqual([[{ ...settings, definition: { definitionId: 'intent-and-fit', version: 3 } }]])
    expect(response.json()).toMatchObject({ ...settings, definition: { definitionId: 'intent-and-fit', version: 3, active: false } })
  })

  it('answers the refusal of resolving the definition (none active: 409) and asks nothing more', async () => {
    const refusal = portRefusal(409, 'no lead definition is active: publish one, replay it, then activate it (see /docs)')
    const { response, ports } = await get('/v1/funnel', reportPorts(refusal))
    expect(response.statusCode).toBe(409)
    expect(response.json()).toEqual({ error: 'Conflict', message: refusal.message })
    expect(ports.callsOf('queries.funnel')).toEqual([])
  })

  it.each([
    ['a window ending where it starts', 'from=2024-03-01&to=2024-03-01', 'querystring.to'],
    ['an unknown grouping', 'groupBy=region', 'querystring.groupBy'],
    ['a moment that is no date', 'asOf=soon', 'querystring.asOf'],
    ['a moment outside business time', 'asOf=1899-12-31', 'querystring.asOf'],
    ['a definition version that is not a number', 'definition=intent-and-fit@two', 'querystring.definition'],
  ])('refuses %s with 400 and its path, asking nothing', async (_, query, path) => {
    const { response, ports } = await get(`/v1/funnel?${query}`)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'Bad Request', errors: [{ path }] })
    expect(response.json().errors).toHaveLength(1)
    expect(ports.calls).toEqual([])
  })
})

describe('GET /v1/handoffs', () => {
  it("answers the handoff health with the definition's SLA, asked like the funnel", async () => {
    const { response, ports } = await get('/v1/handoffs?from=2024-01-01&asOf=2024-02-01&groupBy=channel')
    expect(response.statusCode).toBe(200)
    const settings = { from: '2024-01-01T00:00:00.000Z', asOf: '2024-02-01T00:00:00.000Z', groupBy: 'channel' }
    expect(ports.callsOf('queries.handoffs')).toEqual([[{ ...settings, definition: { definitionId: 'intent-and-fit', version: 2 } }]])
    expect(response.json()).toEqual({
      definition: { definitionId: 'intent-and-fit', version: 2, active: true },
      ...settings,
      to: null,
      slaHours: 24,
      ...handoffsAnswer(),
    })
  })

  it('answers slaHours null under a definition without an SLA', async () => {
    const { response } = await get('/v1/handoffs', reportPorts(resolvedDefinition('activity-based', 1, { active: true })))
    expect(response.statusCode).toBe(200)
    expect(response.json().slaHours).toBeNull()
  })
})
