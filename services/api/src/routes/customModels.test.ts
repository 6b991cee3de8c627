import { describe, expect, it } from 'vitest'
import { maxIdLength, type Event } from '@attribution/contracts'
import { fakePorts, injectTimed, type SavedCustomModel } from '../../testing/index.ts'
import { buildApp } from '../app.ts'

const noWeights = { FT: 0, LC: 0, MQL: 0, OC: 0, CW: 0, middle: 0 }

async function put(name: string, payload: unknown, ports = fakePorts()) {
  const request = { method: 'PUT' as const, url: `/v1/attribution/models/${name}`, payload: payload as object }
  return { ports, ...(await injectTimed(await buildApp(ports), request)) }
}

describe('PUT /v1/attribution/models/:name', () => {
  it('records the weights chosen as an attribution_model.saved event in the registry and answers 202', async () => {
    const { response, ports, before, after } = await put('ours', { weights: { FT: 30, LC: 30, OC: 30, middle: 10 } })
    expect(response.statusCode).toBe(202)
    expect(response.json()).toEqual({ name: 'ours', weights: { ...noWeights, FT: 30, LC: 30, OC: 30, middle: 10 }, savedAt: null, answers: null })
    expect(ports.registry.appends).toHaveLength(1)
    const [[saved]] = ports.registry.appends as [[Event]]
    expect(saved).toEqual({
      eventId: saved.eventId,
      type: 'attribution_model.saved',
      occurredAt: saved.occurredAt,
      data: { name: 'ours', weights: { FT: 30, LC: 30, OC: 30, middle: 10 } },
    })
    expect(saved.eventId).toMatch(/^attribution-model-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(saved.occurredAt >= before && saved.occurredAt <= after).toBe(true)
    expect(ports.sink.appends).toEqual([])
  })

  it('takes the weights in the query-string form too, and records every save anew', async () => {
    const ports = fakePorts()
    await put('ours', { weights: 'ft:25,lc:25,oc:25,cw:25' }, ports)
    const { response } = await put('ours', { weights: 'ft:25,lc:25,oc:25,cw:25' }, ports)
    expect(response.statusCode).toBe(202)
    expect(response.json().weights).toEqual({ ...noWeights, FT: 25, LC: 25, OC: 25, CW: 25 })
    const events = ports.registry.events
    expect(events.map((event) => event.data)).toEqual([
      { name: 'ours', weights: { FT: 25, LC: 25, OC: 25, CW: 25 } },
      { name: 'ours', weights: { FT: 25, LC: 25, OC: 25, CW: 25 } },
    ])
    expect(events[0]?.eventId).not.toBe(events[1]?.eventId)
  })

  it.each([
    ['weights that do not sum to 100', { weights: { FT: 60, LC: 50 } }, ['body.weights']],
    ['a weight that is no number', { weights: { FT: 'half', LC: 50 } }, ['body.weights.FT']],
    ['an unknown position', { weights: { FT: 50, XX: 50 } }, ['body.weights.XX']],
    ['a query-string part that is no position', { weights: 'ft:50,xx:50' }, ['body.weights[1]']],
    ['no weights', {}, ['body.weights']],
  ])('refuses %s with 400 and the path of each problem in the body, recording nothing', async (_, payload, paths) => {
    const { response, ports } = await put('ours', payload)
    expect(response.statusCode).toBe(400)
    expect(response.json().error).toBe('Bad Request')
    expect(response.json().errors.map((error: { path: string }) => error.path)).toEqual(paths)
    expect(ports.registry.appends).toEqual([])
  })

  it.each([
    ['starting with a dash', '-ours'],
    ['holding a space', 'our%20model'],
    ['longer than any id', 'm'.repeat(maxIdLength + 1)],
  ])('refuses a name %s with 400 and the path params.name, recording nothing', async (_, name) => {
    const { response, ports } = await put(name, { weights: { FT: 100 } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'Bad Request', errors: [{ path: 'params.name' }] })
    expect(ports.registry.appends).toEqual([])
  })
})

describe('GET /v1/attribution/models', () => {
  it('answers every saved model as the query gives them', async () => {
    const models: SavedCustomModel[] = [
      { name: 'ours', weights: { ...noWeights, FT: 40, OC: 60 }, savedAt: '2024-05-01T00:00:00.000Z', position: '5/1', answers: 'precomputed' },
      { name: 'mql-heavy', weights: { ...noWeights, MQL: 100 }, savedAt: '2024-05-02T00:00:00.000Z', position: '9/2', answers: 'from milestones' },
    ]
    const ports = fakePorts({ queries: { customModels: async () => models } })
    const app = await buildApp(ports)
    const response = await app.inject({ url: '/v1/attribution/models' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ models: models.map(({ position: _position, ...model }) => model) })
    expect(ports.callsOf('queries.customModels')).toEqual([[]])
  })
})
