import { describe, expect, it } from 'vitest'
import { maxIdLength, type Event } from '@attribution/contracts'
import { fakePorts, injectTimed, type SavedCustomModel } from '../../testing/index.ts'
import { buildApp } from '../app.ts'

const noWeights = { FT: 0, LC: 0, MQL: 0, OC: 0, CW: 0, middle: 0 }

async function put(name: string, payload: unknown, ports = fakePorts(), headers: Record<string, string> = {}) {
  const request = { method: 'PUT' as const, url: `/v1/attribution/models/${name}`, payload: payload as object, headers }
  return { ports, ...(await injectTimed(await buildApp(ports), request)) }
}

/** A save of `ours` by another writer. */
const savedEvent = (eventId: string, weights: Record<string, number>): Event => ({
  eventId,
  type: 'attribution_model.saved',
  occurredAt: '2024-03-01T00:00:00.000Z',
  data: { name: 'ours', weights },
})

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

  it("answers with the save's revision in the model's stream as its ETag", async () => {
    const ports = fakePorts()
    const first = await put('ours', { weights: { FT: 100 } }, ports)
    const second = await put('ours', { weights: { LC: 100 } }, ports)
    const other = await put('theirs', { weights: { LC: 100 } }, ports)
    expect([first, second, other].map(({ response }) => [response.statusCode, response.headers.etag])).toEqual([
      [202, '"0"'],
      [202, '"1"'],
      [202, '"0"'],
    ])
  })

  it('records a save racing another one after it, at the next revision: the latest save holds', async () => {
    const ports = fakePorts()
    await put('ours', { weights: { FT: 100 } }, ports)
    ports.registry.appendAfterNextRead('attribution-model-ours', [savedEvent('racer', { CW: 100 })])
    const { response } = await put('ours', { weights: { LC: 100 } }, ports)
    expect([response.statusCode, response.headers.etag]).toEqual([202, '"2"'])
    expect(ports.registry.events.map((event) => event.data)).toEqual([
      { name: 'ours', weights: { FT: 100 } },
      { name: 'ours', weights: { CW: 100 } },
      { name: 'ours', weights: { LC: 100 } },
    ])
  })

  it('saves with If-Match only while the model is at that revision, and answers 412 otherwise, recording nothing', async () => {
    const ports = fakePorts()
    await put('ours', { weights: { FT: 100 } }, ports)
    const current = await put('ours', { weights: { LC: 100 } }, ports, { 'if-match': '"0"' })
    expect([current.response.statusCode, current.response.headers.etag]).toEqual([202, '"1"'])
    const stale = await put('ours', { weights: { OC: 100 } }, ports, { 'if-match': '"0"' })
    expect(stale.response.statusCode).toBe(412)
    expect(stale.response.json()).toEqual({
      error: 'Precondition Failed',
      message: 'ours is at revision 1: it was saved again since revision 0; look at its weights (GET /v1/attribution/models), then save with If-Match: "1" to replace them',
    })
    const never = await put('nobody', { weights: { OC: 100 } }, ports, { 'if-match': '0' })
    expect(never.response.json().message).toBe('nobody was never saved; look at its weights (GET /v1/attribution/models), then save it without If-Match')
    expect(ports.registry.events.map((event) => event.data)).toEqual([
      { name: 'ours', weights: { FT: 100 } },
      { name: 'ours', weights: { LC: 100 } },
    ])
  })

  it('answers 412 when a racing save moved the model past the If-Match revision', async () => {
    const ports = fakePorts()
    await put('ours', { weights: { FT: 100 } }, ports)
    ports.registry.appendAfterNextRead('attribution-model-ours', [savedEvent('racer', { CW: 100 })])
    const { response } = await put('ours', { weights: { LC: 100 } }, ports, { 'if-match': '"0"' })
    expect(response.statusCode).toBe(412)
    expect(ports.registry.events).toHaveLength(2)
  })

  it.each([['W/"1"'], ['"one"'], ['"1", "2"'], ['*']])('refuses If-Match: %s with 400 and its path, recording nothing', async (tag) => {
    const { response, ports } = await put('ours', { weights: { FT: 100 } }, fakePorts(), { 'if-match': tag })
    expect(response.statusCode).toBe(400)
    expect(response.json().errors).toEqual([{ path: 'headers.if-match', message: 'must be the ETag of a save of this model, such as "3"' }])
    expect(ports.registry.appends).toEqual([])
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
